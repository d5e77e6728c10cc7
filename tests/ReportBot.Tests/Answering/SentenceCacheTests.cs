using ReportBot.Core.Answering;
using ReportBot.Core.Retrieval;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering;

public sealed class SentenceCacheTests
{
    private static ChunkPayload Chunk(string report, int index, string text, string hash) =>
        new(report, "Title", null, null, index, 0, text.Length, text, false, hash);

    [Fact]
    public void AChunkAskedAboutAgain_IsNotReadAgain_UnlessItsReportChanged()
    {
        var cache = new SentenceCache(8);
        var first = cache.Of(Chunk("r", 0, "Nine boats sank. The coastguard said so.", "h1"));
        first.Select(s => s.Text).ShouldBe(["Nine boats sank.", "The coastguard said so."]);
        first[0].Stems.ShouldContain("boat");
        first[0].Figures.Single().Value.ShouldBe(9);
        cache.Of(Chunk("r", 0, "Nine boats sank. The coastguard said so.", "h1")).ShouldBeSameAs(first);
        var changed = cache.Of(Chunk("r", 0, "Eleven boats sank.", "h2"));
        changed.ShouldNotBeSameAs(first);
        changed.Single().Figures.Single().Value.ShouldBe(11);
    }

    [Fact]
    public void TheCache_IsBounded_AndCanBeTurnedOff()
    {
        var cache = new SentenceCache(3);
        for (var i = 0; i < 10; i++) cache.Of(Chunk("r", i, $"Sentence {i} of the report.", "h"));
        cache.Count.ShouldBeLessThanOrEqualTo(3);
        var off = new SentenceCache(0);
        var chunk = Chunk("r", 0, "One sentence here.", "h");
        off.Of(chunk).ShouldNotBeSameAs(off.Of(chunk));
        off.Count.ShouldBe(0);
    }
}
