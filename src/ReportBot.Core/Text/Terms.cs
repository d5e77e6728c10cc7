namespace ReportBot.Core.Text;

/// <summary>A content term: the stem used for matching, the lowercase surface word, and where it was.</summary>
public readonly record struct Term(string Stem, string Word, bool IsNumber, int Start, int End);

/// <summary>Content terms of a text: tokens that are not stop words, stemmed.</summary>
public static class Terms
{
    public static List<Term> Of(string text)
    {
        var list = new List<Term>();
        foreach (var t in Tokenizer.Tokenize(text))
        {
            if (!t.IsNumber && (t.Text.Length < 2 || StopWords.Contains(t.Text))) continue;
            list.Add(new Term(t.IsNumber ? t.Text : Stemmer.Stem(t.Text), t.Text, t.IsNumber, t.Start, t.End));
        }
        return list;
    }

    /// <summary>Stable 32-bit id of a term (FNV-1a), used as the sparse vector index.</summary>
    public static uint Id(string stem)
    {
        var hash = 2166136261u;
        foreach (var c in stem)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
