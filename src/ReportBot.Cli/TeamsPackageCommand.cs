using System.Buffers.Binary;
using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace ReportBot.Cli;

/// <summary>
/// <c>reportbot teams-package [--out DIR] [--app-id ID]</c>: writes <c>DIR/reportbot-teams.zip</c>, the sideloadable Microsoft
/// Teams app package (manifest.json, color.png 192×192, outline.png 32×32) for the bot configured under <c>ReportBot:Teams</c>.
/// Without an app id the package carries a placeholder id (fine for the Agents Playground; Teams needs the real one).
/// </summary>
public static class TeamsPackageCommand
{
    /// <summary>Name of the zip written into the <c>--out</c> folder.</summary>
    public const string FileName = "reportbot-teams.zip";

    /// <summary>The id a package gets without an app id.</summary>
    public const string PlaceholderAppId = "00000000-0000-0000-0000-000000000000";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write reportbot-teams.zip into (default: the current folder; a path ending in .zip names the file).", DefaultValueFactory = _ => "." };
        var appId = new Option<string?>("--app-id") { Description = "The bot's Microsoft App ID (overrides ReportBot:Teams:AppId; optional: a placeholder id is used without it)." };
        var command = new Command("teams-package", "Write the Microsoft Teams app package (manifest and icons) to sideload the bot.") { output, appId };
        command.SetAction(async (parse, ct) =>
        {
            var settings = TeamsPackageSettings.FromConfiguration(LoadConfiguration());
            if (parse.GetValue(appId) is { Length: > 0 } id) settings = settings with { AppId = id };
            if (string.IsNullOrWhiteSpace(settings.AppId))
            {
                settings = settings with { AppId = PlaceholderAppId };
                await Console.Error.WriteLineAsync($"No app id given: the package uses the placeholder {PlaceholderAppId}. For Teams, set ReportBot:Teams:AppId or pass --app-id with your Azure Bot's app id.");
            }
            else if (!Guid.TryParse(settings.AppId, out _))
            {
                await Console.Error.WriteLineAsync($"The app id '{settings.AppId}' is not a GUID: pass the Azure Bot's Microsoft App ID with --app-id.");
                return 2;
            }
            var target = Path.GetFullPath(parse.GetValue(output)!);
            var path = target.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(target) ? target : Path.Combine(target, FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await TeamsAppPackage.WriteAsync(settings, path, ct);
            Console.WriteLine($"Wrote {path} (bot {settings.AppId}). Upload it in Teams: Apps → Manage your apps → Upload an app.");
            return 0;
        });
        return command;
    }

    private static IConfiguration LoadConfiguration() => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
}

/// <summary>What the app package needs from <c>ReportBot:Teams</c>.</summary>
/// <param name="AppId">The Azure Bot's Microsoft App ID (also used as the Teams app id).</param>
/// <param name="BotName">Short name (at most 30 characters).</param>
/// <param name="SampleQuestions">Offered as the bot's commands.</param>
/// <param name="Version">App package version.</param>
/// <param name="DeveloperName">Publisher shown in Teams.</param>
/// <param name="WebsiteUrl">Publisher website (https).</param>
/// <param name="PrivacyUrl">Privacy statement (https).</param>
/// <param name="TermsOfUseUrl">Terms of use (https).</param>
public sealed record TeamsPackageSettings(
    string? AppId,
    string BotName,
    IReadOnlyList<string> SampleQuestions,
    string Version = "1.0.0",
    string DeveloperName = "ReportBot",
    string WebsiteUrl = "https://github.com/reportbot",
    string PrivacyUrl = "https://github.com/reportbot/privacy",
    string TermsOfUseUrl = "https://github.com/reportbot/terms")
{
    /// <summary>Reads <c>ReportBot:Teams</c> (AppId, BotName, SampleQuestions, Package:Version / DeveloperName / WebsiteUrl / PrivacyUrl / TermsOfUseUrl).</summary>
    public static TeamsPackageSettings FromConfiguration(IConfiguration configuration)
    {
        var teams = configuration.GetSection("ReportBot:Teams");
        var package = teams.GetSection("Package");
        var defaults = new TeamsPackageSettings(null, "ReportBot", []);
        return new TeamsPackageSettings(
            teams["AppId"],
            teams["BotName"] is { Length: > 0 } name ? name : defaults.BotName,
            teams.GetSection("SampleQuestions").GetChildren().Select(c => c.Value).OfType<string>().Where(q => q.Length > 0).ToList(),
            package["Version"] ?? defaults.Version,
            package["DeveloperName"] ?? defaults.DeveloperName,
            package["WebsiteUrl"] ?? defaults.WebsiteUrl,
            package["PrivacyUrl"] ?? defaults.PrivacyUrl,
            package["TermsOfUseUrl"] ?? defaults.TermsOfUseUrl);
    }
}

/// <summary>Builds the Teams app package: the manifest (schema 1.22) and two icons drawn in code.</summary>
public static class TeamsAppPackage
{
    public const string ManifestSchema = "https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json";
    public const string ManifestVersion = "1.22";

    /// <summary>Accent colour of the app (also the colour icon's background).</summary>
    public const uint Accent = 0x1F4E79;

    public static async Task WriteAsync(TeamsPackageSettings settings, string zipPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
        await using var file = File.Create(zipPath);
        await using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        await AddAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(Manifest(settings), new JsonSerializerOptions { WriteIndented = true }), cancellationToken);
        await AddAsync(zip, "color.png", ColorIcon(), cancellationToken);
        await AddAsync(zip, "outline.png", OutlineIcon(), cancellationToken);
    }

    private static async Task AddAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        await using var entry = await zip.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
        await entry.WriteAsync(content, cancellationToken);
    }

    /// <summary>The app manifest: one bot in personal, team and group chat scopes, with the sample questions as commands.</summary>
    public static JsonObject Manifest(TeamsPackageSettings s)
    {
        static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";
        string[] scopes = ["personal", "team", "groupChat"];
        var commands = new JsonArray([.. s.SampleQuestions.Take(10).Select(q => (JsonNode)new JsonObject { ["title"] = Cut(q, 32), ["description"] = Cut(q, 128) })]);
        return new JsonObject
        {
            ["$schema"] = ManifestSchema,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = s.Version,
            ["id"] = s.AppId,
            ["developer"] = new JsonObject { ["name"] = s.DeveloperName, ["websiteUrl"] = s.WebsiteUrl, ["privacyUrl"] = s.PrivacyUrl, ["termsOfUseUrl"] = s.TermsOfUseUrl },
            ["name"] = new JsonObject { ["short"] = Cut(s.BotName, 30), ["full"] = Cut(s.BotName + ": answers from news reports", 100) },
            ["description"] = new JsonObject
            {
                ["short"] = Cut("Answers questions about news reports with verbatim, cited quotes.", 80),
                ["full"] = "Ask a question about the news reports. The bot answers with verbatim quotes, numbers each source, and says where the reports disagree: who says what, and when. Follow-up questions use the conversation so far.",
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = $"#{Accent:X6}",
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = s.AppId,
                ["scopes"] = new JsonArray([.. scopes.Select(x => (JsonNode)x)]),
                ["isNotificationOnly"] = false,
                ["supportsFiles"] = false,
                ["commandLists"] = new JsonArray(new JsonObject { ["scopes"] = new JsonArray([.. scopes.Select(x => (JsonNode)x)]), ["commands"] = commands }),
            }),
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(),
        };
    }

    /// <summary>192×192: a white page with quote lines on the accent colour, full bleed.</summary>
    public static byte[] ColorIcon()
    {
        const int size = 192;
        var px = new uint[size * size];
        Array.Fill(px, 0xFF000000 | Accent);
        Fill(px, size, 52, 36, 140, 156, 0xFFFFFFFF);                     // the page
        for (var i = 0; i < 5; i++) Fill(px, size, 66, 60 + i * 18, i == 4 ? 104 : 126, 68 + i * 18, 0xFF000000 | Accent); // the lines
        Fill(px, size, 34, 118, 78, 162, 0xFFF2B134);                      // a citation badge
        return Png.Encode(size, size, px);
    }

    /// <summary>32×32: white on transparent, as Teams requires for the outline icon.</summary>
    public static byte[] OutlineIcon()
    {
        const int size = 32;
        var px = new uint[size * size];
        const uint white = 0xFFFFFFFF;
        Fill(px, size, 8, 4, 24, 6, white);
        Fill(px, size, 8, 26, 24, 28, white);
        Fill(px, size, 8, 4, 10, 28, white);
        Fill(px, size, 22, 4, 24, 28, white);
        for (var i = 0; i < 4; i++) Fill(px, size, 12, 9 + i * 4, i == 3 ? 17 : 20, 10 + i * 4, white);
        return Png.Encode(size, size, px);
    }

    private static void Fill(uint[] px, int width, int x0, int y0, int x1, int y1, uint argb)
    {
        for (var y = y0; y < y1; y++)
            for (var x = x0; x < x1; x++)
                px[y * width + x] = argb;
    }
}

/// <summary>A minimal PNG encoder: 8-bit RGBA, no filtering, zlib-compressed, CRC-32 per chunk.</summary>
public static class Png
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>Encodes ARGB pixels (row-major) as a PNG file.</summary>
    public static byte[] Encode(int width, int height, uint[] argb)
    {
        var raw = new byte[height * (1 + width * 4)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + width * 4); // raw[row] = 0: filter type None
            for (var x = 0; x < width; x++)
            {
                var p = argb[y * width + x];
                var o = row + 1 + x * 4;
                raw[o] = (byte)(p >> 16);
                raw[o + 1] = (byte)(p >> 8);
                raw[o + 2] = (byte)p;
                raw[o + 3] = (byte)(p >> 24);
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) z.Write(raw);

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type RGBA
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>CRC-32 (ISO-HDLC) as PNG uses it.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data, uint crc = 0xFFFFFFFF)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        s.Write(buffer);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(data, Crc32(typeBytes)) ^ 0xFFFFFFFF);
        s.Write(buffer);
    }
}
