using System.Text.RegularExpressions;

namespace ReportBot.Core.Claims;

/// <summary>Finds who a sentence attributes its statement to ("according to X", "X said", "X told ...").</summary>
public static partial class AttributionFinder
{
    private static readonly HashSet<string> Pronouns = new(StringComparer.OrdinalIgnoreCase) { "it", "he", "she", "they", "we", "i", "this", "that", "which", "who" };

    public static string? Find(string sentence)
    {
        var m = AccordingTo().Match(sentence);
        if (m.Success) return Clean(m.Groups["a"].Value);
        foreach (Match v in ReportingVerb().Matches(sentence))
        {
            var before = sentence[..v.Index];
            // The subject: the words after the last clause break before the verb.
            // "… when the recall was announced": a passive reporting verb names no source.
            if (Passive().IsMatch(before)) continue;
            var cut = before.LastIndexOfAny([',', ';', '“', '”', '"', '(', ':']);
            var subject = TrailingAdverbs().Replace(before[(cut + 1)..].Trim(), "").Trim();
            var words = subject.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            if (words.Length > 9) subject = string.Join(' ', words[^9..]);
            // A source is named by words, not by the tail of a figure ("000 when the recall").
            if (Pronouns.Contains(words[0]) || subject.Length == 0 || char.IsDigit(subject[0])) continue;
            return Clean(subject);
        }
        return null;
    }

    /// <summary>The source a sentence cites by "according to X" (X), or null: the one form of attribution that always names a source.</summary>
    public static string? Cited(string sentence) => AccordingTo().Match(sentence) is { Success: true } m ? Clean(m.Groups["a"].Value) : null;

    private static string Clean(string s)
    {
        s = s.Trim().TrimEnd('.', ',', ';', ':').Trim();
        s = LeadingFiller().Replace(s, "");
        return s.Length > 100 ? s[..100] : s;
    }

    [GeneratedRegex(@"according to (?<a>[^,.;“”""]+)", RegexOptions.IgnoreCase)]
    private static partial Regex AccordingTo();

    [GeneratedRegex(@"\b(said|says|told|tells|reported|reports|stated|states|warned|added|claimed|claims|showed|shows|found|finds|alleged|alleges|announced|revealed)\b")]
    private static partial Regex ReportingVerb();

    [GeneratedRegex(@"\b(?:was|were|is|are|been|be|being)\s+(?:\w+ly\s+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Passive();

    [GeneratedRegex(@"(\s+(also|reportedly|recently|later|further|previously|earlier|then|had|has|have|was|were))+$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingAdverbs();

    [GeneratedRegex(@"^(and|but|while|as|also|however|meanwhile)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFiller();
}
