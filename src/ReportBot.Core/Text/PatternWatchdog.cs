using System.Runtime.CompilerServices;

namespace ReportBot.Core.Text;

/// <summary>
/// The watchdog of every pattern of the language knowledge. A pattern that backtracks without end on text unlike any it
/// was tried on (reports are uploaded by users) stops after <see cref="MatchTimeout"/> with a
/// <see cref="System.Text.RegularExpressions.RegexMatchTimeoutException"/> instead of holding a thread for ever: .NET
/// cannot abort a thread, so the limit has to be inside the match. It does not stop a loop the source generator emits
/// without a time check (the .NET 10 fault of ClaimExtractor.CausePhrase, measured: the limit did not end it);
/// GeneratedRegexTests guards against that kind by comparing every pattern with the interpreter.
/// <para>
/// Every <c>[GeneratedRegex]</c> of this assembly without a timeout of its own takes the process's default
/// (<c>REGEX_DEFAULT_MATCH_TIMEOUT</c>), which this module sets before any of its code runs. A match of the patterns here
/// on a sentence takes microseconds; two seconds is far beyond any honest match, on a loaded two-core machine too.
/// </para>
/// What a timeout costs: the ingestion keeps the sentence's text (chunked and searchable) and drops only its claims; an
/// answer declines with <see cref="Answering.AnswerComposer.NotRead"/>.
/// </summary>
public static class PatternWatchdog
{
    /// <summary>The most one match of one pattern may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private const string DefaultTimeoutKey = "REGEX_DEFAULT_MATCH_TIMEOUT";

#pragma warning disable CA2255 // The default must be set before this assembly's generated patterns read it, whoever hosts it.
    [ModuleInitializer]
    internal static void Arm()
    {
        if (AppContext.GetData(DefaultTimeoutKey) is null) AppContext.SetData(DefaultTimeoutKey, MatchTimeout);
    }
#pragma warning restore CA2255
}
