using System.Text.RegularExpressions;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>The kind of answer a question asks for.</summary>
public enum QuestionType
{
    General,
    Quantity,
    Time,
    Agent,
    Place,
    Entity,
    YesNo,
    Reason,
}

/// <summary>A question understood: its type, content terms (spelling-corrected against the corpus), and the focus noun of a "how many".</summary>
/// <param name="Text">The (standalone) question.</param>
/// <param name="Type">What kind of answer it wants.</param>
/// <param name="Terms">Content terms, corrected.</param>
/// <param name="Focus">Stem of the thing counted or asked about ("troop"), when there is one.</param>
/// <param name="PrefersNewest">"latest", "most recent", "now": newer reports first.</param>
/// <param name="PrefersOldest">"originally", "first", "initially": older reports first.</param>
/// <param name="FocusPhrase">Stems of the noun phrase around the focus ("north korean troop").</param>
/// <param name="Verb">What the question says happened to the things counted ("died" in "how many people died"), when it says.</param>
public sealed record AnalyzedQuestion(string Text, QuestionType Type, IReadOnlyList<Term> Terms, string? Focus, bool PrefersNewest, bool PrefersOldest, IReadOnlyList<string>? FocusPhrase = null, string? Verb = null)
{
    /// <summary>Question terms outside the focus phrase: what is said of the thing counted ("killed", "wounded").</summary>
    public IReadOnlyList<Term> Predicate => Terms.Where(t => !t.IsNumber && t.Stem != Focus && (FocusPhrase is null || !FocusPhrase.Contains(t.Stem))).ToList();

    /// <summary>
    /// The relation words of a relation question ("profession" in "What is the profession of Peter Bergman?", "sport" in
    /// "What sport is Scott Jackson associated with?", "established" in "When was Corruption Watch established?"), lower case.
    /// </summary>
    public IReadOnlyList<string>? Relation { get; init; }

    /// <summary>The named subject of a relation question (its capitalised or quoted words), lower case.</summary>
    public IReadOnlyList<string>? Subject { get; init; }

    /// <summary>What the figure asked for measures: money ("how much will the repairs cost"), a share ("what proportion"), or a count.</summary>
    public Claims.FigureMeasure AskedMeasure { get; init; } = Claims.FigureMeasure.Count;

    /// <summary>Weight of a term in coverage: words about the reports themselves ("article", "headline") count little.</summary>
    public static double TermWeight(Term t) => QuestionAnalyzer.IsMetaWord(t.Word) ? 0.2 : 1.0;
}

/// <summary>
/// Works out what a question asks. Misspelt words that the corpus does not contain are corrected to the closest
/// corpus word (edit distance 1, or 2 for long words), so "troups" still finds "troops".
/// </summary>
public sealed partial class QuestionAnalyzer(Embeddings.WordVectors? vectors = null)
{
    private static readonly string[] QuestionWords = ["how", "many", "much", "what", "which", "who", "whom", "when", "where", "why", "did", "does", "was", "were"];

    public AnalyzedQuestion Analyze(string question, CorpusStatistics stats)
    {
        // Spelling first: misspelt question words, then content words the corpus lacks, corrected in the text itself
        // so that the type, the focus and the terms all see the corrected question.
        var text = CorrectSpelling(FixQuestionWords(ExpandAbbreviations(question)), stats);
        var type = Classify(text);
        // "Who is in charge at present?": the time the question asks about is a cue for newer reports, not a topic word
        // ("Present: Councillor …" in a meeting's minutes does not answer it).
        text = AtPresent().Replace(text, "now");
        // "How many people lost their lives?": the idiom says in one word what happened ("died"), the word reports use.
        text = LostTheirLives().Replace(text, "died");
        var terms = Terms.Of(text).Where(t => !IsQuestionScaffold(t.Word)).ToList();
        // "Were parents told about the plan?", "Did the firm let its crews know?": "told", "tell" and "know" are stop words, but
        // in a yes/no question they are what is asked (AnswerLanguage.NoticeWords). Dev (2026-12-07, 466 questions; RAMDocs
        // lines 101-500): expected disagreements flagged 71 -> 72 (the mine's "had briefed all underground crews" against
        // "Nobody told us"), lead facts 0.640 -> 0.643, facts 0.707 -> 0.712, false flags 19, RAMDocs unchanged.
        if (type == QuestionType.YesNo)
        {
            foreach (var t in Tokenizer.Tokenize(text))
                if (!t.IsNumber && StopWords.Contains(t.Text) && Comparison.AnswerLanguage.NoticeWords.Contains(Stemmer.Stem(t.Text)))
                    terms.Add(new Term(Stemmer.Stem(t.Text), t.Text, false, t.Start, t.End));
            terms.Sort((a, b) => a.Start.CompareTo(b.Start));
        }
        // "How big was the crowd?" asks a count as "how many" does: "big" is the question's, not a word a report would use.
        if (type == QuestionType.Quantity && HowBig().Match(text) is { Success: true } howBig)
        {
            terms.RemoveAll(t => t.Word == howBig.Groups["adj"].Value.ToLowerInvariant());
            // "How hot did it get?" is told as a temperature ("the temperature reached 39.4 °C"): the word reports use for it.
            if (AsksTemperature().IsMatch(text.ToLowerInvariant()) && terms.All(t => t.Word is not ("temperature" or "temperatures")))
                terms.Add(new Term(Stemmer.Stem("temperature"), "temperature", false, howBig.Index, howBig.Index + howBig.Length));
        }
        var (focus, phrase, verb) = type == QuestionType.Quantity ? QuantityFocus(text, terms) : (null, [], null);
        var lower = text.ToLowerInvariant();
        var measure = type != QuestionType.Quantity ? Claims.FigureMeasure.Count
            : AsksTemperature().IsMatch(lower) ? Claims.FigureMeasure.Temperature
            : HowLong().IsMatch(lower) ? Claims.FigureMeasure.Duration
            : AsksShare().IsMatch(lower) ? Claims.FigureMeasure.Share
            : AsksAge().IsMatch(lower) ? Claims.FigureMeasure.Age
            : AsksMargin().IsMatch(lower) ? Claims.FigureMeasure.Margin
            : AsksMoney().IsMatch(lower) ? Claims.FigureMeasure.Money
            : AsksChange().IsMatch(lower) ? Claims.FigureMeasure.Share
            : HowMuchWithoutNoun().IsMatch(lower) ? Claims.FigureMeasure.Money : Claims.FigureMeasure.Count;
        var (relation, subject) = type == QuestionType.Quantity ? (null, null) : RelationOf(text);
        return new AnalyzedQuestion(text, type, terms, focus,
            NewestCue().IsMatch(lower), OldestCue().IsMatch(lower), phrase, verb) { AskedMeasure = measure, Relation = relation, Subject = subject };
    }

    private string CorrectSpelling(string text, CorpusStatistics stats)
    {
        if (stats.ChunkCount == 0) return text;
        return WordRegex().Replace(text, m =>
        {
            var word = m.Value.ToLowerInvariant();
            if (word.Length < 4 || StopWords.Contains(word) || stats.Contains(Stemmer.Stem(word))) return m.Value;
            var corrected = Correct(word, stats);
            if (corrected is null) return m.Value;
            // Keep a real word unless the correction is far more common ("rusia" → "russia", but never "tanks" → "banks").
            var rank = vectors?.Rank(word) ?? -1;
            if (rank >= 0 && (rank < 30_000 || vectors!.Rank(corrected) is var cr && (cr < 0 || cr * 20 > rank))) return m.Value;
            return corrected;
        });
    }

    /// <summary>Chat shorthand for common English words ("how many ppl died"): too far from the word for spelling correction.</summary>
    private static readonly Dictionary<string, string> Shorthand = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ppl"] = "people", ["govt"] = "government", ["intl"] = "international", ["approx"] = "approximately",
        ["yr"] = "year", ["yrs"] = "years", ["dept"] = "department", ["natl"] = "national",
    };

    private static string ExpandAbbreviations(string q) =>
        WordRegex().Replace(q, m => Shorthand.TryGetValue(m.Value, out var full) ? full : m.Value);

    /// <summary>
    /// A relation question: a relation (a few lower-case words) of a named subject (capitalised or quoted words). The
    /// shapes: "what/who is the R of S", "what is S's R", "what R is/was S (associated with|known for)", "when was S V-ed",
    /// "who V-ed S". Anything else has no relation (its words all count in full).
    /// </summary>
    internal static (IReadOnlyList<string>? Relation, IReadOnlyList<string>? Subject) RelationOf(string question)
    {
        var q = question.Trim().TrimEnd('?', '.', ' ');
        foreach (var pattern in RelationShapes)
        {
            var m = pattern.Match(q);
            if (!m.Success) continue;
            var subject = Tokenizer.Tokenize(m.Groups["s"].Value).Select(t => t.Text).Where(w => !StopWords.Contains(w)).ToList();
            var raw = m.Groups["s"].Value;
            // The subject must be a name: capitalised or quoted words, not a common noun phrase ("the cutting").
            if (subject.Count == 0 || !(raw.Contains('"') || raw.Contains('“') || raw.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => w.Length > 1 && char.IsUpper(w.TrimStart('"', '“', '\'')[0]))))
                continue;
            var relation = Tokenizer.Tokenize(m.Groups["r"].Value).Select(t => t.Text).Where(w => !StopWords.Contains(w)).ToList();
            if (relation.Count is > 0 and <= 3) return (relation, subject);
        }
        return (null, null);
    }

    private static readonly Regex[] RelationShapes =
    [
        new(@"^(?:what|who|which)(?:'s| is| was| are| were)\s+(?:the\s+)?(?<r>[a-z][a-z -]{1,40}?)\s+(?:of|for|behind)\s+(?:the\s+(?:album|film|movie|song|novel|book|play|series|show|game|video game|band|company|team|club)\s+)?(?<s>.+)$", RegexOptions.IgnoreCase),
        new(@"^(?:what|who)(?:'s| is| was)\s+(?<s>.+?)(?:'s|’s)\s+(?<r>[a-z][a-z -]{1,30})$", RegexOptions.IgnoreCase),
        new(@"^(?:what|which)\s+(?<r>[a-z][a-z -]{1,30}?)\s+(?:is|was|are|were|does|did)\s+(?<s>.+?)\s+(?:associated with|known for|famous for|involved in|part of|from|in|belong to|play|plays)$", RegexOptions.IgnoreCase),
        new(@"^when\s+(?:was|were|is|did)\s+(?<s>.+?)\s+(?<r>[a-z]+(?:ed|en|n|t))$", RegexOptions.IgnoreCase),
        // "Who acted as Margaret Ellery's election agent?", "Who is now acting as returning officer for Wyndle?": the post is the
        // relation, whoever's or wherever's it is the subject.
        new(@"^who\s+(?:(?:is|was|has been|had been)\s+)?(?:(?:currently|now|still)\s+)?(?:acting|acted|acts|serving|served|serves|working|worked|works)\s+as\s+(?:the\s+)?(?<s>.+?)(?:'s|’s)\s+(?<r>[a-z][a-z -]{1,30})$", RegexOptions.IgnoreCase),
        new(@"^who\s+(?:(?:is|was|has been|had been)\s+)?(?:(?:currently|now|still)\s+)?(?:acting|acted|acts|serving|served|serves|working|worked|works)\s+as\s+(?:the\s+)?(?<r>[a-z][a-z -]{1,40}?)\s+(?:of|for|at|in)\s+(?:the\s+)?(?<s>.+)$", RegexOptions.IgnoreCase),
        new(@"^who\s+(?<r>[a-z]+ed|wrote|made|built|founded|sang|directed|painted|composed|created|designed|invented|discovered|owns|owned|leads|led|runs|ran)\s+(?:the\s+)?(?<s>.+)$", RegexOptions.IgnoreCase),
    ];

    /// <summary>
    /// Words that frame the question rather than name its topic: what kind of figure it asks ("number", "total"), how
    /// exactly, and when it asks about ("now", "currently": <see cref="AnalyzedQuestion.PrefersNewest"/> keeps them).
    /// </summary>
    private static bool IsQuestionScaffold(string word) => word is "number" or "amount" or "total" or "figure" or "exactly" or "approximately" or "roughly"
        or "now" or "currently" or "presently";

    /// <summary>The adjectives of "how big was the crowd?", a count asked as "how many" asks it.</summary>
    private const string SizeWords = "big|large|" + TemperatureWords;

    /// <summary>The adjectives of "how hot did it get?", a temperature asked (<see cref="AsksTemperature"/>).</summary>
    private const string TemperatureWords = "hot|cold|warm|cool|chilly";

    [GeneratedRegex(@"\bhow (?<adj>" + SizeWords + @")\b", RegexOptions.IgnoreCase)]
    private static partial Regex HowBig();

    [GeneratedRegex(@"\b(?:lost|lose|losing) (?:their|his|her|its|your|our) (?:lives|life)\b|\bpassed away\b", RegexOptions.IgnoreCase)]
    private static partial Regex LostTheirLives();

    [GeneratedRegex(@"\b(?:at|for the) present\b(?! (?:day|time|site|building|system|owners?)\b)|\bthese days\b|\bnowadays\b|\bat the moment\b", RegexOptions.IgnoreCase)]
    private static partial Regex AtPresent();

    private static readonly HashSet<string> MetaWords = new(StringComparer.Ordinal)
    {
        "article", "articles", "report", "reports", "reported", "reporting", "headline", "headlines", "story", "stories", "piece", "outlet", "outlets",
        "source", "sources", "body", "text", "consistent", "inconsistent", "agree", "agrees", "disagree", "disagrees", "contradict", "contradicts",
        "mention", "mentions", "mentioned", "state", "states", "claim", "claims", "claimed", "earlier", "later", "newer", "older", "latest", "change", "changed",
        "estimate", "estimates", "different", "differ", "own", "original", "originally", "initially", "first",
    };

    /// <summary>True for words about reports and what they say, rather than about the world.</summary>
    public static bool IsMetaWord(string word) => MetaWords.Contains(word);

    internal static QuestionType Classify(string q)
    {
        var s = q.Trim().ToLowerInvariant();
        // "Why did the number of evacuees go up?" asks a reason, "When did the number of cases pass 1,000?" a time: a
        // question's opening words decide before a "number of" inside it.
        if (Why().IsMatch(s)) return QuestionType.Reason;
        if (When().IsMatch(s)) return QuestionType.Time;
        if (HowMany().IsMatch(s) || AsksTemperature().IsMatch(s) || AreaOf().IsMatch(q.Trim())) return QuestionType.Quantity;
        if (Who().IsMatch(s)) return QuestionType.Agent;
        if (Where().IsMatch(s)) return QuestionType.Place;
        if (Which().IsMatch(s)) return QuestionType.Entity;
        if (YesNo().IsMatch(s)) return QuestionType.YesNo;
        return QuestionType.General;
    }

    /// <summary>The head noun after "how many" / "number of": the last content word before a verb or preposition, with its phrase.
    /// With no noun there ("how many of them were killed"), the first content word after it.</summary>
    private static (string? Focus, List<string> Phrase, string? Verb) QuantityFocus(string q, List<Term> terms)
    {
        var m = FocusPhrase().Match(q.ToLowerInvariant());
        if (!m.Success) return (terms.FirstOrDefault(t => !t.IsNumber).Stem, [], null);
        var words = Tokenizer.Tokenize(m.Groups["np"].Value).Select(t => t.Text).ToList();
        // "how many of them / of Pyongyang's soldiers": the phrase starts after "of" and its determiners.
        var i = 0;
        if (words.Count > 0 && words[0] == "of") { i = 1; while (i < words.Count && words[i] is "the" or "these" or "those" or "them" or "its" or "their" or "his" or "her") i++; }
        var head = new List<string>();
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (StopWords.Contains(w) || IsAuxiliary(w)) break;
            // "how many runners actually started": an adverb after the noun is neither noun nor verb.
            if (head.Count > 0 && IsAdverb(w)) continue;
            // "how much chlorine escaped from", "how many people died?": a past form after the noun, ending the phrase, is what
            // happened to it, not part of the noun ("how many injured people", "self-propelled guns" keep theirs).
            if (head.Count > 0 && (w.EndsWith("ed", StringComparison.Ordinal) || Claims.QuantityExtractor.IsIrregularPast(w))
                && (i + 1 >= words.Count || StopWords.Contains(words[i + 1]) || IsAuxiliary(words[i + 1]))) break;
            head.Add(w);
        }
        // "How much will a season ticket cost?", "how much did the club pay for the land?": no noun after "how much"; what
        // is priced is the subject after the auxiliary (its last word before a verb), or what it is paid for.
        if (head.Count == 0 && words.Count > 1 && (IsAuxiliary(words[0]) || words[0] is "will" or "would" or "could" or "can" or "should") && SubjectAfterAuxiliary(words) is { } priced)
            return (Resolve(priced, terms), [], null);
        if (head.Count == 0)
        {
            var first = words.Skip(1).FirstOrDefault(w => !StopWords.Contains(w) && !IsAuxiliary(w));
            return first is null ? (null, [], null) : (Resolve(first, terms), [], null);
        }
        // Without a tagger, the head noun is the last plural-looking word of the run ("troops went" → "troops"; "people
        // died" → "people"), else the last word.
        var noun = head.Count > 1 ? head.LastOrDefault(Claims.ClaimExtractor.LooksPlural) ?? head[^1] : head[0];
        var phrase = head.Take(head.IndexOf(noun) + 1).ToList();
        // What happened to them: the first content word after the noun, past auxiliaries ("people died", "have been injured").
        var verb = head.Skip(head.IndexOf(noun) + 1).FirstOrDefault()
            ?? words.Skip(i).SkipWhile(w => IsAuxiliary(w) || IsAdverb(w) || w is "not" or "n't" or "ever" or "already" or "so" or "far").FirstOrDefault(w => !StopWords.Contains(w));
        if (verb is not null && !(verb.EndsWith("ed", StringComparison.Ordinal) || verb.EndsWith("en", StringComparison.Ordinal) || Claims.QuantityExtractor.IsIrregularPast(verb))) verb = null;
        return (Resolve(noun, terms), phrase.Select(w => Resolve(w, terms)).ToList(), verb);
    }


    /// <summary>The head of the subject after a question's auxiliary, or of what it is "for" when a verb and "for" follow it.</summary>
    private static string? SubjectAfterAuxiliary(List<string> words)
    {
        var np = new List<string>();
        var i = 1;
        for (; i < words.Count; i++)
        {
            var w = words[i];
            if (np.Count == 0 && StopWords.Contains(w)) continue; // "the", "a"
            // A participle before the noun describes it ("the missing objects", "the stolen paintings"); after it, it is the verb.
            // Dev (2026-12-06, 406 questions): "For how much were the missing objects insured?" priced "missing" and was
            // declined; now answered (with the "also" increment below, no false flag), nothing else moved.
            if (StopWords.Contains(w) || IsAuxiliary(w) || MoneyVerbs.Contains(w) || w == "worth" || np.Count > 0 && (w.EndsWith("ing", StringComparison.Ordinal)
                || w.EndsWith("ed", StringComparison.Ordinal) || Claims.QuantityExtractor.IsIrregularPast(w))) break;
            np.Add(w);
        }
        // "pay for the land", "getting for its current home", "chipping in towards road improvements": the thing is what
        // the money is for (after the verb and at most one particle). Dev (2026-12-06, 406 questions): the stadium's
        // highway contribution, priced "developer" and declined, is answered; nothing else moved.
        var purpose = i < words.Count && !StopWords.Contains(words[i]) ? words.Skip(i + 1).Take(2).ToList().FindIndex(w => w is "for" or "towards" or "toward") : -1;
        if (purpose >= 0)
        {
            var thing = words.Skip(i + 2 + purpose).SkipWhile(StopWords.Contains).TakeWhile(w => !StopWords.Contains(w) && !IsAuxiliary(w)).ToList();
            if (thing.Count > 0) return thing[^1];
        }
        return np.Count > 0 ? np[^1] : null;
    }

    /// <summary>Verbs of paying and costing ("how much will it cost", "how much did they pay").</summary>
    private static readonly HashSet<string> MoneyVerbs = new(StringComparer.Ordinal) { "cost", "costs", "pay", "paid", "pays", "spend", "spent", "charge", "charged", "raise", "raised", "receive", "received", "get", "got", "earn", "earned", "fetch", "fetched", "sell", "sold", "owe", "owed" };

    /// <summary>An adverb in -ly ("actually", "eventually", "finally"), not a noun in -ly ("family", "supply", "assembly").</summary>
    private static bool IsAdverb(string w) => w.Length > 5 && w.EndsWith("ly", StringComparison.Ordinal) && !w.EndsWith("ply", StringComparison.Ordinal) && !w.EndsWith("mbly", StringComparison.Ordinal)
        && w is not ("family" or "anomaly" or "monopoly");

    private static bool IsAuxiliary(string w) => w is "did" or "does" or "do" or "were" or "was" or "are" or "is" or "has" or "have" or "had" or "been" or "be";

    private static string Resolve(string word, List<Term> terms)
    {
        var term = terms.FirstOrDefault(t => t.Word == word || Stemmer.Stem(word) == t.Stem);
        return term.Stem ?? Stemmer.Stem(word);
    }

    private string FixQuestionWords(string q)
    {
        // Misspelt question words ("meny", "hw") would hide the question type. They open a question: only its first three
        // words are looked at, and a common English word is left alone ("How many people died" must not become "did").
        var position = 0;
        return WordRegex().Replace(q, m =>
        {
            var w = m.Value.ToLowerInvariant();
            if (position++ >= 3 || w.Length < 3 || QuestionWords.Contains(w) || StopWords.Contains(w)) return m.Value;
            if (vectors?.Rank(w) is >= 0 and < 20_000) return m.Value;
            foreach (var qw in QuestionWords)
                if (qw.Length >= 3 && Math.Abs(qw.Length - w.Length) <= 1 && EditDistance(w, qw, 1) <= 1) return char.IsUpper(m.Value[0]) ? char.ToUpperInvariant(qw[0]) + qw[1..] : qw;
            return m.Value;
        });
    }

    private static string? Correct(string word, CorpusStatistics stats)
    {
        if (word.Length < 4) return null;
        if (stats.Corrections.TryGetValue(word, out var known)) return known;
        var found = NearestCorpusWord(word, stats);
        // Questions with a word a corpus lacks come back (follow-ups, retries): looked up once per snapshot (bounded; the
        // count is only read when adding).
        if (stats.Corrections.Count < CorpusStatistics.MaxCorrections) stats.Corrections.TryAdd(word, found);
        return found;
    }

    private static string? NearestCorpusWord(string word, CorpusStatistics stats)
    {
        var maxDistance = word.Length >= 8 ? 2 : 1;
        string? best = null; var bestDistance = int.MaxValue; var bestDf = -1;
        foreach (var (candidate, stem) in stats.Vocabulary)
        {
            if (Math.Abs(candidate.Length - word.Length) > maxDistance || candidate[0] != word[0] && maxDistance == 1 && word.Length < 5) continue;
            var d = EditDistance(word, candidate, maxDistance);
            if (d > maxDistance) continue;
            var df = stats.DocumentFrequency(stem);
            if (d < bestDistance || d == bestDistance && df > bestDf) { best = candidate; bestDistance = d; bestDf = df; }
        }
        return best;
    }

    /// <summary>Damerau-Levenshtein distance (optimal string alignment), stopping early past <paramref name="max"/>.</summary>
    /// <remarks>Three rows of the table, on the stack for words of ordinary length: it runs for every corpus word of about
    /// the right length, and a table allocated per call was most of a question's garbage.</remarks>
    internal static int EditDistance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var width = b.Length + 1;
        Span<int> rows = width * 3 <= 512 ? stackalloc int[width * 3] : new int[width * 3];
        Span<int> before = rows[..width], previous = rows.Slice(width, width), current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j < width; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, before[j - 2] + 1);
                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > max) return max + 1;
            var spare = before; before = previous; previous = current; current = spare;
        }
        return previous[b.Length];
    }

    // "What is the estimated bill for growers' losses?": up to two words may come before the bill, the fine or the price. Dev
    // (2026-12-07, 664 questions): expected disagreements flagged 104 -> 105 (the Wine Board's €94 million against the
    // ministry's €71 million), lead facts 0.654 -> 0.656 (the bank affair's all-in bill), nothing else moved; test unchanged.
    [GeneratedRegex(@"\b(how (many|much)|what (number|amount|quantity|percentage|proportion|share|sum|price)|what(?: is| was|'s| will| would)? (?:the |it |this |that )?(?:[a-z]+ ){0,4}?(?:expected to |likely to |going to |set to )?cost\b|what (?:is|was|'s|will be) the (?:[a-z-]+ ){0,2}?(?:cost|price|bill|fine|budget|salary|fee)\b|(the )?number of|\bwhat(?: is| was|'s| are| were)? (?:(?:the |its |their )?[a-z]+'s |the |its |their )(?:final |official |latest |total |overall |revised |first |initial |own )?(?:(?:count|tally|headcount) of|(?:death|casualty) toll)|how (large|big|high|long|far|old)|what(?: is|'s| was) the (population|median age|average age)|population of|how effective|what (efficacy|effectiveness))\b")]
    private static partial Regex HowMany();

    // "When", or a time word after "what"/"which" with its preposition, if any ("On what day", "By which date", "In what
    // year", "Until what time", "At roughly what time"), or "how long ago".
    [GeneratedRegex(@"^(?:(?:and|so|but|then)\s+)?(?:when\b|(?:(?:on|by|in|at|until|till|from|since|during)\s+)?(?:(?:roughly|about|around|approximately|exactly|precisely)\s+)?(?:what|which)\s+(?:date|day|year|month|week|time|night|morning|afternoon|evening)\b|since when|how long ago)")]
    private static partial Regex When();

    [GeneratedRegex(@"^(who\b|whom\b|whose\b|which (official|officials|person|people|body|agency|agencies|group|organi[sz]ation|country|countries|government|ministry|outlet|newspaper|leader|team)\b|according to whom|what (official|agency|body|group|organi[sz]ation|ministry|government)\b)")]
    private static partial Regex Who();

    // "What area of vineyard did the frost damage?" asks a size (hectares); "What area of the city was hit?" a place.
    [GeneratedRegex(@"^(?i:what|which)\s+(?i:area|acreage|extent)\s+of\s+(?!(?i:the|its|their|his|her|our|this|that|these|those)\b)\p{Ll}")]
    private static partial Regex AreaOf();

    [GeneratedRegex(@"^(where\b|in (what|which) (country|region|city|area|place|territory|province|part)|what (country|region|city|area|place|territory|location))")]
    private static partial Regex Where();

    [GeneratedRegex(@"^(why\b|how come\b|for what reasons?|on what grounds|what(?:'s| is| was| are| were)? (?:the )?(?:main |likely |real |root )?(?:cause|reason|trigger|explanation|motive)s?\b|what (?:caused|causes|led to|leads to|made|makes|prompted|prompts|triggered|triggers|sparked|sparks|drove|drives|started|brought about)\b|what (?:is|was|are|were) (?:driving|behind|causing|prompting)\b|what lies behind|what lay behind)")]
    private static partial Regex Why();

    [GeneratedRegex(@"^(which\b|what (kind|type|sort|system|systems|weapon|weapons|equipment|name)\b|what\b)")]
    private static partial Regex Which();

    [GeneratedRegex(@"^(is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b")]
    private static partial Regex YesNo();

    // "How big was the crowd?" asks a count of what follows (dev, 2026-12-06: the festival's daily crowd was declined with
    // "big" as the thing counted; answered now, nothing else moved).
    [GeneratedRegex(@"(how many|how much|number of|amount of|quantity of|count of|tally of|headcount of|how (?:" + SizeWords + @") (?:was|is|were|are|will be|would be))\s+(?<np>[^?.,;]+)")]
    private static partial Regex FocusPhrase();

    /// <summary>"How much" about money: cost, price, paid, spent, funding, worth, a bill, a fine, a ransom, a salary.</summary>
    [GeneratedRegex(@"\bhow much\b.*\b(cost|costs|costing|price|prices|pay|paid|pays|spend|spent|spending|fund|funded|funding|worth|bill|budget|fine|fined|compensation|ransom|salary|salaries|wage|wages|money|raise|raised|invest|invested|investment|charge|charged|fee|fees|owe|owed|loss|losses|damage)\b|\bwhat (sum|amount of money|price)\b|\bwhat\b.*\bcost\b|\bwhat (?:is|was|'s|will be) the (?:[a-z-]+ ){0,2}?(?:cost|price|bill|fine|budget|salary|fee)\b|\bhow (?:big|large) (?:a|an|the)\s+(?:[a-z]+\s+)?(?:cost|bill|fine|penalty|payout|pay-off|payoff|settlement|loss|budget|salary|fee|bonus|sum|investment|grant|compensation|ransom|debt|deficit)\b")]
    private static partial Regex AsksMoney();

    /// <summary>A margin: "by how many votes did she win", "how big was the majority", "what was the margin".</summary>
    [GeneratedRegex(@"^by how (?:many|much)\b|\b(?:majority|margin)\b|\bhow far ahead\b")]
    private static partial Regex AsksMargin();

    [GeneratedRegex(@"\bhow old\b|\bwhat age\b|\bat what age\b|\b(median|average) age\b")]
    private static partial Regex AsksAge();

    /// <summary>
    /// "How far did the shares drop?", "How much have prices risen?": a change of a level, told as a percentage ("fell 11 per
    /// cent"), not a count of the thing (asked after money: "how much did the bill rise" is an amount). The level is the
    /// subject after an auxiliary: "How much rain fell?" asks an amount of rain.
    /// </summary>
    [GeneratedRegex(@"\bhow (?:far|much)\b.*\b(?:did|does|do|has|have|had|will|would|is|are|was|were|'s)\b.*\b(?:fall|fell|fallen|drop|dropped|rise|rose|risen|climb|climbed|slump|slumped|jump|jumped|increase|increased|decrease|decreased|decline|declined|grow|grew|grown|shrink|shrank|shrunk|plunge|plunged|sink|sank|sunk|soar|soared|slide|slid|tumble|tumbled|surge|surged)\b")]
    private static partial Regex AsksChange();

    /// <summary>
    /// "How hot did it get?", "What temperature was recorded at 11am?", "How cold was the night?": a temperature ("39.4 °C",
    /// "minus 6.1 degrees"), not a count. Dev (2026-12-07, 664 questions), with temperatures read as such
    /// (<see cref="Claims.FigureMeasure.Temperature"/>) and forecasts left out of what happened
    /// (<see cref="Comparison.AnswerLanguage.ForecastBefore"/>): lead facts 0.656 -> 0.660 (how hot it got in Velmore, how cold
    /// in the frost), nothing else scored moved (without the forecast rule, a forecast 36C was a false side); test: correct
    /// abstentions 380 -> 382, nothing else moved.
    /// </summary>
    [GeneratedRegex(@"\bhow (?:" + TemperatureWords + @")\b|^what (?:was |is )?(?:the )?(?:[a-z]+ ){0,2}?temperatures?\b")]
    private static partial Regex AsksTemperature();

    /// <summary>"How long did the strike last?", "how long is the bridge?": a stretch of time or a length (not "how long ago").</summary>
    [GeneratedRegex(@"\bhow long\b(?! ago)")]
    private static partial Regex HowLong();

    /// <summary>"How much will …", "how much did …": "how much" with no noun of its own asks an amount of money.</summary>
    [GeneratedRegex(@"\bhow much (?:will|would|did|does|do|is|was|are|were|has|have|had|could|can|should)\b")]
    private static partial Regex HowMuchWithoutNoun();

    /// <summary>A share: "what percentage / proportion / share / fraction", "what rate".</summary>
    [GeneratedRegex(@"\bwhat (percentage|proportion|share|fraction|rate|per ?cent|efficacy|effectiveness)\b|\bhow many per ?cent\b|\bhow effective\b")]
    private static partial Regex AsksShare();

    [GeneratedRegex(@"\b(latest|most recent|newest|now|currently|current|so far|to date|recently|updated)\b")]
    private static partial Regex NewestCue();

    [GeneratedRegex(@"\b(originally|initially|at first|first reported|earliest|oldest|initial)\b")]
    private static partial Regex OldestCue();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex WordRegex();
}
