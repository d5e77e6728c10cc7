using System.Text.Json;
using ReportBot.Core.Answering;

namespace ReportBot.Core.Evaluation;

/// <summary>One question of a question set (format: shared docs, QUESTION-SETS.md).</summary>
public sealed record EvalQuestion(
    string Id,
    string Question,
    IReadOnlyList<ChatTurn> History,
    bool Answerable,
    IReadOnlyList<IReadOnlyList<string>> Facts,
    IReadOnlyList<string> Sources,
    bool Conflict,
    IReadOnlyList<IReadOnlyList<string>> ConflictValues,
    IReadOnlyList<string> Tags,
    int Line)
{
    /// <summary>"dev" (rules and thresholds may be chosen looking at its results) or "test" (reported and gated, never used to choose).</summary>
    public string Split { get; init; } = QuestionSplits.Dev;

    /// <summary>When not empty, the question is answered over these documents only, not over the corpus.</summary>
    public IReadOnlyList<EvalDocument> Documents { get; init; } = [];

    /// <summary>Gold answers (sets like RAMDocs): every one should appear in the answer.</summary>
    public IReadOnlyList<string> GoldAnswers { get; init; } = [];

    /// <summary>Wrong answers (misinformation in the documents): none should be asserted.</summary>
    public IReadOnlyList<string> WrongAnswers { get; init; } = [];

    /// <summary>The answer each document gives, where the set says (RAMDocs' per-document <c>answer</c>; "unknown" for noise).</summary>
    public IReadOnlyList<string> DocumentAnswers { get; init; } = [];
}

/// <summary>One document a question brings with it.</summary>
public sealed record EvalDocument(string Text, string? Title = null, string? Published = null, string? Publisher = null);

/// <summary>The held-out splits of a question set.</summary>
public static class QuestionSplits
{
    public const string Dev = "dev";
    public const string Test = "test";
}

/// <summary>A question set file that could not be read: the line and what is wrong with it.</summary>
public sealed class QuestionSetException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads a question set: UTF-8 JSON Lines, one object per line; blank lines and lines starting with <c>//</c> are skipped.
/// Strict: unknown types, missing ids or questions, duplicate ids stop the read with the line number.
/// </summary>
public static class QuestionSet
{
    private static readonly HashSet<string> Known = ["id", "question", "history", "answerable", "facts", "sources", "conflict", "conflict_values", "tags", "split", "documents"];

    public static IReadOnlyList<EvalQuestion> Load(string path) => Parse(File.ReadAllLines(path));

    public static IReadOnlyList<EvalQuestion> Parse(IEnumerable<string> lines)
    {
        var result = new List<EvalQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var n = 0;
        foreach (var raw in lines)
        {
            n++;
            if (ParseLine(raw, n, Known) is not { } doc) continue;
            using (doc)
            {
                var o = doc.RootElement;
                var id = RequiredString(o, "id", n);
                if (!ids.Add(id)) throw new QuestionSetException(n, $"duplicate id '{id}'");
                var question = RequiredString(o, "question", n);
                var history = new List<ChatTurn>();
                if (o.TryGetProperty("history", out var h))
                {
                    if (h.ValueKind != JsonValueKind.Array) throw new QuestionSetException(n, "'history' must be an array");
                    foreach (var t in h.EnumerateArray())
                    {
                        if (t.ValueKind != JsonValueKind.Object) throw new QuestionSetException(n, "each 'history' turn must be an object");
                        var role = RequiredString(t, "role", n);
                        if (role is not ("user" or "assistant")) throw new QuestionSetException(n, "'role' must be 'user' or 'assistant'");
                        history.Add(new ChatTurn(role, RequiredString(t, "content", n)));
                    }
                }
                result.Add(new EvalQuestion(id, question, history,
                    OptionalBool(o, "answerable", n) ?? true,
                    StringArrays(o, "facts", n),
                    Strings(o, "sources", n),
                    OptionalBool(o, "conflict", n) ?? false,
                    StringArrays(o, "conflict_values", n),
                    Strings(o, "tags", n),
                    n) { Split = SplitOf(o, n), Documents = Documents(o, n) });
            }
        }
        return result;
    }

    private static string SplitOf(JsonElement o, int line)
    {
        if (!o.TryGetProperty("split", out var v)) return QuestionSplits.Dev;
        return v.ValueKind == JsonValueKind.String && v.GetString() is QuestionSplits.Dev or QuestionSplits.Test
            ? v.GetString()!
            : throw new QuestionSetException(line, "'split' must be \"dev\" or \"test\"");
    }

    private static readonly HashSet<string> DocumentFields = ["text", "title", "published", "publisher"];

    private static List<EvalDocument> Documents(JsonElement o, int line)
    {
        if (!o.TryGetProperty("documents", out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new QuestionSetException(line, "'documents' must be an array of objects");
        var list = new List<EvalDocument>();
        var i = 0;
        foreach (var d in v.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Object) throw new QuestionSetException(line, $"documents[{i}] must be an object");
            foreach (var p in d.EnumerateObject())
                if (!DocumentFields.Contains(p.Name)) throw new QuestionSetException(line, $"documents[{i}]: unknown field '{p.Name}'");
            list.Add(new EvalDocument(RequiredString(d, "text", line, $"documents[{i}].text"), OptionalString(d, "title", line, i), OptionalString(d, "published", line, i), OptionalString(d, "publisher", line, i)));
            i++;
        }
        if (list.Count == 0) throw new QuestionSetException(line, "'documents' must not be empty (leave it out to use the corpus)");
        return list;
    }

    private static string? OptionalString(JsonElement o, string name, int line, int document)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new QuestionSetException(line, $"documents[{document}].{name} must be a string");
        return string.IsNullOrWhiteSpace(v.GetString()) ? null : v.GetString();
    }

    /// <summary>
    /// One line of a JSON Lines set: null for a blank line or a <c>//</c> comment, else its JSON object, whose fields must
    /// all be <paramref name="known"/>; anything else stops the read with the line number.
    /// </summary>
    internal static JsonDocument? ParseLine(string raw, int n, HashSet<string> known)
    {
        var line = raw.Trim();
        if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) return null;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(line); }
        catch (JsonException e) { throw new QuestionSetException(n, $"not valid JSON ({e.Message.Split('.')[0]})"); }
        var o = doc.RootElement;
        var problem = o.ValueKind != JsonValueKind.Object ? "each line must be a JSON object"
            : o.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !known.Contains(name)) is { } unknown ? $"unknown field '{unknown}'" : null;
        if (problem is null) return doc;
        doc.Dispose();
        throw new QuestionSetException(n, problem);
    }

    internal static string RequiredString(JsonElement o, string name, int line, string? label = null)
    {
        label ??= name;
        if (!o.TryGetProperty(name, out var v)) throw new QuestionSetException(line, $"'{label}' is required");
        if (v.ValueKind != JsonValueKind.String) throw new QuestionSetException(line, $"'{label}' must be a string");
        var s = v.GetString()!;
        if (string.IsNullOrWhiteSpace(s)) throw new QuestionSetException(line, $"'{label}' must not be blank");
        return s;
    }

    private static bool? OptionalBool(JsonElement o, string name, int line)
    {
        if (!o.TryGetProperty(name, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new QuestionSetException(line, $"'{name}' must be true or false"),
        };
    }

    private static List<string> Strings(JsonElement o, string name, int line)
    {
        if (!o.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new QuestionSetException(line, $"'{name}' must be an array of strings");
        return v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new QuestionSetException(line, $"'{name}' must be an array of strings")).ToList();
    }

    private static List<IReadOnlyList<string>> StringArrays(JsonElement o, string name, int line)
    {
        if (!o.TryGetProperty(name, out var v)) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new QuestionSetException(line, $"'{name}' must be an array of arrays of strings");
        var list = new List<IReadOnlyList<string>>();
        foreach (var inner in v.EnumerateArray())
        {
            if (inner.ValueKind != JsonValueKind.Array) throw new QuestionSetException(line, $"'{name}' must be an array of arrays of strings");
            var alts = inner.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new QuestionSetException(line, $"'{name}' must be an array of arrays of strings")).ToList();
            if (alts.Count == 0) throw new QuestionSetException(line, $"'{name}' has an empty alternative list");
            list.Add(alts);
        }
        return list;
    }
}
