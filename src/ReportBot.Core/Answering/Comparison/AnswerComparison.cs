namespace ReportBot.Core.Answering.Comparison;

/// <summary>How the reports' answers to one question relate.</summary>
public enum ComparisonKind
{
    /// <summary>Every report that answers gives the same value (or compatible ones).</summary>
    Same,
    /// <summary>A later report, or a later passage of the same report, says it revises the value.</summary>
    ChangedOverTime,
    /// <summary>Different values, with nothing saying one revises the other.</summary>
    Contradiction,
}

/// <summary>One side: a value and the reports that state it (each with its own passage).</summary>
public sealed record AnswerSide(string Text, IReadOnlyList<ReportAnswer> Reports)
{
    /// <summary>
    /// The newest publication date among the side's reports (ISO strings compare in order), or null. A report that gives the
    /// value only as the earlier one ("put back from 20 April to …") does not make it newer.
    /// </summary>
    public string? Newest => (Reports.Any(r => !r.Former) ? Reports.Where(r => !r.Former) : Reports)
        .Select(r => r.Passage.Chunk.Published).Where(p => !string.IsNullOrEmpty(p)).Max(StringComparer.Ordinal);
}

/// <summary>Step 4: the reports' answers compared.</summary>
public sealed record AnswerComparison(AnswerKind Kind, ComparisonKind Relation, IReadOnlyList<AnswerSide> Sides)
{
    public static AnswerComparison Compare(AnswerKind kind, IReadOnlyList<ReportAnswer> answers)
    {
        var sides = new List<List<ReportAnswer>>();
        foreach (var a in answers)
        {
            var side = sides.FirstOrDefault(s => s.Any(x => ReportAnswers.Agree(kind, x.Key, a.Key) || kind == AnswerKind.Place && Nested(x, a)));
            if (side is null) sides.Add([a]); else side.Add(a);
        }
        // "Not a cyberattack" does not gainsay "equipment failure": a cause a report disputes is a side only against a report
        // that gives it.
        if (kind == AnswerKind.Reason && sides.Any(s => !s[0].Key.StartsWith('!')))
            sides.RemoveAll(s => s[0].Key.StartsWith('!') && !sides.Any(o => !o[0].Key.StartsWith('!') && o.Any(x => s.Any(y => ReportAnswers.Agree(kind, x.Key, y.Key.TrimStart('!'))))));
        // A holder the reports say has left the post goes after the current one(s).
        // A side is named by a report that gives the value itself ("American football"), before one that implies it ("linebacker").
        // A name is shown as every report of its side spells it, when one spelling is in all of them ("Seaclear Response" for
        // "Seaclear Response Ltd" too), so that no report is credited with words it does not give.
        static string? Common(List<ReportAnswer> side) => side.Select(r => r.Text).OrderBy(t => t.Length)
            .FirstOrDefault(t => side.All(r => r.Text.Contains(t, StringComparison.OrdinalIgnoreCase)));
        var result = sides.Select(s => new AnswerSide((kind == AnswerKind.Name ? Common(s) : null) ?? (s.FirstOrDefault(r => !r.Former && string.Equals(r.Text, r.Key, StringComparison.OrdinalIgnoreCase))
            ?? s.FirstOrDefault(r => !r.Former))?.Text ?? s[0].Text, s)).OrderBy(s => s.Reports.All(r => r.Former)).ToList();
        if (result.Count < 2) return new AnswerComparison(kind, ComparisonKind.Same, result);
        if (kind is AnswerKind.Name or AnswerKind.Date && result.Any(s => s.Reports.All(r => r.Former)) && result.Any(s => s.Reports.Any(r => !r.Former)))
            return new AnswerComparison(kind, ComparisonKind.ChangedOverTime, result);
        // Changed over time: the side of the newest report (by date) says it revises, or — for reports without dates — a
        // side says so and the others do not.
        var dated = result.Where(s => s.Newest is not null).OrderByDescending(s => s.Newest, StringComparer.Ordinal).ToList();
        var newest = dated.Count >= 2 && string.CompareOrdinal(dated[0].Newest, dated[1].Newest) > 0 ? dated[0] : null;
        var revising = result.Where(s => s.Reports.Any(r => r.RevisesEarlier)).ToList();
        var changed = newest is not null ? newest.Reports.Any(r => r.RevisesEarlier) : revising.Count == 1;
        return new AnswerComparison(kind, changed ? ComparisonKind.ChangedOverTime : ComparisonKind.Contradiction, result);
    }

    /// <summary>
    /// Places nest (a road in a town, a town in a county): two places agree when either report's passage also names the
    /// other's place ("on Millrace Road in Brackenford" agrees with "in Brackenford").
    /// </summary>
    private static bool Nested(ReportAnswer x, ReportAnswer y) =>
        x.Passage.Text.Contains(y.Text, StringComparison.OrdinalIgnoreCase) || y.Passage.Text.Contains(x.Text, StringComparison.OrdinalIgnoreCase)
        || x.Text.Contains(y.Text, StringComparison.OrdinalIgnoreCase) || y.Text.Contains(x.Text, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when the answer comes from the newest dated report, only one side has that date, and every side has a date (an
    /// undated report may be newer than any of them); never for a value the report gives as the earlier one.
    /// </summary>
    public bool IsNewer(ReportAnswer answer)
    {
        if (answer.Former || Sides.Any(s => s.Newest is null)) return false;
        var newest = Sides.Select(s => s.Newest).Where(d => d is not null).Max(StringComparer.Ordinal);
        return newest is not null && answer.Passage.Chunk.Published == newest && Sides.Count(x => x.Newest == newest) == 1
            && Sides.Where(x => x.Newest != newest).All(x => DisagreementNotes.SurelyAfter(newest, x.Newest!));
    }

    /// <summary>The disagreement kind as the API names it.</summary>
    public Claims.DisagreementKind ApiKind => Relation == ComparisonKind.ChangedOverTime ? Claims.DisagreementKind.ChangedOverTime : Claims.DisagreementKind.Contradiction;
}
