using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReportBot.Server.Channels.Teams;

/// <summary>A Bot Framework Activity as received on <c>/api/messages</c> (only the fields the bot reads).</summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? Text { get; init; }
    public string? ReplyToId { get; init; }
    public string? Name { get; init; }
    public string? Locale { get; init; }
    public List<ChannelAccount?>? MembersAdded { get; init; }
    public List<JsonElement>? Entities { get; init; }
    public JsonElement? Value { get; init; }
    public JsonElement? ChannelData { get; init; }
}

/// <summary>A user or bot in a conversation.</summary>
public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
}

/// <summary>The conversation an activity belongs to.</summary>
public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? Name { get; init; }
}

/// <summary>An activity the bot sends to the connector (a reply, a typing indicator, the welcome).</summary>
public sealed record OutgoingActivity
{
    public required string Type { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? ReplyToId { get; init; }
    public string? Locale { get; init; }
    public List<object>? Entities { get; init; }
    public List<CardAttachment>? Attachments { get; init; }
    public object? ChannelData { get; init; }
}

/// <summary>An attachment (here: an Adaptive Card).</summary>
public sealed record CardAttachment(string ContentType, object Content);

/// <summary>
/// The Teams "AI generated" message entity with its citations (https://schema.org/Message, <c>additionalType:
/// ["AIGeneratedContent"]</c>); each <c>[n]</c> in the text refers to the claim at position n.
/// </summary>
public sealed record AiMessageEntity(IReadOnlyList<CitationClaim> Citation)
{
    public string Type { get; } = "https://schema.org/Message";

    [JsonPropertyName("@type")]
    public string SchemaType { get; } = "Message";

    [JsonPropertyName("@context")]
    public string Context { get; } = "https://schema.org";

    [JsonPropertyName("@id")]
    public string SchemaId { get; } = "";

    public IReadOnlyList<string> AdditionalType { get; } = ["AIGeneratedContent"];
}

/// <summary>One citation: a Claim at <paramref name="Position"/> whose appearance is the cited report.</summary>
public sealed record CitationClaim(int Position, CitationAppearance Appearance)
{
    [JsonPropertyName("@type")]
    public string SchemaType { get; } = "Claim";
}

/// <summary>The cited document: title (≤ 80 characters), abstract (≤ 160) and URL when the report has one.</summary>
public sealed record CitationAppearance(string Name, string Abstract, string? Url)
{
    [JsonPropertyName("@type")]
    public string SchemaType { get; } = "DigitalDocument";
}

/// <summary>
/// The Teams <c>streaminfo</c> entity of a streamed reply: <c>informative</c> (a progress line; the first has sequence 1
/// and no id), <c>streaming</c> (the draft so far, sequence increasing) or <c>final</c> (the finished message, no
/// sequence). <paramref name="StreamId"/> is the id the connector gave the first update.
/// </summary>
public sealed record StreamInfoEntity(string StreamType, string? StreamId, int? StreamSequence)
{
    /// <summary>Always <c>streaminfo</c>.</summary>
    public string Type { get; } = "streaminfo";

    /// <summary>A progress update, shown as a progress line until the draft or the final message arrives.</summary>
    public const string Informative = "informative";

    /// <summary>The draft so far (each update holds all of the text before it).</summary>
    public const string Streaming = "streaming";

    /// <summary>The finished message, which replaces the draft.</summary>
    public const string Final = "final";
}

/// <summary>JSON settings of the wire protocol.</summary>
public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };
}
