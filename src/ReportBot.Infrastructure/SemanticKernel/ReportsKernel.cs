using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ReportBot.Core.Answering.Generative;
using ReportBot.Infrastructure.ModelProviders;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// ReportBot in Semantic Kernel: the <c>reports</c> plugin (<see cref="ReportsPlugin"/>: <c>search</c>, <c>answer</c>,
/// <c>disagreements</c>, and the prompt functions <c>write</c> and <c>rewrite</c>), the answer check
/// (<see cref="AnswerCheckFilter"/>), and ReportBot's own kernels with the configured chat model as their chat completion
/// service: the one every channel's generative answers go through (<see cref="KernelGenerativeAnswerer"/>) and the one
/// registered for hosts (<see cref="Kernel"/>, with the whole plugin). See docs/semantic-kernel.md.
/// </summary>
public static partial class ReportsKernel
{
    /// <summary>The plugin's name.</summary>
    public const string PluginName = "reports";

    /// <summary>The generative prompt function: ReportBot's answer prompt files rendered as an SK prompt template.</summary>
    public const string WriteFunction = "write";

    /// <summary>The follow-up prompt function: ReportBot's rewrite prompt files rendered as an SK prompt template.</summary>
    public const string RewriteFunction = "rewrite";

    /// <summary>Most tokens of a rewritten follow-up (one question).</summary>
    public const int RewriteMaxOutputTokens = 120;

    private static readonly Lazy<KernelPlugin> DefaultPromptFunctions = new(() => PromptFunctions());

    /// <summary>
    /// The <c>reports.write</c> prompt function: the system and user prompt files (<c>src/ReportBot.Core/Prompts</c>,
    /// embedded) as one Semantic Kernel template with a system and a user message. The files' <c>{{name}}</c>
    /// placeholders become SK variables (<c>{{$name}}</c>); passages and disagreements carry their own delimiters
    /// (the report text inside them is escaped by <see cref="KernelGenerativeAnswerer.WriteArguments"/>), the question is
    /// encoded as SK does by default. Its result is checked by <see cref="AnswerCheckFilter"/>.
    /// </summary>
    public static KernelFunction CreateWriteFunction(PromptTemplates? prompts = null, ChatOptions? options = null)
    {
        prompts ??= PromptTemplates.FromResources(typeof(ReportsKernel).Assembly);
        return Prompt(WriteFunction, "Writes the answer from numbered evidence passages and the detected disagreements, a citation [n] after every claim.",
            prompts.AnswerSystem, prompts.AnswerUser, Settings(options?.MaxOutputTokens, options?.Temperature),
            new InputVariable { Name = "question", Description = "The question." },
            new InputVariable { Name = "passages", Description = "The numbered evidence passages.", AllowDangerouslySetContent = true },
            new InputVariable { Name = "disagreements", Description = "The detected disagreements.", AllowDangerouslySetContent = true });
    }

    /// <summary>
    /// The <c>reports.rewrite</c> prompt function: the rewrite prompt files as one SK template (system + user message);
    /// the conversation and the question are encoded as SK does by default. At most <see cref="RewriteMaxOutputTokens"/> tokens.
    /// </summary>
    public static KernelFunction CreateRewriteFunction(PromptTemplates? prompts = null, ChatOptions? options = null)
    {
        prompts ??= PromptTemplates.FromResources(typeof(ReportsKernel).Assembly);
        return Prompt(RewriteFunction, "Rewrites the last question of a conversation so that it can be understood on its own.",
            prompts.RewriteSystem, prompts.RewriteUser, Settings(RewriteMaxOutputTokens, options?.Temperature),
            new InputVariable { Name = "history", Description = "The earlier turns, one per line." },
            new InputVariable { Name = "question", Description = "The last question." });
    }

    /// <summary>The two prompt functions (<c>write</c>, <c>rewrite</c>) as the <c>reports</c> plugin, without the native functions.</summary>
    public static KernelPlugin PromptFunctions(PromptTemplates? prompts = null, ChatOptions? options = null) =>
        KernelPluginFactory.CreateFromFunctions(PluginName, "ReportBot's generative step: the answer and follow-up prompt files as SK prompt templates.",
            [CreateWriteFunction(prompts, options), CreateRewriteFunction(prompts, options)]);

    /// <summary>The <c>reports</c> prompt function <paramref name="name"/> of <paramref name="kernel"/>, or the default one (embedded prompt files) when the kernel lacks it.</summary>
    public static KernelFunction PromptFunction(Kernel kernel, string name)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.Plugins.TryGetFunction(PluginName, name, out var function) ? function : DefaultPromptFunctions.Value[name];
    }

    /// <summary>The plugin object as a <see cref="KernelPlugin"/> with the prompt functions added.</summary>
    public static KernelPlugin Plugin(ReportsPlugin plugin, PromptTemplates? prompts = null, ChatOptions? options = null)
    {
        var functions = KernelPluginFactory.CreateFromObject(plugin, PluginName).ToList();
        functions.AddRange(PromptFunctions(prompts, options));
        return KernelPluginFactory.CreateFromFunctions(PluginName, "ReportBot: search, answer and disagreements over the news reports.", functions);
    }

    /// <summary>Adds the <c>reports</c> plugin (its functions resolved from the kernel's services) and the answer check to a kernel builder.</summary>
    public static IKernelBuilder AddReportsPlugin(this IKernelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddReportsServices();
        builder.Services.AddSingleton<IFunctionInvocationFilter, AnswerCheckFilter>();
        builder.Services.AddSingleton(sp => Plugin(sp.GetRequiredService<ReportsPlugin>(), sp.GetService<PromptTemplates>()));
        return builder;
    }

    /// <summary>
    /// Adds the <c>reports</c> plugin and the answer check to an existing kernel, with ReportBot's services from
    /// <paramref name="reportBot"/> (a provider built with <c>AddReportBot</c>).
    /// </summary>
    public static Kernel AddReportsPlugin(this Kernel kernel, IServiceProvider reportBot)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(reportBot);
        var plugin = ActivatorUtilities.CreateInstance<ReportsPlugin>(reportBot, ActivatorUtilities.CreateInstance<ReportsTextSearch>(reportBot));
        kernel.Plugins.Add(Plugin(plugin, reportBot.GetService<PromptTemplates>()));
        if (!kernel.FunctionInvocationFilters.OfType<AnswerCheckFilter>().Any()) kernel.FunctionInvocationFilters.Add(new AnswerCheckFilter());
        return kernel;
    }

    /// <summary>
    /// Registers ReportBot's Semantic Kernel pieces (called by <c>AddReportBot</c>): the model configured in
    /// <c>ReportBot:Chat</c> (OpenAI, Azure OpenAI, any OpenAI-compatible endpoint) or the host's own
    /// <see cref="IChatClient"/> as an SK chat completion service; the <see cref="IGenerativeAnswerer"/> every channel's
    /// answers go through (<see cref="KernelGenerativeAnswerer"/>: a kernel with that service, the prompt functions and the
    /// answer check; model-free when no model is configured); and, for hosts, a <see cref="Kernel"/> with the whole
    /// <c>reports</c> plugin.
    /// </summary>
    public static IServiceCollection AddReportsKernel(this IServiceCollection services)
    {
        services.AddReportsServices();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ChatModelOptions>>().Value;
            var chat = sp.GetService<IChatClient>() ?? ModelProviderServiceCollectionExtensions.CreateChatClient(options, sp);
            return new ConfiguredChatCompletion(chat?.AsChatCompletionService(sp));
        });
        services.TryAddSingleton<IGenerativeAnswerer>(sp => new KernelGenerativeAnswerer(CreateKernel(sp, plugin: null),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("ReportBot.ModelProviders.Generation")));
        services.AddTransient(sp => CreateKernel(sp, sp.GetRequiredService<ReportsPlugin>()));
        return services;
    }

    /// <summary>A kernel with the configured chat completion service (if any), the answer check, and the <c>reports</c> prompt functions (and the native ones with <paramref name="plugin"/>).</summary>
    private static Kernel CreateKernel(IServiceProvider sp, ReportsPlugin? plugin)
    {
        var options = sp.GetRequiredService<IOptions<ChatModelOptions>>().Value;
        var builder = Kernel.CreateBuilder();
        if (sp.GetRequiredService<ConfiguredChatCompletion>().Service is { } chat) builder.Services.AddSingleton(chat);
        builder.Services.AddSingleton<IFunctionInvocationFilter, AnswerCheckFilter>();
        var kernel = builder.Build();
        var prompts = sp.GetRequiredService<PromptTemplates>();
        var chatOptions = new ChatOptions { MaxOutputTokens = options.MaxOutputTokens, Temperature = options.Temperature };
        kernel.Plugins.Add(plugin is null ? PromptFunctions(prompts, chatOptions) : Plugin(plugin, prompts, chatOptions));
        return kernel;
    }

    private static IServiceCollection AddReportsServices(this IServiceCollection services)
    {
        services.TryAddSingleton<ReportsTextSearch>();
        services.TryAddSingleton<ReportsPlugin>();
        return services;
    }

    /// <summary>A system and a user prompt file as one SK chat prompt template.</summary>
    private static KernelFunction Prompt(string name, string description, string system, string user, PromptExecutionSettings settings, params InputVariable[] inputs)
    {
        var template = $"<message role=\"system\">{Sk(system.Trim())}</message>\n<message role=\"user\">{Sk(user.Trim())}</message>";
        var config = new PromptTemplateConfig(template)
        {
            Name = name,
            Description = description,
            InputVariables = [.. inputs],
            ExecutionSettings = { [PromptExecutionSettings.DefaultServiceId] = settings },
        };
        return KernelFunctionFactory.CreateFromPrompt(config, new KernelPromptTemplateFactory());
    }

    /// <summary>Generation settings as SK passes them on to the chat client (<c>max_tokens</c>, <c>temperature</c>).</summary>
    private static PromptExecutionSettings Settings(int? maxOutputTokens, float? temperature)
    {
        var settings = new PromptExecutionSettings();
        if (maxOutputTokens is { } max) (settings.ExtensionData ??= new Dictionary<string, object>())["max_tokens"] = max;
        if (temperature is { } t) (settings.ExtensionData ??= new Dictionary<string, object>())["temperature"] = t;
        return settings;
    }

    /// <summary><c>{{name}}</c> → <c>{{$name}}</c>.</summary>
    private static string Sk(string template) => Placeholder().Replace(template, "{{$$$1}}");

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();

    /// <summary>The configured model as SK's chat completion service, or none (model-free).</summary>
    private sealed record ConfiguredChatCompletion(IChatCompletionService? Service);
}
