using System.Buffers.Binary;
using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ReportBot.Cli;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Server.Channels.Teams;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Teams;

/// <summary>The sideloadable app package and the Teams shape of an answer.</summary>
public sealed class TeamsPackageTests
{
    [Fact]
    public async Task TeamsPackageCommand_WritesAManifestForTheBot_AndTwoIconsOfTheRequiredSizes()
    {
        var folder = TestPaths.NewTempFolder("teams-package");
        var zipPath = Path.Combine(folder, "app.zip");
        var appId = Guid.NewGuid().ToString();
        var exit = await new RootCommand { TeamsPackageCommand.Create() }.Parse(["teams-package", "--out", zipPath, "--app-id", appId]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(0);

        using var zip = ZipFile.OpenRead(zipPath);
        zip.Entries.Select(e => e.FullName).ShouldBe(["manifest.json", "color.png", "outline.png"], ignoreOrder: true);
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        var root = manifest.RootElement;
        root.GetProperty("manifestVersion").GetString().ShouldBe("1.22");
        root.GetProperty("$schema").GetString()!.ShouldContain("v1.22");
        root.GetProperty("id").GetString().ShouldBe(appId);
        var bot = root.GetProperty("bots")[0];
        bot.GetProperty("botId").GetString().ShouldBe(appId);
        bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["personal", "team", "groupChat"], ignoreOrder: true);
        var commands = bot.GetProperty("commandLists")[0].GetProperty("commands").EnumerateArray().ToList();
        commands.Count.ShouldBe(3); // the sample questions in appsettings.json
        commands.ShouldAllBe(c => c.GetProperty("title").GetString()!.Length <= 32 && c.GetProperty("description").GetString()!.Length <= 128);
        root.GetProperty("name").GetProperty("short").GetString()!.Length.ShouldBeLessThanOrEqualTo(30);

        var color = PngInfo(zip, "color.png");
        color.ShouldBe((192, 192, true));
        var outline = PngInfo(zip, "outline.png");
        outline.ShouldBe((32, 32, true));
    }

    [Fact]
    public async Task TeamsPackageCommand_OutIsAFolder_AndTheAppIdIsOptional()
    {
        var folder = TestPaths.NewTempFolder("teams-package");
        var exit = await new RootCommand { TeamsPackageCommand.Create() }.Parse(["teams-package", "--out", folder]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(0);
        using var zip = ZipFile.OpenRead(Path.Combine(folder, TeamsPackageCommand.FileName));
        using var manifest = JsonDocument.Parse(zip.GetEntry("manifest.json")!.Open());
        manifest.RootElement.GetProperty("bots")[0].GetProperty("botId").GetString().ShouldBe(TeamsPackageCommand.PlaceholderAppId);
    }

    [Fact]
    public async Task TeamsPackageCommand_WithAnAppIdThatIsNoGuid_FailsAndWritesNothing()
    {
        var folder = TestPaths.NewTempFolder("teams-package");
        var exit = await new RootCommand { TeamsPackageCommand.Create() }.Parse(["teams-package", "--out", folder, "--app-id", "not-a-guid"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        exit.ShouldBe(2);
        Directory.EnumerateFiles(folder).ShouldBeEmpty();
    }

    /// <summary>Width, height and whether every chunk's CRC and the zlib data are valid (decompresses to the expected size).</summary>
    private static (int Width, int Height, bool Valid) PngInfo(ZipArchive zip, string name)
    {
        using var ms = new MemoryStream();
        using (var s = zip.GetEntry(name)!.Open()) s.CopyTo(ms);
        var png = ms.ToArray();
        png[..8].ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        int width = 0, height = 0;
        var valid = true;
        using var idat = new MemoryStream();
        for (var pos = 8; pos < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            valid &= (Png.Crc32(data, Png.Crc32(png.AsSpan(pos + 4, 4))) ^ 0xFFFFFFFF) == crc;
            if (type == "IHDR") { width = BinaryPrimitives.ReadInt32BigEndian(data); height = BinaryPrimitives.ReadInt32BigEndian(data[4..]); }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        valid &= raw.Length == height * (1 + width * 4);
        return (width, height, valid);
    }

    [Fact]
    public void Reply_CapsCitationsAt20_AndShortensTitlesAndAbstracts()
    {
        var citations = Enumerable.Range(1, 25)
            .Select(n => new Citation(n, "r" + n, "A very long report title " + new string('x', 100), null, "2025-01-01", "A long quote " + string.Join(' ', Enumerable.Repeat("word", 80)), 0, 10))
            .ToList();
        var text = string.Concat(citations.Select(c => $"Claim [{c.N}]. "));
        var result = new AnswerResult(text, true, citations, [], "q", []);
        var builder = new TeamsReplyBuilder(Options.Create(new TeamsOptions()), new CorpusState());
        var inbound = new Activity { Type = "message", Id = "a1", Conversation = new() { Id = "c" }, Recipient = new() { Id = "bot" }, From = new() { Id = "user" } };

        var reply = builder.Answer(inbound, result);
        var json = JsonSerializer.SerializeToElement(reply, ActivityJson.Options);
        var entity = json.GetProperty("entities")[0];
        entity.GetProperty("type").GetString().ShouldBe("https://schema.org/Message");
        entity.GetProperty("@type").GetString().ShouldBe("Message");
        var claims = entity.GetProperty("citation").EnumerateArray().ToList();
        claims.Count.ShouldBe(20);
        claims.Select(c => c.GetProperty("position").GetInt32()).ShouldBe(Enumerable.Range(1, 20));
        claims.ShouldAllBe(c => c.GetProperty("appearance").GetProperty("name").GetString()!.Length <= 80
                                && c.GetProperty("appearance").GetProperty("abstract").GetString()!.Length <= 160
                                && c.GetProperty("@type").GetString() == "Claim");
        json.GetProperty("replyToId").GetString().ShouldBe("a1");
        json.TryGetProperty("attachments", out _).ShouldBeFalse();
    }

    [Fact]
    public void QuestionText_StripsOnlyTheBotsOwnMention()
    {
        var activity = new Activity
        {
            Text = "<at>ReportBot</at> what did <at>Ana</at> say?",
            Recipient = new() { Id = "28:bot", Name = "ReportBot" },
            Entities =
            [
                JsonSerializer.SerializeToElement(new { type = "mention", text = "<at>ReportBot</at>", mentioned = new { id = "28:bot", name = "ReportBot" } }),
                JsonSerializer.SerializeToElement(new { type = "mention", text = "<at>Ana</at>", mentioned = new { id = "29:ana", name = "Ana" } }),
            ],
        };
        TeamsBot.QuestionText(activity).ShouldBe("what did <at>Ana</at> say?");
    }
}
