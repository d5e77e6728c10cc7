using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Claims;
using ReportBot.Core.Conversations;
using ReportBot.Core.Corpus;
using ReportBot.Infrastructure.Conversations;
using ReportBot.Core.Embeddings;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Embeddings;
using ReportBot.Infrastructure.ModelProviders;
using ReportBot.Infrastructure.Qdrant;
using ReportBot.Infrastructure.SemanticKernel;

namespace ReportBot.Infrastructure.Hosting;

/// <summary>Registers ReportBot's pipelines and their outside parts. Every host (web, CLI, tests) calls this once.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds options, Qdrant (local or configured), the embedding model, ingestion and the answering service.</summary>
    /// <param name="services">The services.</param>
    /// <param name="syncInBackground">True for long-running hosts: start Qdrant and keep the corpus synced as hosted services.</param>
    public static IServiceCollection AddReportBot(this IServiceCollection services, bool syncInBackground = true)
    {
        services.AddOptions<ReportBotOptions>().BindConfiguration(ReportBotOptions.SectionName).ValidateOnStart();
        services.AddOptions<CorpusOptions>().BindConfiguration(CorpusOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "ReportBot:Corpus:Path is required.")
            .Validate(o => o.MaxChunkChars >= 100, "ReportBot:Corpus:MaxChunkChars must be at least 100.").ValidateOnStart();
        services.AddOptions<QdrantOptions>().BindConfiguration(QdrantOptions.SectionName)
            .Validate(o => o.Endpoint is null || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _), "ReportBot:Qdrant:Endpoint must be an absolute URL.")
            .Validate(o => o.ShardNumber >= 1 && o.ReplicationFactor >= 1, "Shard number and replication factor must be at least 1.").ValidateOnStart();
        services.AddOptions<EmbeddingsOptions>().BindConfiguration(EmbeddingsOptions.SectionName)
            .Validate(o => o.Provider is EmbeddingModelOptions.WordVectors || (ModelProviderNames.IsKnown(o.Provider) && o.Provider != ModelProviderNames.None),
                "ReportBot:Embeddings:Provider must be 'wordvectors', 'openai', 'azure-openai' or 'openai-compatible'.").ValidateOnStart();
        services.AddOptions<AnsweringOptions>().BindConfiguration(AnsweringOptions.SectionName)
            .Validate(o => o.TopChunks is > 0 and <= 200 && o.PrefetchLimit >= o.TopChunks, "ReportBot:Answering:TopChunks must be 1-200 and at most PrefetchLimit.")
            .Validate(o => o.MinCoverage is >= 0 and <= 1, "ReportBot:Answering:MinCoverage must be between 0 and 1.").ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<QdrantHost>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value;
            var root = sp.GetRequiredService<IOptions<ReportBotOptions>>().Value;
            var cache = o.CachePath is { Length: > 0 } c ? RepositoryPaths.Resolve(c) : Path.Combine(RepositoryPaths.Resolve(root.DataPath), "cache");
            return WordVectors.Load(RepositoryPaths.Resolve(o.WordVectorsPath), cache);
        });
        services.AddSingleton<SifEmbeddingGenerator>();
        services.AddModelProviders();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
            sp.GetRequiredService<IOptions<EmbeddingModelOptions>>().Value is { Provider: not EmbeddingModelOptions.WordVectors } served
                ? ModelProviderServiceCollectionExtensions.CreateEmbeddingGenerator(served, sp)
                : sp.GetRequiredService<SifEmbeddingGenerator>());
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
            // A different embedding model or dimension gets its own collections.
            var (modelId, dimensions) = sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>() switch
            {
                SifEmbeddingGenerator sif => (sif.ModelId, sif.Dimensions),
                var other => other.GetService<EmbeddingGeneratorMetadata>() is { DefaultModelId: { } id, DefaultModelDimensions: { } d }
                    ? (ModelProviderServiceCollectionExtensions.CollectionSafe(id) + "_" + d, d)
                    : throw new InvalidOperationException("The embedding generator must report its model id and dimensions (EmbeddingGeneratorMetadata)."),
            };
            return new IndexSchema($"chunks_{modelId}", $"reports_{modelId}", dimensions, o.ShardNumber, o.ReplicationFactor);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<QdrantOptions>>().Value;
            return QdrantResilience.Create(o, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.Qdrant.Resilience"));
        });
        services.AddSingleton(sp =>
        {
            var host = sp.GetRequiredService<QdrantHost>();
            var index = new QdrantIndex(host.Endpoint, sp.GetRequiredService<IOptions<QdrantOptions>>().Value, sp.GetRequiredService<ILogger<QdrantIndex>>(),
                sp.GetRequiredService<Polly.ResiliencePipeline>());
            index.UseSchema(sp.GetRequiredService<IndexSchema>());
            return index;
        });
        services.AddSingleton<IVectorIndex>(sp => sp.GetRequiredService<QdrantIndex>());
        services.AddSingleton<CorpusState>();
        services.AddSingleton(sp => new DisagreementDetector(sp.GetRequiredService<WordVectors>()));
        services.AddSingleton(sp => new IngestionPipeline(sp.GetRequiredService<IVectorIndex>(), sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IndexSchema>(), sp.GetRequiredService<CorpusState>(), sp.GetRequiredService<IOptions<CorpusOptions>>().Value.MaxChunkChars,
            sp.GetRequiredService<DisagreementDetector>()));
        services.AddSingleton(sp => new QueryExpander(sp.GetRequiredService<WordVectors>(), WordNet.Load(sp.GetRequiredService<IOptions<AnsweringOptions>>().Value.WordNetPath)));
        services.AddSingleton(sp => new QuestionAnalyzer(sp.GetRequiredService<WordVectors>()));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AnsweringOptions>>().Value);
        services.AddSingleton<AnswerService>();
        services.AddOptions<ConversationOptions>().BindConfiguration(ConversationOptions.SectionName)
            .Validate(o => o.MaxTurns is >= 2 and <= 1000 && o.ExpiryHours > 0, "ReportBot:Conversations: MaxTurns 2-1000, ExpiryHours > 0.").ValidateOnStart();
        services.AddSingleton<IConversationStore, SqliteConversationStore>();
        services.AddSingleton<ConversationalAnswerer>();
        // Semantic Kernel: ReportBot's own Kernel with the `reports` plugin (and the configured chat model, if any).
        services.AddReportsKernel();

        if (syncInBackground)
        {
            services.AddHostedService(sp => sp.GetRequiredService<QdrantHost>());
            services.AddHostedService<CorpusSyncService>();
        }
        return services;
    }
}
