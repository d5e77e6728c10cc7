using System.Text.Json;

namespace ReportBot.Core.Evaluation;

/// <summary>
/// Reads the RAMDocs benchmark (Wang et al. 2025, "Retrieval-Augmented Generation with Conflicting Evidence", MIT;
/// github.com/HanNight/RAMDocs, file RAMDocs_test.jsonl) as a question set: each line's <c>question</c> is asked over its
/// own <c>documents</c> only; <c>gold_answers</c> and <c>wrong_answers</c> feed answer_recall, em_like and
/// conflict_surfaced. The file is never committed: the evaluation reads it from the path it is given.
/// The first <see cref="TestLines"/> questions in file order are the <c>test</c> split (reported, never used to choose a
/// rule or a threshold), the rest <c>dev</c>.
/// </summary>
public static class RamDocsSet
{
    /// <summary>Questions, in file order, that form the test split.</summary>
    public const int TestLines = 100;

    private static readonly HashSet<string> Known = ["question", "documents", "disambig_entity", "gold_answers", "wrong_answers"];
    private static readonly HashSet<string> DocumentFields = ["text", "type", "answer"];
    private static readonly HashSet<string> DocumentTypes = ["correct", "misinfo", "noise"];

    public static IReadOnlyList<EvalQuestion> Load(string path, int? limit = null) => Parse(File.ReadLines(path), limit);

    /// <summary>Parses RAMDocs lines; a malformed line stops the read with its line number. <paramref name="limit"/>: the first N questions only.</summary>
    public static IReadOnlyList<EvalQuestion> Parse(IEnumerable<string> lines, int? limit = null)
    {
        var result = new List<EvalQuestion>();
        var n = 0;
        foreach (var raw in lines)
        {
            n++;
            if (limit is { } max && result.Count >= max) break;
            if (QuestionSet.ParseLine(raw, n, Known) is not { } doc) continue;
            using (doc)
            {
                var o = doc.RootElement;
                var question = QuestionSet.RequiredString(o, "question", n);
                if (!o.TryGetProperty("documents", out var docs) || docs.ValueKind != JsonValueKind.Array)
                    throw new QuestionSetException(n, "'documents' must be an array of objects");
                var documents = new List<EvalDocument>();
                var answers = new List<string>();
                var types = new List<string>();
                var i = 0;
                foreach (var d in docs.EnumerateArray())
                {
                    if (d.ValueKind != JsonValueKind.Object) throw new QuestionSetException(n, $"documents[{i}] must be an object");
                    foreach (var p in d.EnumerateObject())
                        if (!DocumentFields.Contains(p.Name)) throw new QuestionSetException(n, $"documents[{i}]: unknown field '{p.Name}'");
                    var text = QuestionSet.RequiredString(d, "text", n, $"documents[{i}].text");
                    var type = QuestionSet.RequiredString(d, "type", n, $"documents[{i}].type");
                    if (!DocumentTypes.Contains(type)) throw new QuestionSetException(n, $"documents[{i}].type must be one of correct, misinfo, noise");
                    var answer = QuestionSet.RequiredString(d, "answer", n, $"documents[{i}].answer");
                    documents.Add(new EvalDocument(text, $"Document {i + 1}"));
                    answers.Add(type == "noise" ? "unknown" : answer);
                    types.Add(type);
                    i++;
                }
                if (documents.Count == 0) throw new QuestionSetException(n, "'documents' must not be empty");
                var gold = Strings(o, "gold_answers", n, required: true);
                if (gold.Count == 0) throw new QuestionSetException(n, "'gold_answers' must not be empty");
                var wrong = Strings(o, "wrong_answers", n, required: false);
                var distinct = answers.Where(a => a != "unknown").Select(Scorer.NormalizeAnswer).Distinct(StringComparer.Ordinal).Count();
                var tags = new List<string> { "ramdocs" };
                if (distinct >= 2) tags.Add("conflict");
                if (gold.Count >= 2) tags.Add("ambiguous");
                if (types.Contains("misinfo")) tags.Add("misinfo");
                if (types.Contains("noise")) tags.Add("noise");
                result.Add(new EvalQuestion($"ramdocs-{n}", question, [], true, [], [], false, [], tags, n)
                {
                    Split = result.Count < TestLines ? QuestionSplits.Test : QuestionSplits.Dev,
                    Documents = documents,
                    GoldAnswers = gold,
                    WrongAnswers = wrong,
                    DocumentAnswers = answers,
                });
            }
        }
        return result;
    }

    private static List<string> Strings(JsonElement o, string name, int line, bool required)
    {
        if (!o.TryGetProperty(name, out var v))
            return required ? throw new QuestionSetException(line, $"'{name}' is required") : [];
        if (v.ValueKind != JsonValueKind.Array) throw new QuestionSetException(line, $"'{name}' must be an array of strings");
        return v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(e.GetString())
            ? e.GetString()! : throw new QuestionSetException(line, $"'{name}' must be an array of non-blank strings")).ToList();
    }
}
