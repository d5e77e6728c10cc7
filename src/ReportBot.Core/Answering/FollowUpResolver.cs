using System.Text.RegularExpressions;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>
/// Turns a follow-up ("And how many of them were killed?") into a standalone question using the conversation so far.
/// Deterministic: when the question leans on earlier turns (a pronoun, a leading "and"/"what about", or almost no
/// content words), the content words of the latest user question it lacks are added as context.
/// </summary>
public static partial class FollowUpResolver
{
    /// <summary>The standalone question and the context words taken from history (null when none were needed).</summary>
    public static (string Standalone, string? Context) Resolve(string question, IReadOnlyList<ChatTurn>? history)
    {
        var q = question.Trim();
        if (history is null || history.Count == 0) return (q, null);
        var lastUser = history.LastOrDefault(t => string.Equals(t.Role, "user", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(t.Content));
        if (lastUser is null) return (q, null);
        var terms = Terms.Of(q);
        var leans = Anaphora().IsMatch(q) || LeadingConnector().IsMatch(q) || terms.Count <= 2;
        if (!leans) return (q, null);
        var core = LeadingConnector().Replace(q, "").Trim();
        if (core.Length > 0) core = char.ToUpperInvariant(core[0]) + core[1..];
        var lastAnswer = history.LastOrDefault(t => string.Equals(t.Role, "assistant", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(t.Content));
        // "How old are they?" after "Who has been charged?" answered "Two men, Daniel Voss and Liam Hatherley, …": a plural
        // pronoun after a "who" question is the people the last answer named.
        if (lastAnswer is not null && WhoQuestion().IsMatch(lastUser.Content) && PluralPronoun().IsMatch(core)
            && PersonName().Matches(lastAnswer.Content).Select(m => m.Value).Where(n => !lastUser.Content.Contains(n, StringComparison.Ordinal)).Distinct().ToList() is { Count: >= 2 } people)
            core = PluralPronoun().Replace(core, m => m.Value.ToLowerInvariant() == "their" ? JoinNames(people) + "’s" : JoinNames(people), 1);
        core = Substitute(core, lastUser.Content);
        // "Is he still in that job?" after "The site manager was Gareth Pryce.": a person's pronoun is the person the last
        // answer named (a name of two or more capitalised words, not the question's own).
        if (lastAnswer is not null && PersonPronoun().IsMatch(core)
            && PersonName().Matches(lastAnswer.Content).Select(m => m.Value).FirstOrDefault(n => !lastUser.Content.Contains(n, StringComparison.Ordinal)) is { } person)
            core = PersonPronoun().Replace(core, m => m.Value.ToLowerInvariant() is "his" or "her" && PossessiveBefore(core, m) ? person + "’s" : person, 1);
        var own = Terms.Of(core).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        var contextWords = new List<string>();
        foreach (var t in Terms.Of(lastUser.Content))
            if (own.Add(t.Stem)) contextWords.Add(lastUser.Content[t.Start..t.End]);
        if (contextWords.Count == 0) return (core, null);
        var context = string.Join(' ', contextWords);
        return ($"{core.TrimEnd('?', '.', ' ')} (about: {context})?", context);
    }

    /// <summary>
    /// Puts the earlier question's words in place of a pronoun: "them"/"they" become its counted noun phrase
    /// ("the North Korean troops"), "it" its first proper name ("North Korea"). Without a fit, the question is unchanged.
    /// </summary>
    internal static string Substitute(string question, string previous)
    {
        var plural = CountedPhrase(previous) ?? PluralPhrase(previous);
        if (plural is not null)
        {
            var replaced = PluralPronoun().Replace(question, m => m.Value.ToLowerInvariant() switch
            {
                "their" => $"the {plural}'",
                _ => $"the {plural}",
            }, 1);
            if (!ReferenceEquals(replaced, question) && replaced != question) return replaced;
        }
        var name = ProperName().Matches(previous).Select(m => m.Value).FirstOrDefault(v => v != FirstWord(previous) && !Calendar().IsMatch(v));
        return name is null ? question : SingularPronoun().Replace(question, m => m.Value == "its" ? name + "’s" : name, 1);
    }

    private static string FirstWord(string s) => s.TrimStart().Split(' ', 2)[0];

    /// <summary>The words after "how many" up to the counted noun ("North Korean troops").</summary>
    private static string? CountedPhrase(string previous)
    {
        var m = CountedNoun().Match(previous);
        return m.Success ? m.Groups["np"].Value.Trim() : null;
    }

    /// <summary>The last plural noun with the words describing it ("North Korean troops", "the containers").</summary>
    private static string? PluralPhrase(string previous)
    {
        var m = PluralNoun().Matches(previous).LastOrDefault();
        return m?.Groups["np"].Value.Trim();
    }

    // The counted noun is a plural: one in -s, or one of the common plurals without it ("how many people working at …").
    [GeneratedRegex(@"\bhow many (?<np>(?:[\w’'-]+ ){0,3}?(?:[\w’'-]+s|people|men|women|children|staff|personnel|police|crew|cattle|sheep))\b(?= (?:did|do|does|were|was|are|is|have|has|had|will|would|could|in|to|from|of|for|on|at|who|that|[a-z]+ing|[a-z]+ed)\b|\?|$)", RegexOptions.IgnoreCase)]
    private static partial Regex CountedNoun();

    // From a word's start ("Hollins" holds no plural "ollins"), and not a verb or word that only ends like one ("has").
    [GeneratedRegex(@"\b(?<np>(?:[A-Z][\w’'-]* )*(?!(?:has|was|does|this|his|its|thus|yes|news|bus|gas|plus|across|whereas|perhaps)\b)[a-z][\w-]*[^s\W]s)\b")]
    private static partial Regex PluralNoun();

    // "those" and "these" are pronouns only when no noun follows ("those shipments" keeps its own noun).
    [GeneratedRegex(@"\b(them|they|their)\b|\b(those|these)\b(?=\s+(?:were|are|was|is|did|do|have|had|who|that|which|\w+ed)\b|\s*[?.!,]|\s*$)", RegexOptions.IgnoreCase)]
    private static partial Regex PluralPronoun();

    private static string JoinNames(IReadOnlyList<string> names) => names.Count == 1 ? names[0] : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[^1];

    [GeneratedRegex(@"^\s*(?:and\s+)?who\b", RegexOptions.IgnoreCase)]
    private static partial Regex WhoQuestion();

    [GeneratedRegex(@"\b(he|him|his|she|her)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PersonPronoun();

    // Two or more capitalised words, none of them a calendar word or a sentence opener: "Gareth Pryce", "Alison Kerr".
    [GeneratedRegex(@"\b(?!(?:The|A|An|In|On|At|After|Before|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b)\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)+\b")]
    private static partial Regex PersonName();

    /// <summary>"his"/"her" before a noun is a possessive ("her job"); "her" alone is the person ("interviewed her").</summary>
    private static bool PossessiveBefore(string question, Match m) =>
        m.Value.Equals("his", StringComparison.OrdinalIgnoreCase)
        || m.Index + m.Length < question.Length && Regex.IsMatch(question[(m.Index + m.Length)..], @"^\s+[a-z]");

    [GeneratedRegex(@"\b(it|its)\b")]
    private static partial Regex SingularPronoun();

    [GeneratedRegex(@"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)$")]
    private static partial Regex Calendar();

    [GeneratedRegex(@"\b[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)*")]
    private static partial Regex ProperName();

    [GeneratedRegex(@"\b(they|them|their|theirs|it|its|this|that|these|those|he|him|his|she|her|there|the same|such|former|latter)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"^\s*(and|but|also|so|then|what about|how about|and what about|ok(ay)?,?|what else)\b[,\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingConnector();
}
