using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;

namespace ReportBot.Cli;

/// <summary>Asks a running ReportBot over its HTTP API (<c>--endpoint URL</c>), so a command needs no Qdrant or data folder of its own.</summary>
internal sealed class ServerClient(Uri endpoint) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(endpoint.ToString().TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The <c>--endpoint</c> option of <c>ask</c> and <c>disagreements</c>.</summary>
    public static Option<string?> EndpointOption() => new("--endpoint") { Description = "Ask a running ReportBot at this URL (e.g. http://127.0.0.1:5000) instead of starting one." };

    /// <summary>Parses the option's value, or writes a one-line error.</summary>
    public static bool TryParse(string value, out Uri endpoint)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out endpoint!) && endpoint.Scheme is "http" or "https") return true;
        Console.Error.WriteLine($"--endpoint must be an http(s) URL such as http://127.0.0.1:5000, not '{value}'.");
        return false;
    }

    /// <summary>The JSON body of a request; throws <see cref="ServerException"/> with a one-line message on failure.</summary>
    public async Task<string> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        HttpResponseMessage response;
        try { response = await _http.SendAsync(request, cancellationToken); }
        catch (HttpRequestException e) { throw new ServerException($"the ReportBot server at {_http.BaseAddress} cannot be reached ({e.Message})"); }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { throw new ServerException($"the ReportBot server at {_http.BaseAddress} did not answer in time"); }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode) return text;
            throw new ServerException($"the server answered {(int)response.StatusCode}: {ProblemText(text) ?? response.ReasonPhrase}");
        }
    }

    private static string? ProblemText(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            string? Get(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return Get("detail") ?? Get("title");
        }
        catch (JsonException) { return null; }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A request to a running server failed; the message is one line.</summary>
internal sealed class ServerException(string message) : Exception(message);
