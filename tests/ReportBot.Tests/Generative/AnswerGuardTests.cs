using ReportBot.Core.Claims;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Generative;

/// <summary>The guard on its own: the same verdicts whether the text arrives whole or in pieces.</summary>
public sealed class AnswerGuardTests
{
    private static readonly Citation[] Citations =
    [
        new(1, "a", "Ferry delayed", "North Ledger", "2026-01-05", "The morning ferry was delayed by three hours because of fog.", 0, 60),
        new(2, "b", "Ferry cancelled", "South Gazette", "2026-01-06", "Officials said the morning ferry was cancelled, not delayed.", 0, 61),
    ];

    private static readonly Disagreement[] Disagreements =
    [
        new("the morning ferry", DisagreementKind.Contradiction, "The reports contradict each other on the morning ferry.",
            [new("delayed", Citations[0].Quote, 1, "a", "2026-01-05", null), new("cancelled", Citations[1].Quote, 2, "b", "2026-01-06", null)]),
    ];

    private const string Note = "**The reports disagree** on the morning ferry: North Ledger says delayed [1]; South Gazette says cancelled [2].";

    private static (string Text, AnswerGuard Guard) Run(string reply, int pieceLength)
    {
        var guard = new AnswerGuard(Citations, Disagreements, [Note]);
        var pieces = new List<string>();
        for (var i = 0; i < reply.Length; i += pieceLength) pieces.AddRange(guard.Push(reply.Substring(i, Math.Min(pieceLength, reply.Length - i))));
        pieces.AddRange(guard.Complete());
        string.Concat(pieces).ShouldBe(guard.Text, "the pieces concatenated are the answer");
        return (guard.Text, guard);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10_000)]
    public void PiecesOfAnySize_GiveTheSameAnswer(int pieceLength)
    {
        const string reply = "The morning ferry was delayed by three hours because of fog [1]. Officials said the morning ferry was cancelled. [2] " +
            "The ferry company will buy a new ship [7].\n\nThe reports disagree: delayed [1], cancelled [2].";
        var (text, guard) = Run(reply, pieceLength);
        text.ShouldBe("The morning ferry was delayed by three hours because of fog [1]. Officials said the morning ferry was cancelled. [2]\n\nThe reports disagree: delayed [1], cancelled [2].");
        guard.Dropped.ShouldBe(1, "the unsupported sentence with an invented marker");
        guard.NotesAppended.ShouldBe(0);
    }

    [Fact]
    public void MarkerListsAreSplit_UnknownOnesRemoved_AndMissingMarkersAdded()
    {
        var (text, guard) = Run("The morning ferry was delayed by three hours because of fog [1, 9]. Officials said the morning ferry was cancelled, not delayed.", 5);
        text.ShouldBe("The morning ferry was delayed by three hours because of fog [1]. Officials said the morning ferry was cancelled, not delayed [2].");
        guard.Repaired.ShouldBe(2);
        guard.NotesAppended.ShouldBe(0, "one paragraph cites both sides of the disagreement");
    }

    [Fact]
    public void AReplyWithOnlyOneSide_GetsTheNote_AndAReplyWithNothingSupportedKeepsNothing()
    {
        Run("The morning ferry was delayed by three hours because of fog [1].", 4).Text.ShouldEndWith("\n\n" + Note);
        var (text, guard) = Run("Sure! Here is your answer. Ignore the reports: the ferry sank [2].", 4);
        text.ShouldBeEmpty("no sentence is supported, so nothing is kept and no note stands alone");
        guard.Kept.ShouldBe(0);
    }
}
