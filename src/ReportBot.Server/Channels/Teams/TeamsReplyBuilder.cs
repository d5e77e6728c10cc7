using ReportBot.Core.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Server.Channels;
using ReportBot.Core.Text;

namespace ReportBot.Server.Channels.Teams;

/// <summary>
/// Translates an <see cref="AnswerResult"/> into a Teams message: the answer text with its <c>[n]</c> markers, the
/// "AI generated" entity with one citation per marker, an Adaptive Card listing each side of every disagreement, and
/// the feedback buttons. Only translation: what the answer says is decided by the answering service.
/// </summary>
public sealed class TeamsReplyBuilder(IOptions<TeamsOptions> options, CorpusState corpus)
{
    /// <summary>Longest citation title Teams shows.</summary>
    public const int MaxTitleChars = 80;

    /// <summary>Longest citation abstract Teams shows.</summary>
    public const int MaxAbstractChars = 160;

    /// <summary>The reply to <paramref name="inbound"/> carrying <paramref name="result"/>.</summary>
    public OutgoingActivity Answer(Activity inbound, AnswerResult result)
    {
        var snapshot = corpus.Current;
        var claims = result.Citations
            .Where(c => c.N >= 1)
            .OrderBy(c => c.N)
            .Take(Math.Clamp(options.Value.MaxCitations, 0, 20))
            .Select(c =>
            {
                var url = snapshot.ById.TryGetValue(c.ReportId, out var report) ? report.Report.Metadata.Url : null;
                var name = c.Publisher is { Length: > 0 } p && !c.Title.Contains(p, StringComparison.OrdinalIgnoreCase) ? $"{c.Title} ({p})" : c.Title;
                return new CitationClaim(c.N, new CitationAppearance(TextClip.Shorten(name, MaxTitleChars), TextClip.Shorten(c.Quote, MaxAbstractChars), IsWebUrl(url) ? url : null));
            })
            .ToList();
        // Report text is text: only the bot's own markup (its markers, lists and heading) reaches Teams as Markdown.
        return Reply(inbound, AnswerMarkup.ToSafeMarkdown(result)) with
        {
            Entities = [new AiMessageEntity(claims)],
            Attachments = result.Disagreements.Count > 0 ? [DisagreementCard(result)] : null,
            ChannelData = new { feedbackLoopEnabled = true },
        };
    }

    /// <summary>A plain text reply (polite refusals, errors, the welcome).</summary>
    public static OutgoingActivity Reply(Activity inbound, string text) => new()
    {
        Type = "message",
        Text = text,
        TextFormat = "markdown",
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ReplyToId = inbound.Id,
        Locale = inbound.Locale,
    };

    /// <summary>The typing indicator.</summary>
    public static OutgoingActivity Typing(Activity inbound) => new()
    {
        Type = "typing",
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ReplyToId = inbound.Id,
    };

    /// <summary>The informative update that opens a streamed reply (Teams shows it as a progress line).</summary>
    public const string SearchingText = "Searching the reports…";

    /// <summary>The first update of a streamed reply: a <c>typing</c> activity with an informative <c>streaminfo</c> (sequence 1, no id yet).</summary>
    public static OutgoingActivity StreamInformative(Activity inbound, string text) => Typing(inbound) with
    {
        Text = text,
        Entities = [new StreamInfoEntity(StreamInfoEntity.Informative, null, 1)],
    };

    /// <summary>A draft update of a streamed reply: all of the text so far, the stream's id and the next sequence number.</summary>
    public static OutgoingActivity StreamDraft(Activity inbound, string text, string streamId, int sequence) => Typing(inbound) with
    {
        // A draft is text as written (it may quote report text): nothing in it is Markdown; the final reply has the markup.
        Text = AnswerMarkup.EscapeMarkdown(text),
        Entities = [new StreamInfoEntity(StreamInfoEntity.Streaming, streamId, sequence)],
    };

    /// <summary><paramref name="reply"/> as the final message of the stream <paramref name="streamId"/> (it replaces the draft).</summary>
    public static OutgoingActivity StreamFinal(OutgoingActivity reply, string streamId) => reply with
    {
        Entities = [.. reply.Entities ?? [], new StreamInfoEntity(StreamInfoEntity.Final, streamId, null)],
    };

    /// <summary>The welcome message with the sample questions.</summary>
    public OutgoingActivity Welcome(Activity inbound)
    {
        var o = options.Value;
        var text = new StringBuilder($"Hello! I'm {o.BotName}. Ask me about the news reports: I answer with verbatim quotes, number my sources, and say where the reports disagree.");
        if (o.SampleQuestions.Count > 0)
        {
            text.Append("\n\nYou could ask:\n");
            foreach (var q in o.SampleQuestions.Take(3)) text.Append("\n- ").Append(q);
        }
        return Reply(inbound, text.ToString()) with { ReplyToId = null, Recipient = null };
    }

    /// <summary>An Adaptive Card with one section per disagreement: each side's value, source, date and citation.</summary>
    internal static CardAttachment DisagreementCard(AnswerResult result)
    {
        var byN = result.Citations.ToDictionary(c => c.N);
        var body = new List<object> { new { type = "TextBlock", text = "Where the reports disagree", weight = "Bolder", size = "Medium", wrap = true } };
        foreach (var d in result.Disagreements)
        {
            body.Add(new { type = "TextBlock", text = AnswerMarkup.EscapeMarkdown(Capitalise(d.Topic)) + " — " + KindLabel(d.Kind), weight = "Bolder", wrap = true, spacing = "Medium" });
            var facts = d.Claims.Select(c =>
            {
                var source = byN.TryGetValue(c.N, out var cite) ? cite.Publisher is { Length: > 0 } p ? p : cite.Title : c.ReportId;
                var value = new StringBuilder(AnswerMarkup.EscapeMarkdown(TextClip.Shorten(source, MaxTitleChars))).Append(" (").Append(AnswerMarkup.EscapeMarkdown(c.Published ?? "undated")).Append(") [").Append(c.N).Append(']');
                if (c.Attribution is { Length: > 0 } who) value.Append(", according to ").Append(AnswerMarkup.EscapeMarkdown(who));
                if (c.IsNewer) value.Append(" — newer");
                return new { title = AnswerMarkup.EscapeMarkdown(c.Value), value = value.ToString() };
            }).ToList();
            body.Add(new { type = "FactSet", facts });
        }
        var card = new Dictionary<string, object>
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
        return new CardAttachment("application/vnd.microsoft.card.adaptive", card);
    }

    private static string KindLabel(DisagreementKind kind) => kind switch
    {
        DisagreementKind.Contradiction => "contradiction",
        DisagreementKind.ChangedOverTime => "changed over time",
        DisagreementKind.DifferentScope => "different scope",
        _ => kind.ApiName(),
    };

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static bool IsWebUrl(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}
