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
        var own = terms.Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        var contextWords = new List<string>();
        foreach (var t in Terms.Of(lastUser.Content))
            if (own.Add(t.Stem)) contextWords.Add(lastUser.Content[t.Start..t.End]);
        if (contextWords.Count == 0) return (q, null);
        var context = string.Join(' ', contextWords);
        var core = LeadingConnector().Replace(q, "").Trim();
        if (core.Length > 0) core = char.ToUpperInvariant(core[0]) + core[1..];
        return ($"{core.TrimEnd('?', '.', ' ')} (about: {context})?", context);
    }

    [GeneratedRegex(@"\b(they|them|their|theirs|it|its|this|that|these|those|he|him|his|she|her|there|the same|such|former|latter)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Anaphora();

    [GeneratedRegex(@"^\s*(and|but|also|so|then|what about|how about|and what about|ok(ay)?,?|what else)\b[,\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingConnector();
}
