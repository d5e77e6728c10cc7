using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Hosting;
using ReportBot.Infrastructure.ModelProviders;
using ReportBot.Tests.Qdrant;
using ReportBot.Tests.Support;
using ReportBot.Tests.Web;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Generative;

/// <summary>The providers: keys, served embeddings with their own collections, a host's own IChatClient, and validation.</summary>
[Collection("qdrant")]
public sealed class ModelProviderTests(QdrantFixture qdrant)
{
    private const string Question = "How many fishing boats did the storm destroy?";

    [Fact]
    public async Task AConfiguredKey_IsSentAsABearerToken()
    {
        const string key = "sk-standin-secret";
        await using var model = await ModelStandIn.StartAsync(expectedKey: key);
        model.Default = ModelStandIn.Reply(GenerativeAnswerTests.Faithful);
        var settings = GenerativeAnswerTests.Settings(model);
        settings["ReportBot:Chat:ApiKey"] = key;
        await using var s = new TestServices(qdrant, GenerativeAnswerTests.Corpus, settings);
        await s.SyncAsync();
        var a = await s.AskAsync(Question);

        model.Rejected.ShouldBe(0, "the stand-in refuses a request without the key");
        model.Calls.Single().Authorization.ShouldBe("Bearer " + key);
        a.Mode.ShouldBe(AnswerModes.Generative);
    }

    [Fact]
    public async Task TheKey_IsNeverLogged_EvenWhenTheModelFailsAndTheAnswerFallsBack()
    {
        const string key = "sk-standin-never-logged";
        await using var model = await ModelStandIn.StartAsync(expectedKey: key);
        model.Script(ModelStandIn.Status(429, retryAfterSeconds: 0));
        model.Default = ModelStandIn.Status(503);
        var settings = GenerativeAnswerTests.Settings(model);
        settings["ReportBot:Chat:ApiKey"] = key;
        var logs = new LogCapture();
        await using var bot = new BotFactory(qdrant, GenerativeAnswerTests.Corpus, settings);
        await using var host = bot.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var http = host.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await http.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode != System.Net.HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(200, TestContext.Current.CancellationToken);
        using var response = await http.PostAsJsonAsync("/api/chat", new { question = Question }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);

        body.GetProperty("mode").GetString().ShouldBe(AnswerModes.ExtractiveFallback);
        model.Rejected.ShouldBe(0);
        logs.Messages.ShouldContain(m => m.Message.Contains("model-free answer used", StringComparison.Ordinal), "the fallback is logged");
        logs.Messages.ShouldContain(m => m.Message.Contains("retry", StringComparison.Ordinal));
        logs.Messages.ShouldNotContain(m => m.Message.Contains(key, StringComparison.Ordinal), "the key is never logged");
    }

    [Fact]
    public async Task AServedEmbeddingModel_GetsItsOwnCollections_AndAnswersStillCiteVerbatim()
    {
        await using var model = await ModelStandIn.StartAsync();
        await using var s = new TestServices(qdrant, GenerativeAnswerTests.Corpus, new Dictionary<string, string?>
        {
            ["ReportBot:Embeddings:Provider"] = "openai-compatible",
            ["ReportBot:Embeddings:Endpoint"] = model.BaseUrl.ToString(),
            ["ReportBot:Embeddings:Model"] = "standin-embed",
            ["ReportBot:Embeddings:Dimensions"] = ModelStandIn.EmbeddingDimensions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var schema = s.Get<IndexSchema>();
        schema.ChunkCollection.ShouldBe($"chunks_standin_embed_{ModelStandIn.EmbeddingDimensions}");
        schema.DenseDimensions.ShouldBe(ModelStandIn.EmbeddingDimensions);
        await s.SyncAsync();
        var a = await s.AskAsync(Question);

        model.Rejected.ShouldBe(0);
        model.Count(c => c.Path == "/v1/embeddings").ShouldBeGreaterThan(1, "the chunks and the question were embedded by the served model");
        model.Calls.Where(c => c.Path == "/v1/embeddings").ShouldAllBe(c => c.Body["model"]!.GetValue<string>() == "standin-embed");
        a.Answerable.ShouldBeTrue();
        a.Mode.ShouldBe(AnswerModes.Extractive, "no chat model is configured");
        a.Citations.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task AHostsOwnChatClient_IsUsedInsteadOfTheConfiguredProvider()
    {
        var own = new ScriptedChatClient();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ReportBot:Corpus:Path"] = GenerativeAnswerTests.Corpus }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config)
            .AddSingleton<IChatClient>(own).AddReportBot(syncInBackground: false).BuildServiceProvider();
        var generative = provider.GetRequiredService<IGenerativeAnswerer>();
        generative.IsEnabled.ShouldBeTrue();
        (await generative.RewriteAsync("And how many?", [new("user", "What happened to the boats?")], TestContext.Current.CancellationToken)).ShouldBe("How many boats were there?");
        own.Calls.ShouldBe(1);
    }

    [Theory]
    [InlineData("openai-compatible", null, "m", "Endpoint is required")]
    [InlineData("azure-openai", "https://r.openai.azure.com", null, "Model (or Deployment) is required")]
    [InlineData("openai", "ftp://x", "m", "http(s)")]
    public void IncompleteChatSettings_AreRefused(string provider, string? endpoint, string? modelName, string expected)
    {
        var o = new ChatModelOptions { Provider = provider, Endpoint = endpoint, Model = modelName };
        o.Problem(ChatModelOptions.SectionName).ShouldNotBeNull().ShouldContain(expected);
        new ChatModelOptions().Problem(ChatModelOptions.SectionName).ShouldBeNull("the default is model-free and needs nothing");
    }

    [Fact]
    public void AzureResourceUrls_GetTheV1Path()
    {
        OpenAIClients.Endpoint(new ChatModelOptions { Provider = "azure-openai", Endpoint = "https://r.openai.azure.com" }).ToString().ShouldBe("https://r.openai.azure.com/openai/v1/");
        OpenAIClients.Endpoint(new ChatModelOptions { Provider = "azure-openai", Endpoint = "https://r.openai.azure.com/openai/v1/" }).ToString().ShouldBe("https://r.openai.azure.com/openai/v1/");
        OpenAIClients.Endpoint(new ChatModelOptions { Provider = "openai" }).ShouldBe(OpenAIClients.OpenAIEndpoint);
        new ChatModelOptions { Provider = "azure-openai", Model = "gpt", Deployment = "my-deployment" }.ModelName.ShouldBe("my-deployment");
    }

    private sealed class ScriptedChatClient : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            messages.First().Role.ShouldBe(ChatRole.System);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "How many boats were there?")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
