using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>One passage found by <see cref="ReportsPlugin.SearchAsync"/>.</summary>
public sealed record PassageView(string ReportId, string Title, string? Publisher, string? Published, string Text, int Start, int End, double Score);

/// <summary>
/// The <c>reports</c> Semantic Kernel plugin: ReportBot's search, answer and disagreements as kernel functions. A thin
/// layer over <see cref="AnswerService"/>, <see cref="ReportsTextSearch"/> and the corpus snapshot. <c>answer</c> is the
/// model-free answer unless the kernel has a chat completion service; then the evidence goes through the
/// <c>reports.write</c> prompt function (ReportBot's prompt files as SK templates) and <see cref="AnswerCheckFilter"/>.
/// </summary>
public sealed partial class ReportsPlugin(AnswerService answers, ReportsTextSearch search, CorpusState corpus)
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
    public async Task<AnswerResult> AnswerAsync(Kernel kernel,
        [Description("The question, standalone.")] string question,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var evidence = await answers.AnswerAsync(new AnswerRequest(question), cancellationToken);
        // The model-free path is the default: without a chat completion service in the kernel, this is the answer.
        if (!evidence.Answerable || evidence.Citations.Count == 0 || kernel.Services.GetService<IChatCompletionService>() is null)
            return evidence;
        var write = kernel.Plugins.TryGetFunction(ReportsKernel.PluginName, ReportsKernel.WriteFunction, out var f) ? f : ReportsKernel.CreateWriteFunction();
        try
        {
            var result = await kernel.InvokeAsync(write, WriteArguments(question, evidence), cancellationToken);
            return result.GetValue<AnswerResult>() ?? evidence with { Mode = "extractive-fallback" };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            return evidence with { Mode = "extractive-fallback" }; // the model failed: the model-free answer stands
        }
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

    /// <summary>The arguments of <c>reports.write</c>: the question, the numbered passages, the disagreements, and the model-free answer for the check.</summary>
    public static KernelArguments WriteArguments(string question, AnswerResult evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var passages = new StringBuilder();
        foreach (var c in evidence.Citations)
        {
            var source = string.Join(", ", new[] { c.Publisher ?? c.Title, c.Published ?? "undated" });
            passages.Append(CultureInfo.InvariantCulture, $"<passage n=\"{c.N}\" source=\"{Untrusted(source).Replace("\"", "'", StringComparison.Ordinal)}\">\n{Untrusted(c.Quote)}\n</passage>\n");
        }
        var notes = new StringBuilder();
        foreach (var d in evidence.Disagreements)
        {
            var sides = d.Claims.GroupBy(x => x.Value, StringComparer.OrdinalIgnoreCase)
                .Select(g => $"\"{Untrusted(g.Key)}\" {string.Concat(g.Select(x => x.N).Distinct().Order().Select(n => $"[{n}]"))}");
            notes.Append(CultureInfo.InvariantCulture, $"- {Untrusted(d.Topic)} ({d.Kind}): {string.Join(" versus ", sides)}\n");
        }
        if (notes.Length == 0) notes.Append("(none)\n");
        return new KernelArguments
        {
            ["question"] = Untrusted(question),
            ["passages"] = passages.ToString().TrimEnd(),
            ["disagreements"] = notes.ToString().TrimEnd(),
            [AnswerCheckFilter.EvidenceArgument] = evidence,
        };
    }

    /// <summary>Report text (or a user's words) put into a prompt: it cannot open or close a delimiter or a chat message tag.</summary>
    private static string Untrusted(string text) => AngleBrackets().Replace(text, m => m.Value == "<" ? "‹" : "›");

    [GeneratedRegex("[<>]")]
    private static partial Regex AngleBrackets();
}
