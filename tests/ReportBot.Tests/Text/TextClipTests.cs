using ReportBot.Core.Text;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Text;

public sealed class TextClipTests
{
    [Theory]
    [InlineData("Safety notice SN-2031-044: Harlow Marine HM-250 outboard motor, 25 hp, recall", 40)]
    [InlineData("Harbour board minutes, 14 March: berths, dredging and the new pontoon at Pier 3", 30)]
    public void AShortenedTitle_EndsAtAWordBoundary_NeverInsideAWord(string title, int max)
    {
        var shortened = TextClip.Shorten(title, max);

        shortened.Length.ShouldBeLessThanOrEqualTo(max);
        shortened.ShouldEndWith("…");
        var kept = shortened.TrimEnd('…');
        title.ShouldStartWith(kept);
        (title[kept.Length] is ' ' or ',' or ':' or ';').ShouldBeTrue($"cut inside a word: {shortened}");
    }

    [Fact]
    public void AShortTitle_IsKept_WithItsWhitespaceCollapsed() =>
        TextClip.Shorten("Ferry  returns\nto Pellow", 40).ShouldBe("Ferry returns to Pellow");
}
