using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>
/// Registers the optional model providers. A chat model is used when <c>ReportBot:Chat:Provider</c> names one, or when the
/// host registers its own <see cref="IChatClient"/> (any Microsoft.Extensions.AI implementation, Semantic Kernel's included).
/// </summary>
public static partial class ModelProviderServiceCollectionExtensions
{
    /// <summary>Adds the chat options, the configured <see cref="IChatClient"/> (if any) and the <see cref="GenerativeAnswerer"/>.</summary>
    public static IServiceCollection AddModelProviders(this IServiceCollection services)
    {
        services.AddOptions<ChatModelOptions>().BindConfiguration(ChatModelOptions.SectionName)
            .Validate(o => ModelProviderNames.IsKnown(o.Provider), "ReportBot:Chat:Provider must be 'none', 'openai', 'azure-openai' or 'openai-compatible'.")
            .Validate(o => o.Problem(ChatModelOptions.SectionName) is null, "ReportBot:Chat is incomplete: a provider needs Model (or Deployment), an http(s) Endpoint (except openai), a positive TimeoutSeconds.")
            .ValidateOnStart();
        services.AddOptions<EmbeddingModelOptions>().BindConfiguration(EmbeddingModelOptions.SectionName)
            .Validate(o => o.Problem(EmbeddingModelOptions.SectionName) is null, "ReportBot:Embeddings: a served provider needs Model (or Deployment), Dimensions and an http(s) Endpoint (except openai).")
            .ValidateOnStart();
        services.TryAddSingleton(_ => PromptTemplates.FromResources(typeof(ModelProviderServiceCollectionExtensions).Assembly));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ChatModelOptions>>().Value;
            var chat = sp.GetService<IChatClient>() ?? CreateChatClient(o, sp);
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.ModelProviders.Generation");
            return new GenerativeAnswerer(chat, sp.GetRequiredService<PromptTemplates>(), new ChatOptions { MaxOutputTokens = o.MaxOutputTokens, Temperature = o.Temperature },
                a => Log(logger, a));
        });
        return services;
    }

    /// <summary>The chat client of <paramref name="o"/>, or null when no provider is configured.</summary>
    public static IChatClient? CreateChatClient(ChatModelOptions o, IServiceProvider sp)
    {
        if (!o.IsEnabled) return null;
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.ModelProviders.Chat");
        var client = OpenAIClients.Create(o, "chat", sp.GetService<TimeProvider>() ?? TimeProvider.System, logger);
        return new OpenAIChatClient(client.GetChatClient(o.ModelName), new ChatClientMetadata(o.Provider, OpenAIClients.Endpoint(o), o.ModelName));
    }

    /// <summary>The embedding generator of a served provider (not "wordvectors").</summary>
    public static OpenAIEmbeddingGenerator CreateEmbeddingGenerator(EmbeddingModelOptions o, IServiceProvider sp)
    {
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.ModelProviders.Embeddings");
        var client = OpenAIClients.Create(o, "embeddings", sp.GetService<TimeProvider>() ?? TimeProvider.System, logger);
        return new OpenAIEmbeddingGenerator(client.GetEmbeddingClient(o.ModelName), new EmbeddingGeneratorMetadata(o.Provider, OpenAIClients.Endpoint(o), o.ModelName, o.Dimensions),
            o.SendDimensions ? o.Dimensions : null, o.BatchSize);
    }

    private static void Log(ILogger logger, GeneratedAnswer a)
    {
        // The reason is an exception type and message (status and server message); keys and prompts are never logged.
        if (a.FallbackReason is { } reason)
            logger.LogWarning("Model answer failed, model-free answer used: {Reason}", reason);
        else
            logger.LogInformation("Model answer: {Kept} sentences kept ({Repaired} repaired), {Dropped} dropped, {Notes} disagreement notes appended", a.Kept, a.Repaired, a.Dropped, a.NotesAppended);
    }

    /// <summary>A model id as a collection-name part: lowercase letters, digits and underscores ("text-embedding-3-small" → "text_embedding_3_small").</summary>
    public static string CollectionSafe(string modelId) => NotNameChar().Replace(modelId.ToLowerInvariant(), "_").Trim('_');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotNameChar();
}
