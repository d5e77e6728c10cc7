using ReportBot.Core.Answering;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

public sealed class FollowUpResolverTests
{
    [Theory]
    [InlineData("How many firefighters were sent to the warehouse?", "And how many of them were injured?", "How many of the firefighters were injured")]
    [InlineData("What did the Harbour Authority say on Monday about the crane?", "What did it decide?", "What did Harbour Authority decide")]
    [InlineData("How many flood barriers did the ministry order?", "Where were those installed?", "Where were the flood barriers installed")]
    [InlineData("How many containers did the port inspect?", "Who paid for those shipments?", "Who paid for those shipments")]
    [InlineData("How many people working on the pier were hurt?", "And how many of them were divers?", "How many of the people were divers")]
    public void Resolve_ReplacesPronounsWithTheEarlierQuestionsWords(string previous, string followUp, string expectedStart)
    {
        var (standalone, _) = FollowUpResolver.Resolve(followUp, [new ChatTurn("user", previous), new ChatTurn("assistant", "…")]);
        standalone.ShouldStartWith(expectedStart);
    }

    [Fact]
    public void Resolve_AStandaloneQuestion_IsLeftAlone()
    {
        var (standalone, context) = FollowUpResolver.Resolve("How many people were evacuated from the valley?", [new ChatTurn("user", "What caused the flood?")]);
        standalone.ShouldBe("How many people were evacuated from the valley?");
        context.ShouldBeNull();
    }

    [Theory]
    [InlineData("Is he still in that job?", "The harbour master was Ola Brekke.", "Is Ola Brekke still in that job")]
    [InlineData("What was her job before that?", "Ada Quill has been named acting director after Tor Lind left.", "What was Ada Quill’s job before that")]
    [InlineData("Which paper interviewed her?", "Ada Quill has been named acting director.", "Which paper interviewed Ada Quill")]
    public void Resolve_APersonsPronounIsThePersonTheLastAnswerNamed(string followUp, string answer, string expectedStart)
    {
        var (standalone, _) = FollowUpResolver.Resolve(followUp, [new ChatTurn("user", "Who runs the Skarvik ferry office?"), new ChatTurn("assistant", answer)]);
        standalone.ShouldStartWith(expectedStart);
    }

    [Fact]
    public void Resolve_APluralPronounAfterAWhoQuestion_IsThePeopleTheLastAnswerNamed()
    {
        var (standalone, _) = FollowUpResolver.Resolve("How old are they?",
            [new ChatTurn("user", "Who was arrested over the Skarvik harbour fire?"), new ChatTurn("assistant", "Police arrested two men, Ivar Dahl and Per Moen, on Friday.")]);
        standalone.ShouldStartWith("How old are Ivar Dahl and Per Moen");
    }

    [Theory]
    [InlineData("Which firm has the contract for the Hollins pier?")]
    [InlineData("What did the Dickens Trust say?")]
    public void Resolve_AWordThatOnlyEndsLikeAPlural_IsNoAntecedent(string previous)
    {
        var (standalone, _) = FollowUpResolver.Resolve("How much are they paid?", [new ChatTurn("user", previous), new ChatTurn("assistant", "…")]);
        standalone.ShouldStartWith("How much are they paid");
    }
}
