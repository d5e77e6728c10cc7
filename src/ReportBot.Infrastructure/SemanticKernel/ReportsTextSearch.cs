// CS0618: SK 1.82's plugin factories (CreateWithGetTextSearchResults etc.) still take the non-generic ITextSearch and
// TextSearchOptions, which are marked obsolete; this class implements what those factories take.
#pragma warning disable CS0618
using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel.Data;
using ReportBot.Core.Answering;
using ReportBot.Core.Retrieval;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// Semantic Kernel's <see cref="ITextSearch"/> over ReportBot's hybrid retrieval: the question becomes exactly the query
/// the answering service sends (<see cref="AnswerService.QueryForAsync"/>: BM25 terms with their corpus-word expansions
/// and the SIF vector), fused inside Qdrant. Each result is a chunk: its text as the value, the report title (publisher,
/// date) as the name, <c>report:{id}#{start}-{end}</c> as the link.
/// </summary>
public sealed class ReportsTextSearch(AnswerService answers, IVectorIndex index) : ITextSearch
{
    /// <summary>The best chunks for <paramref name="query"/> (<see cref="TextSearchOptions.Top"/>, default 5; <see cref="TextSearchOptions.Skip"/> honoured).</summary>
    public async Task<IReadOnlyList<ScoredChunk>> SearchChunksAsync(string query, int top, int skip, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var hybrid = await answers.QueryForAsync(query, cancellationToken);
        var limit = Math.Clamp(top + skip, 1, 200);
        var hits = await index.QueryAsync(hybrid with { Limit = limit, PrefetchLimit = Math.Max(hybrid.PrefetchLimit, limit) }, cancellationToken);
        return hits.Skip(skip).Take(top).ToList();
    }

    /// <inheritdoc />
    public async Task<KernelSearchResults<string>> SearchAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var chunks = await SearchChunksAsync(query, Top(searchOptions), searchOptions?.Skip ?? 0, cancellationToken);
        return new KernelSearchResults<string>(Enumerate(chunks.Select(c => c.Payload.Text)));
    }

    /// <inheritdoc />
    public async Task<KernelSearchResults<TextSearchResult>> GetTextSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var chunks = await SearchChunksAsync(query, Top(searchOptions), searchOptions?.Skip ?? 0, cancellationToken);
        return new KernelSearchResults<TextSearchResult>(Enumerate(chunks.Select(ToResult)));
    }

    /// <inheritdoc />
    public async Task<KernelSearchResults<object>> GetSearchResultsAsync(string query, TextSearchOptions? searchOptions = null, CancellationToken cancellationToken = default)
    {
        var chunks = await SearchChunksAsync(query, Top(searchOptions), searchOptions?.Skip ?? 0, cancellationToken);
        return new KernelSearchResults<object>(Enumerate<object>(chunks));
    }

    /// <summary>A chunk as SK's text search result.</summary>
    public static TextSearchResult ToResult(ScoredChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var p = chunk.Payload;
        var source = string.Join(", ", new[] { p.Title, p.Publisher, p.Published }.Where(x => !string.IsNullOrWhiteSpace(x)));
        return new TextSearchResult(p.Text) { Name = source, Link = $"report:{p.ReportId}#{p.Start}-{p.End}" };
    }

    private static int Top(TextSearchOptions? options) => options?.Top is > 0 and var t ? t : 5;

    private static async IAsyncEnumerable<T> Enumerate<T>(IEnumerable<T> items, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
        await Task.CompletedTask;
    }
}
