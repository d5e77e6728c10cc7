using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary><c>reportbot ask "question"</c>: answers with numbered sources; <c>--json</c> prints the HTTP response body.</summary>
public static class AskCommand
{
    /// <summary>The same JSON shape as the web API's responses.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Command Create()
    {
        var question = new Argument<string>("question") { Description = "The question to ask." };
        var json = new Option<bool>("--json") { Description = "Print the answer as the JSON body /api/chat returns." };
        var endpoint = ServerClient.EndpointOption();
        var command = new Command("ask", "Ask a question about the reports.") { question, json, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(question) ?? "";
            if (parse.GetValue(endpoint) is { } url) return await AskServerAsync(url, text, parse.GetValue(json), ct);
            using var host = CliOptions.BuildHost(parse);
            var answers = host.Services.GetRequiredService<AnswerService>();
            var request = new AnswerRequest(text);
            if (answers.Validate(request) is { } invalid)
            {
                await Console.Error.WriteLineAsync($"Invalid {invalid.Field}: {invalid.Message}");
                return 2;
            }
            return await CliOptions.WithSyncedCorpusAsync(host, "Could not answer", async token =>
            {
                var result = await answers.AnswerAsync(request, token);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, Json));
                else Print(result);
                return 0;
            }, ct);
        });
        return command;
    }

    /// <summary>Asks a running bot: the same output, from its <c>POST /api/chat</c>.</summary>
    private static async Task<int> AskServerAsync(string url, string question, bool json, CancellationToken cancellationToken)
    {
        if (!ServerClient.TryParse(url, out var endpoint)) return 2;
        using var client = new ServerClient(endpoint);
        try
        {
            var body = await client.SendAsync(HttpMethod.Post, "api/chat", new { question }, cancellationToken);
            if (json) Console.WriteLine(body);
            else Print(JsonSerializer.Deserialize<AnswerResult>(body, Json) ?? throw new ServerException("the server sent an empty answer"));
            return 0;
        }
        catch (Exception e) when (e is ServerException or JsonException)
        {
            await Console.Error.WriteLineAsync($"Could not answer: {e.Message}");
            return 1;
        }
    }

    internal static void Print(AnswerResult result) => Console.Write(Format(result));

    /// <summary>What <c>reportbot ask</c> prints: the answer, then the numbered sources (the README's sample is this text).</summary>
    public static string Format(AnswerResult result)
    {
        var sb = new System.Text.StringBuilder(result.Answer).Append('\n');
        if (result.Citations.Count == 0) return sb.ToString();
        sb.Append("\nSources:\n");
        foreach (var c in result.Citations)
            sb.Append($"[{c.N}] {c.Title}{(c.Publisher is null ? "" : $" — {c.Publisher}")}{(c.Published is null ? "" : $", {c.Published}")} ({c.ReportId}, chars {c.Start}-{c.End})\n");
        return sb.ToString();
    }
}
