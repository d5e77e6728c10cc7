using ReportBot.Core.Claims;
using ReportBot.Core.Answering;
using ReportBot.Core.Evaluation;

namespace ReportBot.Tests.Evaluation;

/// <summary>
/// Small evaluation runs built without a server: canned answers go through the real <see cref="EvaluationRunner"/>
/// and <see cref="Scorer"/>. The reports contain markup, as scraped reports may.
/// </summary>
internal static class SampleRuns
{
    public const string Markup = "<script>alert('x')</script><b>bold</b>";

    public static readonly Dictionary<string, string> Reports = new(StringComparer.Ordinal)
    {
        ["courier"] = "Fire at the Brackenford mill. Twelve workers were injured when the fire spread. " + Markup + " The mill will reopen in May.",
        ["ledger"] = "Mill fire injures nine. Nine workers were injured, the fire service said on Tuesday.",
    };

    public static readonly string[] SetLines =
    [
        """{"id":"injured","question":"How many workers were injured?","facts":[["twelve","12"]],"sources":["courier","ledger"],"conflict":true,"conflict_values":[["twelve"],["nine"]],"tags":["numbers","conflict"]}""",
        """{"id":"reopen","question":"When will the <mill> reopen?","facts":[["May"],["June"]],"sources":["courier"],"tags":["dates"]}""",
        """{"id":"owner","question":"Who owns the mill?","answerable":false,"tags":["unanswerable"]}""",
        """{"id":"crash","question":"What caused the fire?","sources":["ledger"],"tags":["cause"]}""",
    ];

    public static IReadOnlyList<EvalQuestion> Questions => QuestionSet.Parse(SetLines);

    /// <summary>The canned answers; <paramref name="worse"/> drops a fact and the disagreement (a regression).</summary>
    public static Dictionary<string, AnswerResult> Answers(bool worse = false)
    {
        var twelve = Cite(1, "courier", "Twelve workers were injured when the fire spread.");
        var nine = Cite(2, "ledger", "Nine workers were injured, the fire service said on Tuesday.");
        var markup = Cite(1, "courier", Markup + " The mill will reopen in May.");
        var disagreement = new Disagreement("the number of injured workers", DisagreementKind.Contradiction, "The Courier says twelve [1]; the Ledger says nine [2].",
        [
            new ClaimView("twelve", twelve.Quote, 1, "courier", "2026-03-03", null),
            new ClaimView("nine", nine.Quote, 2, "ledger", "2026-03-04", "the fire service", IsNewer: true),
        ]);
        return new(StringComparer.Ordinal)
        {
            ["injured"] = worse
                ? new AnswerResult("Nine workers were injured [2].", true, [nine], [], "How many workers were injured?", Retrieved("ledger", "courier"), Confidence: 0.7)
                : new AnswerResult("The reports give different figures: twelve workers [1]; nine workers [2].\n\n**The reports disagree** on the number of injured workers: the Courier says twelve [1]; the Ledger says nine [2].", true,
                    [twelve, nine], [disagreement], "How many workers were injured?", Retrieved("courier", "ledger"), Confidence: 0.8),
            ["reopen"] = new AnswerResult("The mill will reopen in May: “" + Markup + " The mill will reopen in May.” [1]", true, [markup], [], "When will the <mill> reopen?", Retrieved("courier"), Confidence: 0.6),
            ["owner"] = new AnswerResult("The reports don't answer this question.", false, [], [], "Who owns the mill?", [], Confidence: 0.1),
        };
    }

    public static Task<EvaluationRun> RunAsync(bool worse = false)
    {
        var answers = Answers(worse);
        return EvaluationRunner.RunAsync("/sets/sample.jsonl", "in-process", Questions,
            (q, _) => answers.TryGetValue(q.Id, out var a) ? Task.FromResult(a) : throw new HttpRequestException("503 (Service Unavailable)"),
            (_, id) => Reports.GetValueOrDefault(id), null, TimeProvider.System, CancellationToken.None);
    }

    public static Citation Cite(int n, string reportId, string quote)
    {
        var start = Reports[reportId].IndexOf(quote, StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException($"'{quote}' is not in {reportId}", nameof(quote));
        return new Citation(n, reportId, reportId == "courier" ? "Fire at the <Brackenford> mill" : "Mill fire injures nine", reportId == "courier" ? "Brackenford Courier" : "Valley Ledger",
            reportId == "courier" ? "2026-03-03" : "2026-03-04", quote, start, start + quote.Length);
    }

    private static List<RetrievedPassage> Retrieved(params string[] ids) => [.. ids.Select((id, i) => new RetrievedPassage(id, i, 1.0 / (i + 1), 0, 10))];
}
