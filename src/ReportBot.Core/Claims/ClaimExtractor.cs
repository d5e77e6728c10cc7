using System.Text.RegularExpressions;
using ReportBot.Core.Corpus;
using ReportBot.Core.Text;

namespace ReportBot.Core.Claims;

/// <summary>
/// Extracts claims from every kept sentence of a report, headline included: figures (with hedge, increment, period,
/// cap), named things asserted of a subject, places where something happens, and statuses (confirmed / not / denied),
/// each with its attribution. The patterns are English grammar (reporting verbs, negation, prepositions of place),
/// never words of a particular corpus.
/// </summary>
public static partial class ClaimExtractor
{
    public static List<Claim> Extract(CleanedReport cleaned)
    {
        var report = cleaned.Report;
        var claims = new List<Claim>();
        for (var p = 0; p < cleaned.Paragraphs.Count; p++)
        {
            var headline = p == cleaned.HeadlineParagraph;
            var spans = headline ? [cleaned.Paragraphs[p]] : SentenceSplitter.Split(report.Text, cleaned.Paragraphs[p]);
            foreach (var span in spans)
            {
                // A pattern that runs away on this sentence (PatternWatchdog) costs the sentence's claims, never the report.
                try { claims.AddRange(FromSentence(report.Id, report.Text[span.Start..span.End], span.Start, headline, report.Metadata.Published).ToList()); }
                catch (RegexMatchTimeoutException) { }
            }
        }
        return claims;
    }

    public static IEnumerable<Claim> FromSentence(string reportId, string sentence, int offset, bool headline, string? published)
    {
        var attribution = AttributionFinder.Find(sentence);
        var quoted = sentence.IndexOfAny(['“', '"']) >= 0;
        var scope = TimeScope.Find(sentence);
        var revises = DisagreementDetector.SaysRevision(sentence);
        Claim Make(ClaimKind kind, string key, string keyWord, string value, IReadOnlyList<string> context) =>
            new(reportId, offset, offset + sentence.Length, sentence, kind, key, keyWord, value, context,
                Scope: scope, Attribution: attribution, IsQuoted: quoted, IsHeadline: headline, Published: published, SaysRevision: revises);

        var figures = QuantityExtractor.Extract(sentence).Where(q => q.Unit is not null).ToList();
        foreach (var extracted in figures)
        {
            var q = extracted;
            // A headline's "Twelve Hurt": the word after the figure is what happened, the noun is implied. Counted nouns
            // are plural ("Workers"); a singular-looking word after a figure above one is a verb or an adjective.
            if (headline && q.Value > 1 && q.Verb is null && !q.NounBefore && !q.IsPrevious && !LooksPlural(q.Unit!))
                q = q with { Verb = q.Unit!.ToLowerInvariant(), Unit = null, UnitStem = null, ImpliedNoun = true };
            var context = q.Following.Concat(q.Preceding ?? []).Where(s => s != q.UnitStem).Distinct().ToList();
            var clause = sentence[..q.Start];
            var cut = clause.LastIndexOfAny([',', ';', '—']);
            var isCap = Cap().IsMatch(cut >= 0 ? clause[cut..] : clause) || Rate().IsMatch(sentence[q.End..Math.Min(sentence.Length, q.End + 40)]);
            var key = q.ImpliedNoun ? "~" + Stemmer.Stem(q.Verb!) : q.UnitStem!;
            // A margin ("a majority of three votes") is compared with margins only, never with the counts of votes.
            if (q.Measure == FigureMeasure.Margin) key = "±" + key;
            yield return Make(ClaimKind.Figure, key, q.Unit ?? q.Verb!, q.Text, context) with
            {
                Figure = q,
                IsCap = isCap,
                Scope = TimeScope.ForFigure(sentence, q.Start, figures.Count > 1),
            };
        }

        foreach (var cause in CauseClaims(sentence))
            yield return Make(ClaimKind.Cause, "cause", "cause", cause.Value, cause.Words) with { Status = cause.Status };

        if (SupplyVerb().IsMatch(sentence))
            foreach (Match m in NamedThing().Matches(sentence))
            {
                if (m.Index == 0) continue; // a capitalised first word is just the start of the sentence
                // Between the name and the kind of thing only describing words: "Russia provided anti-aircraft missiles" names no missile.
                if (m.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1).Any(w => w.EndsWith("ed", StringComparison.Ordinal) || SupplyVerb().IsMatch(w) || StopWords.Contains(w))) continue;
                var name = m.Groups["name"].Value;
                var head = m.Groups["head"].Value.ToLowerInvariant();
                yield return Make(ClaimKind.Named, Stemmer.Stem(head), head, name, [Stemmer.Stem(head)]);
            }

        foreach (Match m in NamedInList().Matches(sentence))
        {
            var head = m.Groups["head"].Value.ToLowerInvariant();
            yield return Make(ClaimKind.Named, Stemmer.Stem(head), head, m.Groups["name"].Value, [Stemmer.Stem(head)]);
        }

        foreach (Match m in PlaceClaim().Matches(sentence))
        {
            // "happened on Friday 13 March": a day or a month is when, not where.
            var places = CapitalisedWord().Matches(m.Groups["place"].Value).Select(w => NormalisePlace(w.Value)).Where(p => !IsCalendarWord(p)).Distinct().ToList();
            if (places.Count == 0) continue;
            var verb = m.Groups["verb"].Value.ToLowerInvariant();
            yield return Make(ClaimKind.Place, "place:" + Stemmer.Stem(verb), verb, m.Groups["place"].Value.Trim(), [Stemmer.Stem(verb)]) with { Places = places };
        }

        // "No ammonium nitrate was stored there": a denial without a status verb.
        if (NegatedExistence().Match(sentence) is { Success: true } neg)
        {
            var words = Terms.Of(neg.Groups["obj"].Value).Where(t => !t.IsNumber).Select(t => t.Word).Append(neg.Groups["verb"].Value.ToLowerInvariant()).Take(6).ToList();
            if (words.Count > 1) yield return Make(ClaimKind.Status, "status", "no", "denied", words) with { Status = StatusValue.Denied };
        }

        foreach (Match m in StatusVerb().Matches(sentence))
        {
            var before = sentence[..m.Index];
            var lead = before[(before.LastIndexOfAny([',', ';']) + 1)..];
            var verb = m.Value.ToLowerInvariant();
            StatusValue status = verb.StartsWith("den", StringComparison.Ordinal) ? StatusValue.Denied
                : Negation().IsMatch(lead) ? StatusValue.NotConfirmed : StatusValue.Confirmed;
            var obj = sentence[(m.Index + m.Length)..];
            var objEnd = obj.IndexOfAny([',', ';', '.']);
            // Surface words (not stems): the object is matched by word-vector similarity ("soldiers" ≈ "troops").
            var objectTerms = Terms.Of(objEnd > 0 ? obj[..objEnd] : obj).Where(t => !t.IsNumber).Select(t => t.Word).Take(6).ToList();
            if (objectTerms.Count == 0) continue;
            yield return Make(ClaimKind.Status, "status", verb, status switch
            {
                StatusValue.Confirmed => "confirmed",
                StatusValue.Denied => "denied",
                _ => "not confirmed",
            }, objectTerms) with { Status = status };
        }
    }

    /// <summary>A counted noun: a plural ("workers", "stations") or a noun that counts without an s ("people", "police").</summary>
    public static bool LooksPlural(string word)
    {
        var w = word.ToLowerInvariant();
        return w.Length > 2 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) || UncountedPlurals.Contains(w) || w.EndsWith("men", StringComparison.Ordinal) || w.EndsWith("people", StringComparison.Ordinal);
    }

    /// <summary>English nouns whose plural takes no s (grammar, not any corpus's words).</summary>
    private static readonly HashSet<string> UncountedPlurals = new(StringComparer.Ordinal)
    {
        "people", "children", "police", "staff", "personnel", "crew", "cattle", "sheep", "fish", "deer", "livestock", "aircraft",
        "spacecraft", "offspring", "youth", "infantry", "militia", "clergy", "poultry", "swine", "bison", "salmon", "trout",
        "hundred", "thousand", "million", "billion", "dozen", "percent", "per", "cent",
    };

    /// <summary>
    /// What a sentence says caused something: "points to an electrical fault", "was caused by a gas leak", "blamed on …",
    /// "the cause was …" (asserted), and "was not a wiring problem", "was not caused by …", "ruled out …" (denied).
    /// The words are grammar and the vocabulary of causes in general (fault, failure, leak…), never a corpus's words.
    /// </summary>
    internal static IEnumerable<(string Value, StatusValue Status, IReadOnlyList<string> Words)> CauseClaims(string sentence)
    {
        foreach (Match m in CauseAsserted().Matches(sentence))
        {
            var lead = sentence[..m.Index];
            lead = lead[(lead.LastIndexOfAny([',', ';', '.']) + 1)..];
            // "nobody has blamed", "did not point to": a negated assertion asserts nothing.
            if (Negation().IsMatch(lead) || NothingOrNoEvidence().IsMatch(lead) || Negation().IsMatch(m.Groups["verb"].Value)) continue;
            if (CauseWords(m.Groups["cause"].Value) is { Count: > 0 } words) yield return (m.Groups["cause"].Value.Trim(), StatusValue.Confirmed, words);
        }
        foreach (Match m in CauseDenied().Matches(sentence))
        {
            var lead = sentence[..m.Index];
            lead = lead[(lead.LastIndexOfAny([',', ';', '.']) + 1)..];
            if (m.Groups["ruled"].Success && Negation().IsMatch(lead)) continue; // "has not ruled out arson" keeps it open
            if (CauseWords(m.Groups["cause"].Value) is { Count: > 0 } words) yield return ((m.Groups["ruled"].Success ? "ruled out " : "not ") + m.Groups["cause"].Value.Trim(), StatusValue.Denied, words);
        }
    }

    /// <summary>A stem that asks for or speaks of a cause ("caused", "reason", "blame", "started"): a sentence stating a cause answers it.</summary>
    public static bool IsCauseWord(string stem) => CauseQuestionStems.Contains(stem);

    private static readonly HashSet<string> CauseQuestionStems = new(
        new[] { "cause", "caused", "causes", "reason", "blame", "blamed", "start", "started", "spark", "sparked", "trigger", "triggered", "responsible", "origin" }.Select(Stemmer.Stem),
        StringComparer.Ordinal);

    /// <summary>The words of a cause that say what it was: its modifiers ("electrical" of "electrical fault"), or its head alone.</summary>
    private static List<string> CauseWords(string cause)
    {
        var words = Terms.Of(cause).Where(t => !t.IsNumber).Select(t => t.Word).ToList();
        var specific = words.Where(w => !CauseHeads.Contains(w)).ToList();
        return specific.Count > 0 ? specific : words;
    }

    private static readonly HashSet<string> CauseHeads = new(StringComparer.Ordinal)
    { "problem", "problems", "fault", "faults", "failure", "failures", "issue", "issues", "cause", "causes", "error", "errors", "defect", "defects", "malfunction" };

    // The article is atomic: with "(?:an?\s+|the\s+)?" given back to the lazy loop, .NET 10's regex source generator
    // emitted code that looped forever on "… point to the supply managed by an external contractor, …" and matched "point"
    // alone elsewhere (GeneratedRegexTests compares every generated pattern with the interpreter on every corpus line).
    private const string CausePhrase = @"(?<cause>(?>(?:an?\s+|the\s+)?)[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,3}?)(?=\s+(?:in|at|on|of|inside|near|that|which|and|but|or|as|from|to)\b|[,.;:""”)]|$)";

    [GeneratedRegex(@"\b(?<verb>(?:points?|pointed|pointing)\s+to|(?:was|were|is|had been|been)\s+(?:caused|sparked|started|triggered|set off)\s+by|blamed\s+on|(?:the|its|a)\s+(?:likely\s+|probable\s+|most likely\s+|main\s+)?cause\s+(?:was|is|had been|has been))\s+" + CausePhrase)]
    private static partial Regex CauseAsserted();

    [GeneratedRegex(@"\b(?:(?:was|were|is|are|had been)\s+(?:not|never)\s+|(?:wasn't|weren't|isn't)\s+)(?:caused\s+by\s+|started\s+by\s+|due\s+to\s+|down\s+to\s+)?(?<cause>(?:an?\s+|the\s+)?(?:[a-z-]+\s+){0,2}(?:problem|fault|failure|malfunction|accident|error|defect|attack|arson|sabotage|leak|explosion))\b|\b(?<ruled>ruled\s+out)\s+" + CausePhrase)]
    private static partial Regex CauseDenied();

    /// <summary>"Russian" and "Russia's" name the same place as "Russia": demonym and possessive endings are dropped.</summary>
    private static bool IsCalendarWord(string word) => word.ToLowerInvariant() is "monday" or "tuesday" or "wednesday" or "thursday" or "friday" or "saturday" or "sunday"
        or "january" or "february" or "march" or "april" or "may" or "june" or "july" or "august" or "september" or "october" or "november" or "december"
        or "jan" or "feb" or "mar" or "apr" or "jun" or "jul" or "aug" or "sep" or "sept" or "oct" or "nov" or "dec";

    internal static string NormalisePlace(string word) =>
        word.ToLowerInvariant().Replace("’s", "", StringComparison.Ordinal).Replace("'s", "", StringComparison.Ordinal).Trim('’', '\'');

    /// <summary>"Russian" and "Russia", "Ukrainian" and "Ukraine" name the same place: words sharing a prefix of five letters (or the whole shorter word).</summary>
    public static bool SamePlace(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n >= Math.Min(5, Math.Min(a.Length, b.Length));
    }

    [GeneratedRegex(@"\b[A-Z][\w’'-]*")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"\b(cap|caps|capped|capping|limit|limits|limited|limiting|ceiling|prohibit\w*|restrict\w*|maximum|quota|allowance|threshold)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Cap();

    [GeneratedRegex(@"^\s*\w*\s*(a|per|each|every)\s+(year|month|week|day|hour)\b|^\s*(annually|a year|per cent|percent)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Rate();

    [GeneratedRegex(@"\b(suppl(y|ies|ied|ying)|sen[dt]|sends|sending|provid(e|ed|es|ing)|deliver(ed|s|ing)?|transferr?(ed|ing)?|gave|given|giv(e|es|ing)|hand(ed)?|shipp?(ed|ing)|receiv(e|ed|es|ing)|obtain(ed)?|acquir(e|ed)|in exchange|in return)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SupplyVerb();

    /// <summary>A model-like name (a capitalised word, or letters joined to digits by a hyphen) followed within three words by the kind of thing it is.</summary>
    [GeneratedRegex(@"(?<![A-Z][a-z]+\s)\b(?<name>(?:[A-Z][A-Za-z]*-[A-Z0-9][A-Za-z0-9-]*|[A-Z][a-z]{2,}(?:-[A-Z0-9][A-Za-z0-9]*)?))(?:\s[a-z][a-z-]+){0,3}?\s(?<head>systems?|missiles?|launchers?|aircraft|drones?|tanks?|vehicles?|rifles?|guns?|rockets?|jets?|helicopters?|vessels?|ships?|submarines?|satellites?|vaccines?|drugs?|devices?|models?|products?|fertili[sz]ers?|chemicals?)\b")]
    private static partial Regex NamedThing();

    /// <summary>"air defence systems, including the modern X-1": a name given as an example of the kind just mentioned.</summary>
    [GeneratedRegex(@"\b(?<head>systems?|missiles?|launchers?|aircraft|drones?|tanks?|vehicles?|rifles?|guns?|rockets?|jets?|helicopters?|vessels?|ships?|submarines?|satellites?|vaccines?|drugs?|devices?|models?|products?|fertili[sz]ers?|chemicals?),?\s(?:including|such\sas|notably|like|namely)\s(?:the\s|an?\s)?(?:[a-z]+\s)?(?<name>[A-Z][A-Za-z]*(?:-[A-Z0-9][A-Za-z0-9-]*)?)\b")]
    private static partial Regex NamedInList();

    [GeneratedRegex(@"\b(?<verb>(?i:fight\w*|fought|battl(?:e|ed|es|ing)|combat|deployed|stationed|operat\w*|based|clash\w*|happened|occurred|took place|broke out|started|located))\b(?:[^,.;]{0,60}?)\b(?:in|inside|on|at|within|near)\s+(?<place>(?:the\s+)?(?:[A-Z][\w’'-]+\s*){1,3}(?:territory|region|border|soil|province|oblast|area|city|town|district)?)", RegexOptions.None)]
    private static partial Regex PlaceClaim();

    [GeneratedRegex(@"^[\s“""]*No\s(?<obj>[a-z][\w\s-]{2,40}?)\s(?:was|were|has been|had been|is|are)\s(?:ever\s)?(?<verb>[a-z]+ed)\b")]
    private static partial Regex NegatedExistence();

    [GeneratedRegex(@"\b(confirm(ed|s|ing)?|acknowledg(ed|es|ing|e)|admit(ted|s)?|den(ied|ies|y|ying)|verif(ied|y))\b", RegexOptions.IgnoreCase)]
    private static partial Regex StatusVerb();

    [GeneratedRegex(@"\b(nothing|no evidence|no sign|little)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NothingOrNoEvidence();

    [GeneratedRegex(@"\b(not|n't|neither|nor|never|no one|nobody|stopped short of|short of|declined to|refused to|yet to|without|deflected|unable to|failed to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();
}
