namespace ReportBot.Core.Text;

/// <summary>Common English function words that carry no topic (a general list, not tuned to any corpus).</summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a","an","the","and","or","but","if","then","else","of","to","in","on","at","by","for","with","from","into","onto","over","under",
        "about","as","is","are","was","were","be","been","being","am","do","does","did","doing","done","have","has","had","having",
        "it","its","this","that","these","those","there","here","what","which","who","whom","whose","when","where","why","how",
        "i","me","my","we","us","our","you","your","he","him","his","she","her","they","them","their","theirs","itself","themselves",
        "not","no","nor","so","than","too","very","can","could","will","would","shall","should","may","might","must","also","just",
        "up","down","out","off","again","further","once","all","any","both","each","few","other","some","such","only","own","same",
        "s","t","d","ll","re","ve","m","o","y","get","got","tell","told","say","says","said","much","many","according","per",
        "between","during","before","after","above","below","while","until","against","through","via","among","amid","within","without",
        "whether","because","since","however","yet","still","even","ever","else","whatever","whoever","one's","let","lets","please","know",
    };

    public static bool Contains(string word) => Words.Contains(word);
}
