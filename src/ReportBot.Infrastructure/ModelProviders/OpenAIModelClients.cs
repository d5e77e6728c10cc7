using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using AI = Microsoft.Extensions.AI;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>Builds OpenAI SDK clients for OpenAI, Azure OpenAI (v1 endpoint) or any OpenAI-compatible base URL, over the Polly pipeline.</summary>
public static class OpenAIClients
{
    /// <summary>The public OpenAI API.</summary>
    public static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>An <see cref="OpenAIClient"/> for <paramref name="options"/>; retries and timeouts are Polly's (the SDK's own retry is off).</summary>
    public static OpenAIClient Create(ModelEndpointOptions options, string pipelineName, TimeProvider time, ILogger logger)
    {
        var key = options.ApiKey is { Length: > 0 } k ? k : Environment.GetEnvironmentVariable(options.Provider switch
        {
            ModelProviderNames.OpenAI => "OPENAI_API_KEY",
            ModelProviderNames.AzureOpenAI => "AZURE_OPENAI_API_KEY",
            _ => "REPORTBOT_MODEL_API_KEY",
        });
        var azure = options.Provider == ModelProviderNames.AzureOpenAI;
        var pipeline = ModelResilience.Create(pipelineName, options, time, logger);
        var http = new HttpClient(new ModelHttpHandler(pipeline, key, azure)) { Timeout = Timeout.InfiniteTimeSpan };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = Endpoint(options),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            // Bounds a whole attempt, reading a streamed reply included; Polly's timeout bounds the wait for the reply to start.
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds * 3),
        };
        // The SDK needs a credential; without a key the handler removes the Authorization header it makes.
        return new OpenAIClient(new ApiKeyCredential(key is { Length: > 0 } ? key : "no-key"), clientOptions);
    }

    /// <summary>The base URL: Azure's resource URL gets <c>/openai/v1/</c> when it lacks it.</summary>
    public static Uri Endpoint(ModelEndpointOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Endpoint)) return OpenAIEndpoint;
        var uri = new Uri(options.Endpoint.TrimEnd('/') + "/");
        if (options.Provider == ModelProviderNames.AzureOpenAI && !uri.AbsolutePath.Contains("/openai/", StringComparison.OrdinalIgnoreCase))
            uri = new Uri(uri, "openai/v1/");
        return uri;
    }
}

/// <summary>An <see cref="IChatClient"/> over the OpenAI SDK's chat completions (non-streamed and streamed).</summary>
public sealed class OpenAIChatClient(ChatClient client, ChatClientMetadata metadata) : IChatClient
{
    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = await client.CompleteChatAsync(Convert(messages), Convert(options), cancellationToken);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new ChatResponse(new AI.ChatMessage(ChatRole.Assistant, text)) { ModelId = completion.Model, ResponseId = completion.Id };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AI.ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in client.CompleteChatStreamingAsync(Convert(messages), Convert(options), cancellationToken))
            foreach (var part in update.ContentUpdate)
                if (part.Kind == ChatMessageContentPartKind.Text && part.Text is { Length: > 0 } text)
                    yield return new ChatResponseUpdate(ChatRole.Assistant, text) { ModelId = update.Model, ResponseId = update.CompletionId };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(ChatClientMetadata) ? metadata : serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(client) ? client : null;

    /// <inheritdoc />
    public void Dispose() { }

    private static List<OpenAI.Chat.ChatMessage> Convert(IEnumerable<AI.ChatMessage> messages) =>
        messages.Select(m => m.Role == ChatRole.System ? new SystemChatMessage(m.Text) : m.Role == ChatRole.Assistant ? (OpenAI.Chat.ChatMessage)new AssistantChatMessage(m.Text) : new UserChatMessage(m.Text)).ToList();

    private static ChatCompletionOptions Convert(ChatOptions? options)
    {
        var o = new ChatCompletionOptions();
        if (options?.MaxOutputTokens is { } max) o.MaxOutputTokenCount = max;
        if (options?.Temperature is { } t) o.Temperature = t;
        return o;
    }
}

/// <summary>An <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over the OpenAI SDK's embeddings endpoint, in batches.</summary>
public sealed class OpenAIEmbeddingGenerator(EmbeddingClient client, EmbeddingGeneratorMetadata metadata, int? sendDimensions, int batchSize) : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model id (used in the collection names).</summary>
    public string ModelId => metadata.DefaultModelId ?? "unknown";

    /// <summary>Vector dimensions.</summary>
    public int Dimensions => metadata.DefaultModelDimensions ?? 0;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(Math.Max(1, batchSize)))
        {
            var response = await client.GenerateEmbeddingsAsync(batch, new OpenAI.Embeddings.EmbeddingGenerationOptions { Dimensions = sendDimensions }, cancellationToken);
            foreach (var e in response.Value.OrderBy(e => e.Index))
            {
                var vector = e.ToFloats();
                if (Dimensions > 0 && vector.Length != Dimensions)
                    throw new InvalidOperationException($"The embedding model returned {vector.Length} dimensions; ReportBot:Embeddings:Dimensions says {Dimensions}.");
                result.Add(new Embedding<float>(vector) { ModelId = ModelId });
            }
        }
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata : serviceType.IsInstanceOfType(this) ? this : null;

    /// <inheritdoc />
    public void Dispose() { }
}
