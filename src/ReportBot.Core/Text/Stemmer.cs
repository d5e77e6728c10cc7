namespace ReportBot.Core.Text;

/// <summary>
/// A light English suffix stripper (plural, past tense, gerund, a few derivations) so that
/// "troops"/"troop" and "deployed"/"deploy" share a term. Deliberately conservative: it is used
/// for matching, never shown to a user.
/// </summary>
public static class Stemmer
{
    // Stems of the words seen so far: a corpus's vocabulary is small next to how often its words recur (every retrieved
    // sentence, every claim). Bounded: past the limit new words are stemmed without being remembered.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private const int MaxKnown = 500_000;
    private static int _known;

    public static string Stem(string word)
    {
        if (word.Length <= 3 || char.IsDigit(word[0])) return word;
        if (Known.TryGetValue(word, out var known)) return known;
        var stem = Strip(word);
        // Counted here: a concurrent dictionary's Count takes every lock.
        if (Volatile.Read(ref _known) < MaxKnown && Known.TryAdd(word, stem)) Interlocked.Increment(ref _known);
        return stem;
    }

    private static string Strip(string word)
    {
        var w = word;
        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("sses", StringComparison.Ordinal)) w = w[..^2];
        else if (w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)) w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal)) w = w[..^1];

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5 && HasVowel(w[..^3])) w = UndoubleOrRestoreE(w[..^3]);
        else if (w.EndsWith("ied", StringComparison.Ordinal) && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4 && HasVowel(w[..^2])) w = UndoubleOrRestoreE(w[..^2]);

        if (w.EndsWith("ment", StringComparison.Ordinal) && w.Length > 7) w = w[..^4];
        else if (w.EndsWith("ation", StringComparison.Ordinal) && w.Length > 7) w = w[..^5] + "e";
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length > 5) w = w[..^2];
        if (w.EndsWith('e') && w.Length > 4) w = w[..^1];
        return w;
    }

    private static bool HasVowel(string s) => s.IndexOfAny(['a', 'e', 'i', 'o', 'u', 'y']) >= 0;

    private static string UndoubleOrRestoreE(string s)
    {
        if (s.Length >= 3 && s[^1] == s[^2] && !"lsz".Contains(s[^1], StringComparison.Ordinal)) return s[..^1];
        return s;
    }
}
