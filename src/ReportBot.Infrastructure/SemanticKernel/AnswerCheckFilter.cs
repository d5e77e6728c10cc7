using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using ReportBot.Core.Answering.Generative;

namespace ReportBot.Infrastructure.SemanticKernel;

/// <summary>
/// The answer check as a Semantic Kernel filter, on every invocation of the <c>reports.write</c> prompt function (the
/// bot's own generative answers and the plugin's alike): the model's reply goes through the <see cref="AnswerCheck"/> in
/// the <see cref="CheckArgument"/> argument — every sentence checked against the cited quotes by ReportBot's
/// <see cref="AnswerGuard"/>, unsupported sentences repaired or dropped, every detected disagreement stated with all its
/// sides. Invoked without streaming, the function's result becomes the checked text (the model-free text when no
/// sentence survived); streamed, the stream becomes the checked pieces, released once a first sentence survived. Without
/// a check the function is not invoked at all: no unchecked reply leaves it.
/// </summary>
public sealed class AnswerCheckFilter : IFunctionInvocationFilter
{
    /// <summary>The argument holding the <see cref="AnswerCheck"/> of the answer being written.</summary>
    public const string CheckArgument = "check";

    /// <inheritdoc />
    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Function.PluginName != ReportsKernel.PluginName || context.Function.Name != ReportsKernel.WriteFunction)
        {
            await next(context);
            return;
        }
        if (!context.Arguments.TryGetValue(CheckArgument, out var value) || value is not AnswerCheck check)
            throw new InvalidOperationException($"{ReportsKernel.PluginName}.{ReportsKernel.WriteFunction} needs the answer's check (evidence and model-free answer) in the '{CheckArgument}' argument.");
        await next(context);
        if (context.IsStreaming)
        {
            context.Result = new FunctionResult(context.Result, CheckedStream(context.Result.GetValue<object>(), check));
            return;
        }
        check.Push(context.Result.GetValue<string>() ?? "");
        check.Complete();
        context.Result = new FunctionResult(context.Result, check.Text);
    }

    /// <summary>The streamed reply, as the caller asked for it (text or SK's streaming content), replaced by its checked pieces.</summary>
    private static object CheckedStream(object? reply, AnswerCheck check) => reply switch
    {
        IAsyncEnumerable<string> text => Checked(text, check, t => t, t => t),
        IAsyncEnumerable<StreamingChatMessageContent> chat => Checked(chat, check, c => c.Content ?? "", t => new StreamingChatMessageContent(AuthorRole.Assistant, t)),
        IAsyncEnumerable<StreamingKernelContent> content => Checked(content, check, c => c.ToString() ?? "", t => (StreamingKernelContent)new StreamingChatMessageContent(AuthorRole.Assistant, t)),
        _ => throw new NotSupportedException($"{ReportsKernel.PluginName}.{ReportsKernel.WriteFunction} streams text: string, StreamingChatMessageContent or StreamingKernelContent."),
    };

    private static async IAsyncEnumerable<T> Checked<T>(IAsyncEnumerable<T> reply, AnswerCheck check, Func<T, string> text, Func<string, T> piece,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in reply.WithCancellation(cancellationToken))
            foreach (var checkedPiece in check.Push(text(update)))
                yield return piece(checkedPiece);
        foreach (var checkedPiece in check.Complete())
            yield return piece(checkedPiece);
    }
}
