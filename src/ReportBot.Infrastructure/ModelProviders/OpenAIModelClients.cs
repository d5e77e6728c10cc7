using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>
/// Builds OpenAI SDK clients for OpenAI, Azure OpenAI (v1 endpoint) or any OpenAI-compatible base URL over a named
/// HttpClient (whose resilience handler does the retries and timeouts; the SDK's own retry is off). Microsoft.Extensions.AI.OpenAI
/// turns them into <see cref="IChatClient"/> / <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>.
/// </summary>
public static class OpenAIClients
{
    /// <summary>The public OpenAI API.</summary>
    public static readonly Uri OpenAIEndpoint = new("https://api.openai.com/v1");

    /// <summary>An <see cref="OpenAIClient"/> for <paramref name="options"/> sending through <paramref name="http"/>.</summary>
    public static OpenAIClient Create(ModelEndpointOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var key = ApiKey(options);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = Endpoint(options),
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(0),
            // Bounds a whole attempt, reading a streamed reply included; the resilience handler's timeout bounds the wait for the reply to start.
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds * 3),
        };
        // The SDK needs a credential; without a key the credential handler removes the Authorization header it makes.
        return new OpenAIClient(new ApiKeyCredential(key is { Length: > 0 } ? key : "no-key"), clientOptions);
    }

    /// <summary>The configured key, else the provider's usual environment variable.</summary>
    public static string? ApiKey(ModelEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ApiKey is { Length: > 0 } k ? k : Environment.GetEnvironmentVariable(options.Provider switch
        {
            ModelProviderNames.OpenAI => "OPENAI_API_KEY",
            ModelProviderNames.AzureOpenAI => "AZURE_OPENAI_API_KEY",
            _ => "REPORTBOT_MODEL_API_KEY",
        });
    }

    /// <summary>The base URL: Azure's resource URL gets <c>/openai/v1/</c> when it lacks it.</summary>
    public static Uri Endpoint(ModelEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Endpoint)) return OpenAIEndpoint;
        var uri = new Uri(options.Endpoint.TrimEnd('/') + "/");
        if (options.Provider == ModelProviderNames.AzureOpenAI && !uri.AbsolutePath.Contains("/openai/", StringComparison.OrdinalIgnoreCase))
            uri = new Uri(uri, "openai/v1/");
        return uri;
    }
}

/// <summary>
/// Around Microsoft.Extensions.AI.OpenAI's embedding generator: sends at most <see cref="EmbeddingModelOptions.BatchSize"/>
/// texts per request, checks every vector has the configured dimensions, and reports the configured model id and
/// dimensions as its <see cref="EmbeddingGeneratorMetadata"/> (the collection names are made from them).
/// </summary>
public sealed class ServedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, EmbeddingModelOptions options)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private readonly EmbeddingGeneratorMetadata _metadata = new(options.Provider, OpenAIClients.Endpoint(options), options.ModelName, options.Dimensions);

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options1 = null, CancellationToken cancellationToken = default)
    {
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var batch in values.Chunk(Math.Max(1, options.BatchSize)))
        {
            foreach (var e in await base.GenerateAsync(batch, options1, cancellationToken))
            {
                if (options.Dimensions is { } d && e.Vector.Length != d)
                    throw new InvalidOperationException($"The embedding model returned {e.Vector.Length} dimensions; ReportBot:Embeddings:Dimensions says {d}.");
                result.Add(e);
            }
        }
        return result;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : base.GetService(serviceType, serviceKey);
}
