using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReportBot.Core.Answering;
using ReportBot.Core.Conversations;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Api;

/// <summary>
/// Conversations are bound to their channel: the web API takes only conversation ids the server issued, and its store
/// keys are its own (<c>web:…</c>), so a web request can neither read nor write a Teams or Slack conversation.
/// </summary>
[Collection("bot")]
public sealed class ConversationBindingTests(QdrantFixture qdrant) : IAsyncLifetime
{
    private const string TroopQuestion = "How many North Korean troops were sent to Russia?";
    private const string FollowUp = "And how many of them were killed or wounded?";
    private BotFactory _bot = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bot = new BotFactory(qdrant, TestPaths.Corpus);
        _client = await _bot.ReadyClientAsync();
    }

    public async ValueTask DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task WebRequests_NamingASlackOrTeamsConversation_GetNeitherItsHistoryNorAWrite()
    {
        var store = _bot.Services.GetRequiredService<IConversationStore>();
        // The store keys the channels use: Slack "slack:{team}:{channel}:{thread_ts}", Teams "teams:{conversation id}".
        var slackThread = "T0SECRET:C0PRIVATE:1733400000.000100";
        var teamsConversation = "19:private-chat@thread.v2";
        var secret = "The private plan is codenamed Bluebird and involves troops";
        await store.AppendAsync("slack:" + slackThread, new ChatTurn("user", secret), new ChatTurn("assistant", "noted"), Ct);
        await store.AppendAsync("teams:" + teamsConversation, new ChatTurn("user", secret), new ChatTurn("assistant", "noted"), Ct);

        string[] named = ["slack:" + slackThread, slackThread, "teams:" + teamsConversation, teamsConversation,
            "web:" + new string('a', 64), new string('a', 64), Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N")];
        foreach (var id in named)
        {
            foreach (var path in new[] { "/api/chat", "/api/chat/stream" })
            {
                using var r = await _client.PostAsJsonAsync(path, new { question = FollowUp, conversationId = id }, Ct);
                r.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{path} with {id}");
                using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync(Ct));
                problem.RootElement.GetProperty("errors").TryGetProperty("conversationId", out _).ShouldBeTrue();
                (await r.Content.ReadAsStringAsync(Ct)).ShouldNotContain("Bluebird");
            }
        }

        // Nothing was written to, or read from, the channels' conversations.
        (await store.GetHistoryAsync("slack:" + slackThread, Ct)).Count.ShouldBe(2);
        (await store.GetHistoryAsync("teams:" + teamsConversation, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task TheServerIssuesTheConversationId_AndAFollowUpWithItUsesTheStoredHistory()
    {
        using var first = await _client.PostAsJsonAsync("/api/chat", new { question = TroopQuestion, conversationId = "new" }, Ct);
        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var firstDoc = JsonDocument.Parse(await first.Content.ReadAsStringAsync(Ct));
        var id = firstDoc.RootElement.GetProperty("conversationId").GetString()!;
        id.ShouldMatch("^[0-9a-f]{64}$");

        // A second "new" gets another, unrelated id.
        using (var other = await _client.PostAsJsonAsync("/api/chat", new { question = TroopQuestion, conversationId = "new" }, Ct))
            JsonDocument.Parse(await other.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("conversationId").GetString().ShouldNotBe(id);

        using var second = await _client.PostAsJsonAsync("/api/chat", new { question = FollowUp, conversationId = id }, Ct);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var secondDoc = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Ct));
        secondDoc.RootElement.GetProperty("conversationId").GetString().ShouldBe(id);
        secondDoc.RootElement.GetProperty("rewrittenQuestion").GetString().ShouldNotBe(FollowUp, "the stored history made the follow-up standalone");

        var store = _bot.Services.GetRequiredService<IConversationStore>();
        (await store.GetHistoryAsync("web:" + id, Ct)).Count.ShouldBe(4);
        (await store.GetHistoryAsync(id, Ct)).ShouldBeEmpty("web conversations live under their own namespace");

        // An id one character off is not one the server issued.
        var tampered = id[..^1] + (id[^1] == '0' ? '1' : '0');
        using var forged = await _client.PostAsJsonAsync("/api/chat", new { question = FollowUp, conversationId = tampered }, Ct);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Without a conversation id nothing is kept, as before.
        using var stateless = await _client.PostAsJsonAsync("/api/chat", new { question = TroopQuestion }, Ct);
        JsonDocument.Parse(await stateless.Content.ReadAsStringAsync(Ct)).RootElement.TryGetProperty("conversationId", out _).ShouldBeFalse();
    }
}
