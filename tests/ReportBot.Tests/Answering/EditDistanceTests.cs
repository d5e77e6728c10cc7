using ReportBot.Core.Answering;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

public sealed class EditDistanceTests
{
    [Theory]
    [InlineData("russia", "russia", 0)]
    [InlineData("rusia", "russia", 1)]      // a letter left out
    [InlineData("russai", "russia", 1)]     // two letters swapped (one edit in this distance)
    [InlineData("tanks", "banks", 1)]       // one letter replaced
    [InlineData("evacuted", "evacuated", 1)]
    [InlineData("goverment", "government", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_is_the_number_of_edits(string a, string b, int expected) =>
        QuestionAnalyzer.EditDistance(a, b, 10).ShouldBe(expected);

    [Fact]
    public void Past_the_limit_it_says_only_that()
    {
        QuestionAnalyzer.EditDistance("kitten", "sitting", 1).ShouldBeGreaterThan(1);
        QuestionAnalyzer.EditDistance("abc", "abcdef", 2).ShouldBe(3); // lengths alone rule it out
    }

    [Fact]
    public void Words_longer_than_the_stack_table_are_measured_too()
    {
        var a = new string('a', 300) + "xy";
        var b = new string('a', 300) + "yx";
        QuestionAnalyzer.EditDistance(a, b, 2).ShouldBe(1);
        QuestionAnalyzer.EditDistance(a, a + "z", 2).ShouldBe(1);
    }
}
