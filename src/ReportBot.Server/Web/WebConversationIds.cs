using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ReportBot.Infrastructure.Hosting;

namespace ReportBot.Server.Web;

/// <summary>
/// Conversation ids of the web API. The server issues them (a client asks with <c>"conversationId": "new"</c>): 128
/// random bits and an HMAC-SHA256 tag of them under a key kept under the data path (<c>web-conversations.key</c>,
/// created at first use, mode 0600), 64 hex characters in all. A request naming any other id is refused, so a client
/// can neither guess another's id nor name a Teams or Slack conversation; and the store key is namespaced
/// (<c>web:{id}</c>, beside <c>teams:…</c> and <c>slack:…</c>), so even a valid web id addresses web history only.
/// </summary>
public sealed class WebConversationIds
{
    /// <summary>What a client sends to start a conversation whose id the server issues.</summary>
    public const string New = "new";

    private const int RandomBytes = 16;
    private const int TagBytes = 16;
    private readonly byte[] _key;

    public WebConversationIds(IOptions<ReportBotOptions> root)
    {
        var folder = RepositoryPaths.Resolve(root.Value.DataPath);
        Directory.CreateDirectory(folder);
        _key = LoadOrCreateKey(Path.Combine(folder, "web-conversations.key"));
    }

    internal WebConversationIds(byte[] key) => _key = key;

    /// <summary>A new id: 32 hex characters of randomness and 32 of its tag.</summary>
    public string Issue()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return Convert.ToHexStringLower(random) + Convert.ToHexStringLower(Tag(random));
    }

    /// <summary>True when this server issued <paramref name="id"/>.</summary>
    public bool IsIssued(string? id)
    {
        if (id is not { Length: (RandomBytes + TagBytes) * 2 }) return false;
        Span<byte> bytes = stackalloc byte[RandomBytes + TagBytes];
        if (Convert.FromHexString(id, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != bytes.Length) return false;
        return CryptographicOperations.FixedTimeEquals(Tag(bytes[..RandomBytes]), bytes[RandomBytes..]);
    }

    /// <summary>The key of a web conversation in the conversation store.</summary>
    public static string StoreKey(string id) => "web:" + id;

    private byte[] Tag(ReadOnlySpan<byte> random) => HMACSHA256.HashData(_key, random)[..TagBytes];

    private static byte[] LoadOrCreateKey(string path)
    {
        try
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length >= 32) return existing;
        }
        catch (FileNotFoundException) { }
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var f = new FileStream(temp, options)) { f.Write(key); f.Flush(flushToDisk: true); }
        try
        {
            // Two servers on one data path starting together: the first key written wins, both use it.
            File.Move(temp, path, overwrite: false);
            return key;
        }
        catch (IOException)
        {
            File.Delete(temp);
            return File.ReadAllBytes(path);
        }
    }
}
