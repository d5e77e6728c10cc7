using System.Security.Cryptography;
using System.Text;
using ReportBot.Core.Corpus;

namespace ReportBot.Core.Evaluation;

/// <summary>
/// The documents a question brings (sets like RAMDocs) as reports: ids <c>doc-1</c>, <c>doc-2</c>, … in the order given,
/// the text exactly as given (citation offsets point into it), the title, date and publisher the set states and nothing else.
/// </summary>
public static class QuestionDocuments
{
    public static string Id(int index) => $"doc-{index + 1}";

    public static IReadOnlyList<Report> Reports(EvalQuestion question) =>
        question.Documents.Select((d, i) =>
        {
            var text = d.Text.Replace("\r\n", "\n", StringComparison.Ordinal);
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{d.Title}\n{d.Publisher}\n{d.Published}\n{text}")));
            return new Report(Id(i), $"{question.Id}/{Id(i)}", new ReportMetadata(d.Title ?? $"Document {i + 1}", d.Publisher, d.Published), text, hash);
        }).ToList();

    /// <summary>The text of one of the question's documents (what its citations must quote), or null.</summary>
    public static string? Text(EvalQuestion question, string reportId)
    {
        for (var i = 0; i < question.Documents.Count; i++)
            if (Id(i) == reportId) return question.Documents[i].Text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return null;
    }
}
