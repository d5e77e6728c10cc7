namespace ReportBot.Core.Text;

/// <summary>Shortening of titles, labels and questions for display.</summary>
public static class TextClip
{
    /// <summary>
    /// Cuts <paramref name="text"/> (its whitespace collapsed) to at most <paramref name="max"/> characters at a word
    /// boundary, with an ellipsis. Never inside a word: a title cut at "PC-5…" named a model, and a number, that the report
    /// never gives.
    /// </summary>
    public static string Shorten(string text, int max)
    {
        var t = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (t.Length <= max) return t;
        var cut = t.LastIndexOf(' ', max - 1);
        if (cut < max / 2) cut = max - 1;
        return t[..cut].TrimEnd(',', ';', ':', ' ') + "…";
    }
}
