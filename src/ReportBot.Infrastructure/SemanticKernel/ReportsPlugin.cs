using System.ComponentModel;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>One passage found by <see cref="ReportsPlugin.SearchAsync"/>.</summary>
public sealed record PassageView(string ReportId, string Title, string? Publisher, string? Published, string Text, int Start, int End, double Score);

/// <summary>
/// The <c>reports</c> Semantic Kernel plugin: ReportBot's search, answer and disagreements as kernel functions. A thin
/// layer over <see cref="AnswerService"/>, <see cref="ReportsTextSearch"/> and the corpus snapshot. <c>answer</c> is the
/// bot's own answering pipeline with the invoking kernel as its generative step (<see cref="KernelGenerativeAnswerer"/>):
/// model-free unless the kernel has a chat completion service; then the <c>reports.write</c> prompt function (ReportBot's
/// prompt files as SK templates) writes it and <see cref="AnswerCheckFilter"/> checks it.
/// </summary>
public sealed class ReportsPlugin(AnswerService answers, ReportsTextSearch search, CorpusState corpus, ILoggerFactory? loggers = null)
{
    /// <summary>Searches the reports.</summary>
    [KernelFunction("search")]
    [Description("Searches the news reports (hybrid BM25 and word-vector retrieval in Qdrant) and returns the best passages, verbatim, with their report, title, publisher and date.")]
    public async Task<IReadOnlyList<PassageView>> SearchAsync(
        [Description("What to look for, in plain words or as a question.")] string query,
        [Description("How many passages to return (1-20).")] int top = 5,
        CancellationToken cancellationToken = default)
    {
        var chunks = await search.SearchChunksAsync(query, Math.Clamp(top, 1, 20), 0, cancellationToken);
        return chunks.Select(c => new PassageView(c.Payload.ReportId, c.Payload.Title, c.Payload.Publisher, c.Payload.Published, c.Payload.Text, c.Payload.Start, c.Payload.End, c.Score)).ToList();
    }

    /// <summary>Answers a question from the reports.</summary>
    [KernelFunction("answer")]
    [Description("Answers a question about the news reports: every claim quotes a report verbatim with a numbered citation [n], and where the reports disagree it says who says what and when. Says so when the reports do not answer it.")]
    public Task<AnswerResult> AnswerAsync(Kernel kernel,
        [Description("The question, standalone.")] string question,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var writer = new KernelGenerativeAnswerer(kernel, loggers?.CreateLogger("ReportBot.ModelProviders.Generation"));
        return answers.AnswerAsync(new AnswerRequest(question), null, writer, cancellationToken);
    }

    /// <summary>Lists the disagreements of the corpus.</summary>
    [KernelFunction("disagreements")]
    [Description("Lists where the news reports disagree (contradictions, figures changed over time, different scopes): each with its sides, their values, sources and dates.")]
    public IReadOnlyList<Disagreement> Disagreements(
        [Description("Only disagreements whose topic or summary mentions this (optional).")] string? topic = null)
    {
        var all = DisagreementMap.From(corpus.Current).Disagreements;
        return string.IsNullOrWhiteSpace(topic)
            ? all
            : all.Where(d => d.Topic.Contains(topic, StringComparison.OrdinalIgnoreCase) || d.Summary.Contains(topic, StringComparison.OrdinalIgnoreCase)).ToList();
    }
}
