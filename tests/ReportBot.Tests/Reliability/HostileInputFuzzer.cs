using System.Text;
using System.Text.Json.Nodes;

namespace ReportBot.Tests.Reliability;

/// <summary>One fuzz input: what kind it is, the body bytes and the content type (null = no Content-Type header).</summary>
public sealed record FuzzInput(string Kind, byte[] Body, string? ContentType, bool Sign = true);

/// <summary>
/// Deterministic hostile inputs for an endpoint: input <c>i</c> depends only on the seed and <c>i</c> (so parallel runs
/// produce the same set). Kinds: structured mutations of a valid body (wrong types, nulls, huge and control-character
/// strings, lone surrogates, 100k-character questions), random JSON, deep nesting, byte-level mutations (invalid UTF-8,
/// truncation), huge bodies and wrong content types.
/// </summary>
public sealed class HostileInputFuzzer(int seed, Func<Random, JsonObject> validBody)
{
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=utf-16",
        "application/json; charset=latin1", "application/problem+json", "application/*", "*/*", "application/json;;;", "garbage", "application/jsonx", "",
    ];

    private static readonly string[] Words = ["message", "invoke", "conversationUpdate", "event_callback", "url_verification", "app_mention", "user", "assistant", "system", "im", "typing"];

    /// <summary>The <paramref name="i"/>-th input.</summary>
    public FuzzInput Create(int i)
    {
        var random = new Random(unchecked(seed * 1_000_003 + i));
        var kind = random.Next(100);
        return kind switch
        {
            < 35 => Json("mutated-json", Mutate(validBody(random), random, 1 + random.Next(4))),
            < 45 => Json("random-json", RandomNode(random, 0) ?? JsonValue.Create(0)!),
            < 52 => new FuzzInput("deep-nesting", Encoding.UTF8.GetBytes(DeepNesting(random)), "application/json"),
            < 70 => new FuzzInput("byte-mutation", MutateBytes(Encoding.UTF8.GetBytes(validBody(random).ToJsonString()), random), "application/json"),
            < 75 => Json("100k-question", WithHugeText(validBody(random), random)),
            < 78 => new FuzzInput("huge-body", HugeBody(random), "application/json"),
            < 88 => new FuzzInput("wrong-content-type", Encoding.UTF8.GetBytes(validBody(random).ToJsonString()), random.Next(8) == 0 ? null : ContentTypes[random.Next(ContentTypes.Length)]),
            < 94 => new FuzzInput("control-characters", Encoding.UTF8.GetBytes(ControlCharacters(validBody(random).ToJsonString(), random)), "application/json"),
            < 97 => new FuzzInput("unsigned-or-forged", Encoding.UTF8.GetBytes(validBody(random).ToJsonString()), "application/json", Sign: false),
            _ => Json("valid", validBody(random)),
        };
    }

    private static FuzzInput Json(string kind, JsonNode node) => new(kind, Encoding.UTF8.GetBytes(node.ToJsonString()), "application/json");

    private static JsonNode Mutate(JsonObject body, Random random, int operations)
    {
        JsonNode root = body;
        for (var op = 0; op < operations; op++)
        {
            var targets = Walk(root).ToList();
            var target = targets[random.Next(targets.Count)];
            var parent = target.Parent;
            var replacement = random.Next(4) == 0 ? null : RandomValue(random);
            switch (parent)
            {
                case JsonObject o when random.Next(5) == 0:
                    o.Remove(target.GetPropertyName());
                    break;
                case JsonObject o:
                    o[target.GetPropertyName()] = replacement;
                    break;
                case JsonArray a:
                    a[a.IndexOf(target)] = replacement;
                    break;
                default:
                    if (random.Next(2) == 0 || root is not JsonObject rootObject) root = new JsonArray(root.DeepClone());
                    else rootObject["x" + random.Next(1000)] = RandomValue(random);
                    break;
            }
        }
        return root;
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
            if (child is not null)
                foreach (var n in Walk(child))
                    yield return n;
    }

    private static JsonNode RandomValue(Random random) => random.Next(12) switch
    {
        0 => JsonValue.Create(random.Next(3) switch { 0 => long.MaxValue, 1 => -1L, _ => random.Next() })!,
        1 => JsonValue.Create(random.Next(2) == 0 ? 1e308 : -0.5)!,
        2 => JsonValue.Create(random.Next(2) == 0)!,
        3 => new JsonArray(RandomValue(random), null),
        4 => new JsonObject { ["role"] = Words[random.Next(Words.Length)], ["content"] = RandomString(random, 20) },
        5 => JsonValue.Create(new string('x', random.Next(2) == 0 ? 2001 : 70_000))!,
        6 => JsonValue.Create("")!,
        7 => JsonValue.Create(Words[random.Next(Words.Length)])!,
        8 => JsonValue.Create("http://127.0.0.1:" + random.Next(1, 65536) + "/" + RandomString(random, 5))!,
        _ => JsonValue.Create(RandomString(random, random.Next(1, 200)))!,
    };

    private static string RandomString(Random random, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => (char)random.Next(0xD800, 0xE000), // lone surrogates
                2 => "<script>alert(1)</script>"[random.Next(25)],
                3 => (char)random.Next(0x4E00, 0x9FFF),
                4 => '\u202E',
                _ => (char)random.Next(32, 127),
            });
        }
        return sb.ToString();
    }

    private static JsonNode? RandomNode(Random random, int depth)
    {
        var pick = depth > 6 ? random.Next(4) : random.Next(7);
        switch (pick)
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.NextDouble() * random.Next());
            case 2: return JsonValue.Create(RandomString(random, random.Next(30)));
            case 3: return JsonValue.Create(random.Next(2) == 0);
            case 4:
            {
                var a = new JsonArray();
                for (var i = random.Next(5); i > 0; i--) a.Add(RandomNode(random, depth + 1));
                return a;
            }
            default:
            {
                var o = new JsonObject();
                for (var i = random.Next(6); i > 0; i--)
                    o[random.Next(3) == 0 ? Words[random.Next(Words.Length)] : RandomString(random, random.Next(1, 8)) + i] = RandomNode(random, depth + 1);
                return o;
            }
        }
    }

    private static string DeepNesting(Random random)
    {
        var depth = random.Next(3) switch { 0 => random.Next(15, 70), 1 => random.Next(70, 2000), _ => random.Next(2000, 60_000) };
        var sb = new StringBuilder();
        var objects = random.Next(2) == 0;
        if (objects) sb.Append("{\"question\":");
        for (var i = 0; i < depth; i++) sb.Append(objects ? "{\"a\":" : "[");
        sb.Append('1');
        for (var i = 0; i < depth; i++) sb.Append(objects ? '}' : ']');
        if (objects) sb.Append('}');
        return sb.ToString();
    }

    private static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var list = new List<byte>(bytes);
        for (var op = 1 + random.Next(8); op > 0 && list.Count > 0; op--)
        {
            var at = random.Next(list.Count);
            switch (random.Next(6))
            {
                case 0: list[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: list.Insert(at, (byte)random.Next(0x80, 0x100)); break; // invalid UTF-8 lead or continuation byte
                case 2: list.RemoveAt(at); break;
                case 3: list.RemoveRange(at, list.Count - at); break; // truncated
                case 4: list.InsertRange(at, [0xED, 0xA0, 0x80]); break; // UTF-8-encoded surrogate (invalid)
                default: list.Insert(at, (byte)random.Next(0, 32)); break;
            }
        }
        return [.. list];
    }

    private static JsonNode WithHugeText(JsonObject body, Random random)
    {
        var text = new string("abcdefghij "[random.Next(11)], 100_000);
        foreach (var node in Walk(body).ToList())
            if (node is JsonValue v && v.TryGetValue<string>(out _) && node.Parent is JsonObject o && node.GetPropertyName() is "question" or "text" or "content")
                o[node.GetPropertyName()] = text;
        return body;
    }

    private static byte[] HugeBody(Random random)
    {
        var size = random.Next(3) switch { 0 => 300 * 1024, 1 => 1100 * 1024, _ => 3 * 1024 * 1024 };
        return Encoding.UTF8.GetBytes("{\"question\":\"" + new string('q', size) + "\"}");
    }

    private static string ControlCharacters(string json, Random random)
    {
        var sb = new StringBuilder(json);
        for (var i = 1 + random.Next(6); i > 0; i--) sb.Insert(random.Next(sb.Length), (char)random.Next(0, 32));
        return sb.ToString();
    }
}
