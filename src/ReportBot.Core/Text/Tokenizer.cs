using System.Globalization;
using System.Text;

namespace ReportBot.Core.Text;

/// <summary>A token of text with its character offsets.</summary>
/// <param name="Text">The token as lowercase text (numbers without thousands separators).</param>
/// <param name="Start">Offset of the first character.</param>
/// <param name="End">Offset after the last character.</param>
/// <param name="IsNumber">True for numeric tokens.</param>
public readonly record struct Token(string Text, int Start, int End, bool IsNumber);

/// <summary>
/// Splits text into lowercase word and number tokens. Numbers keep their decimal point and lose
/// thousands separators ("20,000" → "20000"); words keep inner apostrophes and hyphens split into parts.
/// </summary>
public static class Tokenizer
{
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                var sb = new StringBuilder();
                while (i < text.Length)
                {
                    var ch = text[i];
                    if (char.IsAsciiDigit(ch)) { sb.Append(ch); i++; }
                    else if ((ch == ',' || ch == '.') && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])
                             && sb.Length > 0)
                    {
                        // A comma followed by exactly three digits is a thousands separator; a dot is a decimal point.
                        if (ch == ',' && CountDigits(text, i + 1) == 3) { i++; continue; }
                        if (ch == '.' && !sb.ToString().Contains('.')) { sb.Append('.'); i++; continue; }
                        break;
                    }
                    else break;
                }
                // Glued unit suffixes such as "170mm" are split into the number and the unit.
                tokens.Add(new Token(sb.ToString(), start, i, true));
                continue;
            }
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || ((text[i] == '\'' || text[i] == '’') && i + 1 < text.Length && char.IsLetter(text[i + 1]))))
                    i++;
                // One allocation: lowercased, typographic apostrophes made plain, in a single pass.
                var word = string.Create(i - start, (text, start), static (dst, st) =>
                {
                    for (var k = 0; k < dst.Length; k++)
                    {
                        var ch = st.text[st.start + k];
                        dst[k] = ch == '’' ? '\'' : char.ToLowerInvariant(ch);
                    }
                });
                if (word.EndsWith("'s", StringComparison.Ordinal)) word = word[..^2];
                tokens.Add(new Token(word, start, i, false));
                continue;
            }
            i++;
        }
        return tokens;
    }

    private static int CountDigits(string text, int from)
    {
        var n = 0;
        while (from + n < text.Length && char.IsAsciiDigit(text[from + n])) n++;
        return n;
    }

    /// <summary>Parses a numeric token ("20000", "1.5") to a double.</summary>
    public static double ParseNumber(string token) => double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
}
