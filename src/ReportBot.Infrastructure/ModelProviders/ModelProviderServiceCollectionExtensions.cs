using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering.Generative;
using ReportBot.Infrastructure.Resilience;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>
/// Registers the optional model providers. A chat model is used when <c>ReportBot:Chat:Provider</c> names one, or when the
/// host registers its own <see cref="IChatClient"/> (any Microsoft.Extensions.AI implementation, Semantic Kernel's included).
/// </summary>
public static partial class ModelProviderServiceCollectionExtensions
{
    /// <summary>
    /// Adds the chat and embedding options, the model servers' HttpClients and the prompt files. The generative step over
    /// the configured <see cref="IChatClient"/> is Semantic Kernel's (<c>ReportsKernel.AddReportsKernel</c>).
    /// </summary>
    public static IServiceCollection AddModelProviders(this IServiceCollection services)
    {
        services.AddOptions<ChatModelOptions>().BindConfiguration(ChatModelOptions.SectionName)
            .Validate(o => ModelProviderNames.IsKnown(o.Provider), "ReportBot:Chat:Provider must be 'none', 'openai', 'azure-openai' or 'openai-compatible'.")
            .Validate(o => o.Problem(ChatModelOptions.SectionName) is null, "ReportBot:Chat is incomplete: a provider needs Model (or Deployment), an http(s) Endpoint (except openai), a positive TimeoutSeconds.")
            .ValidateOnStart();
        services.AddOptions<EmbeddingModelOptions>().BindConfiguration(EmbeddingModelOptions.SectionName)
            .Validate(o => o.Problem(EmbeddingModelOptions.SectionName) is null, "ReportBot:Embeddings: a served provider needs Model (or Deployment), Dimensions and an http(s) Endpoint (except openai).")
            .ValidateOnStart();
        AddModelHttpClient<ChatModelOptions>(services, ChatHttpClient, "chat");
        AddModelHttpClient<EmbeddingModelOptions>(services, EmbeddingsHttpClient, "embeddings");
        services.TryAddSingleton(_ => PromptTemplates.FromResources(typeof(ModelProviderServiceCollectionExtensions).Assembly));
        return services;
    }

    /// <summary>Named HttpClient of the chat model server (resilience handler, credential handler).</summary>
    public const string ChatHttpClient = "model-chat";

    /// <summary>Named HttpClient of the embedding model server.</summary>
    public const string EmbeddingsHttpClient = "model-embeddings";

    /// <summary>The chat client of <paramref name="o"/> (Microsoft.Extensions.AI.OpenAI over the OpenAI SDK), or null when no provider is configured.</summary>
    public static IChatClient? CreateChatClient(ChatModelOptions o, IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!o.IsEnabled) return null;
        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(ChatHttpClient);
        return OpenAIClients.Create(o, http).GetChatClient(o.ModelName).AsIChatClient();
    }

    /// <summary>The embedding generator of a served provider (not "wordvectors").</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(EmbeddingModelOptions o, IServiceProvider sp)
    {
        ArgumentNullException.ThrowIfNull(o);
        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(EmbeddingsHttpClient);
        var inner = OpenAIClients.Create(o, http).GetEmbeddingClient(o.ModelName).AsIEmbeddingGenerator(o.SendDimensions ? o.Dimensions : null);
        return new ServedEmbeddingGenerator(inner, o);
    }

    /// <summary>A model server's named HttpClient: Microsoft.Extensions.Http.Resilience handler (limits from <typeparamref name="TOptions"/>), then the credential handler.</summary>
    private static void AddModelHttpClient<TOptions>(IServiceCollection services, string name, string label) where TOptions : ModelEndpointOptions
    {
        static TOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<TOptions>>().Value;
        services.AddHttpClient(name, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler(name, (pipeline, context) => HttpResilience.Configure(pipeline, ModelResilience.Limits(label, Options(context.ServiceProvider)),
                context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.ModelProviders." + label)));
        services.AddHttpClient(name).AddHttpMessageHandler(sp =>
        {
            var o = Options(sp);
            return new ModelCredentialHandler(OpenAIClients.ApiKey(o), o.Provider == ModelProviderNames.AzureOpenAI);
        });
    }

    /// <summary>A model id as a collection-name part: lowercase letters, digits and underscores ("text-embedding-3-small" → "text_embedding_3_small").</summary>
    public static string CollectionSafe(string modelId) => NotNameChar().Replace(modelId.ToLowerInvariant(), "_").Trim('_');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameChar();
}
