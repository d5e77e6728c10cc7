using System.Text.RegularExpressions;
using ReportBot.Core.Corpus;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Corpus;

public sealed class ReportLoaderTests
{
    [Fact]
    public void APatternThatRanOutOfTime_IsReportedInPlainWords()
    {
        var reason = ReportLoader.ReasonOf(new RegexMatchTimeoutException("x", "(a+)+$", TimeSpan.FromSeconds(2)));
        reason.ShouldContain("took longer than 2 s");
        reason.ShouldContain("the other reports are unaffected");
        reason.ShouldNotContain("(a+)+$", Case.Sensitive, "the pattern is no use to the user");
    }
}
