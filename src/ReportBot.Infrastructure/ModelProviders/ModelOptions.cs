namespace ReportBot.Infrastructure.ModelProviders;

/// <summary>The providers a model can come from.</summary>
public static class ModelProviderNames
{
    /// <summary>No model: the default, model-free answers.</summary>
    public const string None = "none";

    /// <summary>api.openai.com (key from <c>ReportBot__Chat__ApiKey</c> or <c>OPENAI_API_KEY</c>).</summary>
    public const string OpenAI = "openai";

    /// <summary>Azure OpenAI through its v1 endpoint (<c>https://RESOURCE.openai.azure.com/openai/v1/</c>; key from <c>ReportBot__Chat__ApiKey</c> or <c>AZURE_OPENAI_API_KEY</c>).</summary>
    public const string AzureOpenAI = "azure-openai";

    /// <summary>Any server with the OpenAI API at a base URL (Ollama, vLLM, LM Studio…), with or without a key.</summary>
    public const string OpenAICompatible = "openai-compatible";

    /// <summary>True for a provider name this build knows (besides "wordvectors" for embeddings).</summary>
    public static bool IsKnown(string? name) => name is None or OpenAI or AzureOpenAI or OpenAICompatible;
}

/// <summary>Where a model is served and how it is called; shared by the chat and the embedding settings.</summary>
public abstract class ModelEndpointOptions
{
    /// <summary>"none", "openai", "azure-openai" or "openai-compatible" (embeddings: also "wordvectors").</summary>
    public string Provider { get; set; } = ModelProviderNames.None;

    /// <summary>Base URL. openai: default <c>https://api.openai.com/v1</c>; azure-openai: the resource's v1 endpoint (required);
    /// openai-compatible: the server's <c>/v1</c> base, e.g. <c>http://127.0.0.1:11434/v1</c> for Ollama (required).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name ("gpt-4.1-mini", "llama3.1:8b"). For azure-openai the deployment name is used when set.</summary>
    public string? Model { get; set; }

    /// <summary>Azure OpenAI deployment name (sent as the model). Default: <see cref="Model"/>.</summary>
    public string? Deployment { get; set; }

    /// <summary>API key. Set it only in the environment (<c>ReportBot__Chat__ApiKey</c>) or user secrets; never logged. Optional for openai-compatible.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-attempt timeout in seconds (until the reply's headers; for a non-streamed reply that is the whole generation).</summary>
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Retries after a 429, 408, 5xx, a network error or a timeout (honouring Retry-After). Default 2.</summary>
    public int RetryCount { get; set; } = 2;

    /// <summary>First backoff delay in milliseconds when the server gives no Retry-After. Default 500.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>True when a model is configured.</summary>
    public bool IsEnabled => ModelProviderNames.IsKnown(Provider) && Provider != ModelProviderNames.None;

    /// <summary>The model name sent: the Azure deployment when set, else the model.</summary>
    public string? ModelName => Provider == ModelProviderNames.AzureOpenAI && !string.IsNullOrWhiteSpace(Deployment) ? Deployment : Model;

    /// <summary>The configuration problem, or null when the settings can be used.</summary>
    public virtual string? Problem(string section)
    {
        if (!IsEnabled) return null;
        if (string.IsNullOrWhiteSpace(ModelName)) return $"{section}:Model (or Deployment) is required for provider '{Provider}'.";
        if (Provider != ModelProviderNames.OpenAI && string.IsNullOrWhiteSpace(Endpoint)) return $"{section}:Endpoint is required for provider '{Provider}'.";
        if (Endpoint is { Length: > 0 } e && !(Uri.TryCreate(e, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")) return $"{section}:Endpoint must be an absolute http(s) URL.";
        if (TimeoutSeconds <= 0 || RetryCount < 0) return $"{section}:TimeoutSeconds must be positive and RetryCount not negative.";
        return null;
    }
}

/// <summary>The optional chat model that writes answers. Section <c>ReportBot:Chat</c>; default provider "none" (model-free).</summary>
public sealed class ChatModelOptions : ModelEndpointOptions
{
    public const string SectionName = "ReportBot:Chat";

    /// <summary>Longest reply in tokens. Default 700.</summary>
    public int MaxOutputTokens { get; set; } = 700;

    /// <summary>Sampling temperature; low keeps the model close to the passages. Default 0.1 (null: the server's default).</summary>
    public float? Temperature { get; set; } = 0.1f;
}

/// <summary>
/// A model-served embedding provider, read from section <c>ReportBot:Embeddings</c> (the same section that chooses
/// "wordvectors", the default). A different model gets its own collections: the index names include the model id.
/// </summary>
public sealed class EmbeddingModelOptions : ModelEndpointOptions
{
    public const string SectionName = "ReportBot:Embeddings";

    /// <summary>The embedded SIF word-vector model (the default provider).</summary>
    public const string WordVectors = "wordvectors";

    /// <summary>Defaults to "wordvectors".</summary>
    public EmbeddingModelOptions() => Provider = WordVectors;

    /// <summary>Dimensions of the model's vectors (required for a served model: the collections are created with it). Sent as
    /// <c>dimensions</c> only when <see cref="SendDimensions"/> is true.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Ask the server for <see cref="Dimensions"/> (text-embedding-3 models can shorten vectors). Default false.</summary>
    public bool SendDimensions { get; set; }

    /// <summary>Texts per request. Default 64.</summary>
    public int BatchSize { get; set; } = 64;

    /// <inheritdoc />
    public override string? Problem(string section)
    {
        if (Provider == WordVectors) return null;
        if (!IsEnabled) return $"{section}:Provider must be 'wordvectors', 'openai', 'azure-openai' or 'openai-compatible'.";
        if (Dimensions is not > 0) return $"{section}:Dimensions is required for provider '{Provider}'.";
        return base.Problem(section);
    }
}
