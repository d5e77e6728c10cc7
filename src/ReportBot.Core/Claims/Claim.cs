namespace ReportBot.Core.Claims;

/// <summary>What kind of statement a claim is.</summary>
public enum ClaimKind
{
    /// <summary>A figure for something counted ("over 11,000 troops").</summary>
    Figure,
    /// <summary>A named thing asserted of a subject ("an S-400 air defence system" was supplied).</summary>
    Named,
    /// <summary>Where something happens ("fighting on Russian territory").</summary>
    Place,
    /// <summary>A status: confirmed, not confirmed, denied.</summary>
    Status,
    /// <summary>What caused something, asserted ("points to an electrical fault") or denied ("not a wiring problem"): <see cref="Claim.Status"/> says which.</summary>
    Cause,
}

/// <summary>The status a status claim asserts.</summary>
public enum StatusValue { Confirmed, NotConfirmed, Denied }

/// <summary>
/// One statement of one sentence of one report, as extracted at ingestion.
/// </summary>
/// <param name="ReportId">Report.</param>
/// <param name="Start">Sentence start offset in the report text.</param>
/// <param name="End">Sentence end offset.</param>
/// <param name="Sentence">The sentence, verbatim.</param>
/// <param name="Kind">Figure, named thing, place or status.</param>
/// <param name="Key">What the claim is about, as a stem: the counted noun, the kind of thing named, the verb of the place, the status object.</param>
/// <param name="KeyWord">The surface word of <paramref name="Key"/>.</param>
/// <param name="Value">The asserted value as written ("over 11,000", "Pantsir", "Russian territory", "confirmed").</param>
/// <param name="Context">Content stems around the claim (for grouping claims about the same thing).</param>
/// <param name="Figure">The figure, for figure claims.</param>
/// <param name="Status">The status, for status claims.</param>
/// <param name="Places">Normalised place words, for place claims.</param>
/// <param name="Scope">The period the claim covers, when stated.</param>
/// <param name="IsCap">A limit or rate ("capped at 500,000 barrels a year"), not a count.</param>
/// <param name="Attribution">Who the sentence says it ("South Korea's military"), or null when the report states it.</param>
/// <param name="IsQuoted">The sentence quotes someone.</param>
/// <param name="IsHeadline">The sentence is the report's headline.</param>
/// <param name="Published">The report's date.</param>
/// <param name="SaysRevision">The sentence says it revises an earlier figure or account ("has risen to", "now", "up from", "latest").</param>
public sealed record Claim(
    string ReportId,
    int Start,
    int End,
    string Sentence,
    ClaimKind Kind,
    string Key,
    string KeyWord,
    string Value,
    IReadOnlyList<string> Context,
    Quantity? Figure = null,
    StatusValue? Status = null,
    IReadOnlyList<string>? Places = null,
    string? Scope = null,
    bool IsCap = false,
    string? Attribution = null,
    bool IsQuoted = false,
    bool IsHeadline = false,
    string? Published = null,
    bool SaysRevision = false);
