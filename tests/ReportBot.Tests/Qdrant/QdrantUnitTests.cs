using ReportBot.Infrastructure.Qdrant;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Qdrant;

/// <summary>Tests that need no server: parsing, ids, the missing binary.</summary>
public sealed class QdrantUnitTests
{
    [Theory]
    [InlineData("2025", "2025-01-01", "2025-12-31")]
    [InlineData("2024-02", "2024-02-01", "2024-02-29")]
    [InlineData("2025-06-02", "2025-06-02", "2025-06-02")]
    [InlineData(" 2025-06-02T23:30:00Z ", "2025-06-02", "2025-06-02")]
    public void Published_values_denote_day_ranges(string published, string first, string last)
    {
        QdrantIndex.TryParsePublished(published, out var f, out var l).ShouldBeTrue();
        f.ShouldBe(DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture));
        l.ShouldBe(DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("June")]
    [InlineData("2025-13")]
    public void Unparseable_published_values_are_rejected(string? published) =>
        QdrantIndex.TryParsePublished(published, out _, out _).ShouldBeFalse();

    [Fact]
    public void Manifest_ids_are_deterministic_per_report()
    {
        QdrantIndex.ManifestId("a").ShouldBe(QdrantIndex.ManifestId("a"));
        QdrantIndex.ManifestId("a").ShouldNotBe(QdrantIndex.ManifestId("b"));
    }

    [Fact]
    public void Missing_binary_names_the_install_script()
    {
        var ex = Should.Throw<FileNotFoundException>(() =>
            new QdrantProcess(new QdrantOptions { BinaryPath = "/nonexistent/qdrant" }, Path.GetTempPath()));
        ex.Message.ShouldContain("scripts/install-tools.sh");
    }

    [Fact]
    public void Default_binary_is_found_from_the_solution_folder() =>
        File.Exists(QdrantProcess.ResolveBinaryPath(null)).ShouldBeTrue();
}
