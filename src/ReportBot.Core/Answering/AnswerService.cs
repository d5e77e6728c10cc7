using Microsoft.Extensions.AI;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>
/// The one answering pipeline every channel calls:
/// 1. understand the question (resolve a follow-up from the history, find the type and the terms);
/// 2. retrieve chunks (sparse BM25 with word-vector expansion + dense SIF vector, fused in the index);
/// 3. score sentences and pick evidence (or decline when nothing covers the question);
/// 4. find disagreements among the evidence;
/// 5. compose the answer with verbatim citations (and, when a chat model is configured, let it write the text through
///    <see cref="IGenerativeAnswerer"/> — Semantic Kernel — checked by <see cref="AnswerCheck"/>; any model failure falls
///    back to the model-free text).
/// </summary>
public sealed class AnswerService(
    IVectorIndex index,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    CorpusState corpus,
    QueryExpander expander,
    QuestionAnalyzer analyzer,
    AnsweringOptions options,
    IGenerativeAnswerer? generative = null)
{
    private readonly EvidenceSelector _selector = new(expander, new SentenceCache(options.SentenceCacheChunks));

    public Task<AnswerResult> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken) => AnswerAsync(request, null, cancellationToken);

    /// <summary>Answers; with a chat model and a <paramref name="stream"/>, the answer's text is also given piece by piece as it is written.</summary>
    public Task<AnswerResult> AnswerAsync(AnswerRequest request, IAnswerStream? stream, CancellationToken cancellationToken) =>
        AnswerAsync(request, stream, generative, cancellationToken);

    /// <summary>As above, with <paramref name="writer"/> as the generative step (the SK plugin passes its own kernel's; null: model-free).</summary>
    public async Task<AnswerResult> AnswerAsync(AnswerRequest request, IAnswerStream? stream, IGenerativeAnswerer? writer, CancellationToken cancellationToken)
    {
        // A pattern that runs away on a passage (PatternWatchdog) ends in a plain decline, never a hung or failed request.
        try
        {
            // 0. A question that asks two things is answered as two, the second with the first as the turn before it
            // (TwoPartQuestions); a model writing to a stream writes the whole question's answer.
            if ((stream is null || writer is not { IsEnabled: true }) && TwoPartQuestions.Split(request.Question) is { } parts)
            {
                var first = await AnswerFromReportsAsync(request with { Question = parts.First }, null, writer, cancellationToken);
                var history = (request.History ?? []).Append(new ChatTurn("user", parts.First)).Append(new ChatTurn("assistant", first.Answer)).ToList();
                var second = await AnswerFromReportsAsync(request with { Question = parts.Second, History = history }, null, writer, cancellationToken);
                // Neither part answered alone: the question is tried whole.
                if (first.Answerable || second.Answerable) return TwoPartQuestions.Join(parts, first, second);
            }
            return await AnswerFromReportsAsync(request, stream, writer, cancellationToken);
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return new AnswerResult(AnswerComposer.NotRead, false, [], [], request.Question, []);
        }
    }

    private async Task<AnswerResult> AnswerFromReportsAsync(AnswerRequest request, IAnswerStream? stream, IGenerativeAnswerer? writer, CancellationToken cancellationToken)
    {
        var snapshot = corpus.Current;
        var model = writer is { IsEnabled: true } ? writer : null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var marks = new double[6];
        void Mark(int step) { marks[step] = clock.Elapsed.TotalMilliseconds; }
        AnswerTimings Timings() => new(marks[0], marks[1] - marks[0], marks[2] - marks[1], marks[3] - marks[2], marks[4] - marks[3], clock.Elapsed.TotalMilliseconds - marks[4]);

        // 1. Understand the question (the model rewrites a follow-up when one is configured).
        var (standalone, context) = model is not null && await model.RewriteAsync(request.Question, request.History, cancellationToken) is { } rewritten
            ? (rewritten, null)
            : FollowUpResolver.Resolve(request.Question, request.History);
        var coreQuestion = context is null ? standalone : standalone[..standalone.IndexOf(" (about: ", StringComparison.Ordinal)] + "?";
        var question = analyzer.Analyze(coreQuestion, snapshot.Statistics);
        var contextTerms = context is null ? [] : analyzer.Analyze(context, snapshot.Statistics).Terms;
        Mark(0);

        // 2. Retrieve.
        var sparse = SparseQuery(question, contextTerms, snapshot);
        Mark(1);
        var dense = (await embeddings.GenerateAsync([standalone], cancellationToken: cancellationToken))[0].Vector.ToArray();
        Mark(2);
        // Chunks of equal score (near-duplicate passages) come in one fixed order: which are kept is fixed by RankFusion (the
        // default RRF), and their order by this sort (also for the fusions left inside Qdrant, whose order of ties is not).
        var chunks = (await index.QueryAsync(new HybridQuery(dense, sparse, options.TopChunks, options.PrefetchLimit, options.Fusion), cancellationToken))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Payload.ReportId, StringComparer.Ordinal).ThenBy(c => c.Payload.ChunkIndex).ToList();
        chunks.AddRange(HeadlinesOf(chunks, snapshot));
        Mark(3);
        var retrieved = chunks.Select(c => new RetrievedPassage(c.Payload.ReportId, c.Payload.ChunkIndex, c.Score, c.Payload.Start, c.Payload.End)).ToList();

        // 3. Evidence.
        var scored = _selector.Score(question, contextTerms, chunks, snapshot);
        var picked = EvidenceSelector.Pick(scored, question, options.MaxEvidence, options.MinCoverage);
        if (EvidenceSelector.NamesOnlyUnknowns(question, snapshot)) picked = [];
        var evidence = Comparison.ReportAnswers.WithEveryReportsPassage(picked, scored, question, Comparison.ComparisonOptions.Default);
        var confidence = Math.Round(scored.Where(s => question.Type != QuestionType.Quantity || s.FocusQuantities.Count > 0).Select(s => s.Coverage).DefaultIfEmpty(0).Max(), 3);
        Mark(4);
        if (evidence.Count == 0)
            return new AnswerResult(AnswerComposer.NotAnswered, false, [], [], standalone, retrieved, Confidence: confidence) { Timings = Timings() };

        // 4–5. Disagreements and composition.
        var composed = AnswerComposer.Compose(question, evidence, snapshot, (a, b) => expander.Similarity(a, b), scored);
        if (ReferenceEquals(composed, AnswerComposer.Declined))
            return new AnswerResult(AnswerComposer.NotAnswered, false, [], [], standalone, retrieved, Confidence: confidence) { Timings = Timings() };
        retrieved.AddRange(composed.Extra.Where(x => !retrieved.Any(r => r.ReportId == x.ReportId && r.ChunkIndex == x.ChunkIndex)));
        if (model is not null && stream is not null) await stream.OnStartAsync(standalone, retrieved, cancellationToken);
        var written = model is null ? null : await model.ComposeAsync(standalone, composed, stream is null ? null : stream.OnDeltaAsync, cancellationToken);
        return new AnswerResult(written?.Text ?? composed.Text, true, composed.Citations, composed.Disagreements, standalone, retrieved,
            written?.Mode ?? AnswerModes.Extractive, confidence) { Timings = Timings() };
    }

    /// <summary>
    /// The hybrid query sent to the index for a standalone question, exactly as <see cref="AnswerAsync(AnswerRequest, CancellationToken)"/>
    /// builds it (the benchmark times it alone against Qdrant as the floor).
    /// </summary>
    public async Task<HybridQuery> QueryForAsync(string question, CancellationToken cancellationToken)
    {
        var snapshot = corpus.Current;
        var analyzed = analyzer.Analyze(question, snapshot.Statistics);
        var dense = (await embeddings.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
        return new HybridQuery(dense, SparseQuery(analyzed, [], snapshot), options.TopChunks, options.PrefetchLimit, options.Fusion);
    }

    /// <summary>
    /// The headline of every report a retrieved chunk comes from, when it was not retrieved itself, after the retrieved
    /// chunks: a headline is the whole report's and can state what its body words otherwise ("recall bill tops £12
    /// million"). Headlines are not filtered out of the query itself: a filter on a sharded collection lets each shard
    /// choose its own search plan, and a three-node cluster then retrieved differently from a single node (ClusterTests).
    /// </summary>
    private static IEnumerable<ScoredChunk> HeadlinesOf(IReadOnlyList<ScoredChunk> chunks, CorpusSnapshot snapshot)
    {
        foreach (var reportId in chunks.Select(c => c.Payload.ReportId).Distinct(StringComparer.Ordinal).ToList())
            if (snapshot.ById.TryGetValue(reportId, out var cleaned) && snapshot.HeadlineOf(reportId) is { } headline
                && !chunks.Any(c => c.Payload.ReportId == reportId && c.Payload.ChunkIndex == headline.Index))
                yield return new ScoredChunk(IngestionPipeline.PointId(reportId, headline.Index), 0, IngestionPipeline.PayloadOf(cleaned.Report, headline));
    }

    /// <summary>The question's terms plus corpus words close to them (and a follow-up's context terms), weighted.</summary>
    private SparseVector SparseQuery(AnalyzedQuestion question, IReadOnlyList<Term> contextTerms, CorpusSnapshot snapshot)
    {
        var expansions = new List<(string Stem, float Weight)>();
        foreach (var t in question.Terms.Where(t => !t.IsNumber))
            foreach (var (stem, sim) in expander.Similar(t.Word, snapshot.Statistics))
                expansions.Add((stem, sim * 0.6f));
        // A word no report uses is also looked for by its WordNet synonyms that they use ("boss" → chief). Not a word they
        // use: its synonyms would reorder near-equal chunks; while Qdrant kept the IDF per shard, a sharded collection then
        // retrieved differently from a single node (ClusterTests failed on the project set's first question).
        foreach (var t in question.Terms.Where(t => !t.IsNumber && !snapshot.Statistics.Contains(t.Stem)))
            foreach (var stem in expander.SynonymStems(t.Word, snapshot.Statistics))
                expansions.Add((stem, 0.6f));
        expansions.AddRange(contextTerms.Select(t => (t.Stem, 0.5f)));
        return SparseEncoder.EncodeQuery(question.Terms.Select(t => t.Stem), expansions, snapshot.Statistics);
    }

    /// <summary>Checks a request; returns the offending field and message, or null when it is valid.</summary>
    public (string Field, string Message)? Validate(AnswerRequest? request)
    {
        if (request is null) return ("body", "A JSON body with a 'question' is required.");
        if (string.IsNullOrWhiteSpace(request.Question)) return ("question", "The question is required and must not be blank.");
        if (request.Question.Length > options.MaxQuestionLength) return ("question", $"The question must be at most {options.MaxQuestionLength} characters (it has {request.Question.Length}).");
        if (request.History is { } h)
        {
            if (h.Count > options.MaxHistoryTurns) return ("history", $"The history must have at most {options.MaxHistoryTurns} turns (it has {h.Count}).");
            for (var i = 0; i < h.Count; i++)
            {
                if (h[i] is null) return ($"history[{i}]", "A history turn must be an object.");
                if (h[i].Role is not ("user" or "assistant")) return ($"history[{i}].role", "The role must be 'user' or 'assistant'.");
                if (h[i].Content is null) return ($"history[{i}].content", "The content is required.");
                if (h[i].Content.Length > options.MaxQuestionLength * 4) return ($"history[{i}].content", "The content is too long.");
            }
        }
        return null;
    }
}
