using System.Reflection;

namespace ReportBot.Core.Answering.Generative;

/// <summary>
/// The prompt files (under <c>src/ReportBot.Core/Prompts</c>, embedded as <c>ReportBot.Prompts.{name}.txt</c>). Placeholders
/// are <c>{{name}}</c>; Semantic Kernel renders them (<c>ReportsKernel</c> turns each file pair into one SK prompt template
/// with a system and a user message), so text put in (a report, a question) is never rendered again.
/// </summary>
/// <param name="AnswerSystem">System message of the answer.</param>
/// <param name="AnswerUser">User message of the answer: <c>{{question}}</c>, <c>{{passages}}</c>, <c>{{disagreements}}</c>.</param>
/// <param name="RewriteSystem">System message of the follow-up rewriter.</param>
/// <param name="RewriteUser">User message of the follow-up rewriter: <c>{{history}}</c>, <c>{{question}}</c>.</param>
public sealed record PromptTemplates(string AnswerSystem, string AnswerUser, string RewriteSystem, string RewriteUser)
{
    /// <summary>Prefix of the embedded resource names.</summary>
    public const string ResourcePrefix = "ReportBot.Prompts.";

    /// <summary>Reads the four templates from <paramref name="assembly"/>'s embedded resources.</summary>
    public static PromptTemplates FromResources(Assembly assembly)
    {
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(ResourcePrefix + name + ".txt")
                ?? throw new InvalidOperationException($"Prompt template '{name}.txt' is not embedded in {assembly.GetName().Name}.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return new PromptTemplates(Read("answer-system"), Read("answer-user"), Read("rewrite-system"), Read("rewrite-user"));
    }

    /// <summary>Reads the four templates from a folder of <c>.txt</c> files.</summary>
    public static PromptTemplates FromFolder(string folder)
    {
        string Read(string name) => File.ReadAllText(Path.Combine(folder, name + ".txt"));
        return new PromptTemplates(Read("answer-system"), Read("answer-user"), Read("rewrite-system"), Read("rewrite-user"));
    }
}
