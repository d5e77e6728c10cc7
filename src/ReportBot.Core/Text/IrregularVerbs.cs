namespace ReportBot.Core.Text;

/// <summary>
/// English irregular verb forms and their base form (closed class, general language knowledge): the suffix stripper
/// (<see cref="Stemmer"/>) cannot see that "fell" is "fall" or "stolen" is "steal", so "Castellan shares fell 6.2 percent"
/// did not hold the question's "fall". Used in matching a question's words against a sentence's, never in the index.
/// </summary>
public static class IrregularVerbs
{
    private static readonly Dictionary<string, string> Base = new[]
    {
        ("fall", "fell fallen"), ("rise", "rose risen"), ("grow", "grew grown"), ("go", "went gone"), ("come", "came"),
        ("take", "took taken"), ("give", "gave given"), ("run", "ran"), ("sink", "sank sunk"), ("get", "got gotten"),
        ("fly", "flew flown"), ("freeze", "froze frozen"), ("break", "broke broken"), ("drive", "drove driven"),
        ("ride", "rode ridden"), ("write", "wrote written"), ("speak", "spoke spoken"), ("steal", "stole stolen"),
        ("throw", "threw thrown"), ("wear", "wore worn"), ("tear", "tore torn"), ("begin", "began begun"),
        ("drink", "drank drunk"), ("swim", "swam swum"), ("shrink", "shrank shrunk"), ("stand", "stood"), ("tell", "told"),
        ("say", "said"), ("find", "found"), ("feel", "felt"), ("lead", "led"), ("feed", "fed"), ("bleed", "bled"),
        ("slide", "slid"), ("spin", "spun"), ("stick", "stuck"), ("swing", "swung"), ("hang", "hung"), ("dig", "dug"),
        ("withdraw", "withdrew withdrawn"), ("become", "became"), ("burn", "burnt"), ("seek", "sought"), ("fight", "fought"),
        ("buy", "bought"), ("bring", "brought"), ("catch", "caught"), ("teach", "taught"), ("think", "thought"),
        ("build", "built"), ("send", "sent"), ("spend", "spent"), ("lend", "lent"), ("lose", "lost"), ("pay", "paid"),
        ("sell", "sold"), ("hold", "held"), ("keep", "kept"), ("leave", "left"), ("meet", "met"), ("hide", "hid hidden"),
        ("choose", "chose chosen"), ("know", "knew known"), ("see", "saw seen"), ("eat", "ate eaten"),
        ("forget", "forgot forgotten"), ("strike", "struck stricken"), ("shoot", "shot"), ("win", "won"),
        ("wake", "woke woken"), ("sit", "sat"), ("sleep", "slept"), ("undergo", "underwent undergone"),
        ("overrun", "overran"), ("mislead", "misled"), ("understand", "understood"), ("forbid", "forbade forbidden"),
    }.SelectMany(v => v.Item2.Split(' ').Select(form => (Form: form, v.Item1))).ToDictionary(x => x.Form, x => x.Item2, StringComparer.Ordinal);

    /// <summary>The base form of an irregular past or participle ("fell" → "fall"), or null.</summary>
    public static string? BaseOf(string word) => Base.GetValueOrDefault(word.ToLowerInvariant());
}
