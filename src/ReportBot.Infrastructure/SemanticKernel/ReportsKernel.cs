using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ReportBot.Core.Answering.Generative;
using ReportBot.Infrastructure.ModelProviders;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// ReportBot in Semantic Kernel: the <c>reports</c> plugin (<see cref="ReportsPlugin"/>: <c>search</c>, <c>answer</c>,
/// <c>disagreements</c>, and <c>write</c>, the generative prompt function), the answer check
/// (<see cref="AnswerCheckFilter"/>), and ReportBot's own kernel with the configured chat model as its chat completion
/// service. See docs/semantic-kernel.md.
/// </summary>
public static partial class ReportsKernel
{
    /// <summary>The plugin's name.</summary>
    public const string PluginName = "reports";

    /// <summary>The generative prompt function: ReportBot's answer prompt files rendered as an SK prompt template.</summary>
    public const string WriteFunction = "write";

    /// <summary>
    /// The <c>reports.write</c> prompt function: the system and user prompt files (<c>src/ReportBot.Core/Prompts</c>,
    /// embedded) as one Semantic Kernel template with a system and a user message. The files' <c>{{name}}</c>
    /// placeholders become SK variables (<c>{{$name}}</c>); passages and disagreements carry their own delimiters
    /// (the report text inside them has its angle brackets neutralised), the question is encoded as SK does by default.
    /// </summary>
    public static KernelFunction CreateWriteFunction(PromptTemplates? prompts = null, ChatOptions? options = null)
    {
        prompts ??= PromptTemplates.FromResources(typeof(ReportsKernel).Assembly);
        var template = $"<message role=\"system\">{Sk(prompts.AnswerSystem.Trim())}</message>\n<message role=\"user\">{Sk(prompts.AnswerUser.Trim())}</message>";
        var settings = new PromptExecutionSettings();
        if (options?.MaxOutputTokens is { } max) settings.ExtensionData = new Dictionary<string, object> { ["max_tokens"] = max };
        if (options?.Temperature is { } t) (settings.ExtensionData ??= new Dictionary<string, object>())["temperature"] = t;
        var config = new PromptTemplateConfig(template)
        {
            Name = WriteFunction,
            Description = "Writes the answer from numbered evidence passages and the detected disagreements, a citation [n] after every claim.",
            InputVariables =
            [
                new InputVariable { Name = "question", Description = "The question." },
                new InputVariable { Name = "passages", Description = "The numbered evidence passages.", AllowDangerouslySetContent = true },
                new InputVariable { Name = "disagreements", Description = "The detected disagreements.", AllowDangerouslySetContent = true },
            ],
            ExecutionSettings = { [PromptExecutionSettings.DefaultServiceId] = settings },
        };
        return KernelFunctionFactory.CreateFromPrompt(config, new KernelPromptTemplateFactory());
    }

    /// <summary>Adds the <c>reports</c> plugin (its functions resolved from the kernel's services) and the answer check to a kernel builder.</summary>
    public static IKernelBuilder AddReportsPlugin(this IKernelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddReportsServices();
        builder.Services.AddSingleton<IFunctionInvocationFilter, AnswerCheckFilter>();
        builder.Plugins.AddFromType<ReportsPlugin>(PluginName);
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
        kernel.Plugins.Add(Plugin(plugin));
        if (!kernel.FunctionInvocationFilters.OfType<AnswerCheckFilter>().Any()) kernel.FunctionInvocationFilters.Add(new AnswerCheckFilter());
        return kernel;
    }

    /// <summary>The plugin object as a <see cref="KernelPlugin"/> with the <c>write</c> prompt function added.</summary>
    public static KernelPlugin Plugin(ReportsPlugin plugin, PromptTemplates? prompts = null, ChatOptions? options = null)
    {
        var functions = KernelPluginFactory.CreateFromObject(plugin, PluginName).ToList();
        functions.Add(CreateWriteFunction(prompts, options));
        return KernelPluginFactory.CreateFromFunctions(PluginName, "ReportBot: search, answer and disagreements over the news reports.", functions);
    }

    /// <summary>
    /// Registers ReportBot's own <see cref="Kernel"/> (call after <c>AddReportBot</c>): the <c>reports</c> plugin, the
    /// answer check, and, when <c>ReportBot:Chat</c> names a provider (OpenAI, Azure OpenAI, any OpenAI-compatible
    /// endpoint) or the host registered an <see cref="IChatClient"/>, that model as the kernel's chat completion service.
    /// </summary>
    public static IServiceCollection AddReportsKernel(this IServiceCollection services)
    {
        services.AddReportsServices();
        services.AddTransient(sp =>
        {
            var builder = Kernel.CreateBuilder();
            var options = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChatModelOptions>>().Value;
            if ((sp.GetService<IChatClient>() ?? ModelProviderServiceCollectionExtensions.CreateChatClient(options, sp)) is { } chat)
                builder.Services.AddSingleton(chat.AsChatCompletionService(sp));
            builder.Services.AddSingleton<IFunctionInvocationFilter, AnswerCheckFilter>();
            var kernel = builder.Build();
            kernel.Plugins.Add(Plugin(sp.GetRequiredService<ReportsPlugin>(), sp.GetRequiredService<PromptTemplates>(),
                new ChatOptions { MaxOutputTokens = options.MaxOutputTokens, Temperature = options.Temperature }));
            return kernel;
        });
        return services;
    }

    private static IServiceCollection AddReportsServices(this IServiceCollection services)
    {
        services.AddSingleton<ReportsTextSearch>();
        services.AddSingleton<ReportsPlugin>();
        return services;
    }

    /// <summary><c>{{name}}</c> → <c>{{$name}}</c>.</summary>
    private static string Sk(string template) => Placeholder().Replace(template, "{{$$$1}}");

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Placeholder();
}
