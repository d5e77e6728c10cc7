using ReportBot.Core.Claims;
using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Corpus;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary><c>reportbot disagreements</c>: every place the reports disagree, with each side's source and quote.</summary>
internal static class DisagreementsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the JSON body GET /api/disagreements returns." };
        var endpoint = ServerClient.EndpointOption();
        var command = new Command("disagreements", "List every disagreement in the corpus.") { json, endpoint };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(endpoint) is { } url) return await FromServerAsync(url, parse.GetValue(json), ct);
            using var host = CliOptions.BuildHost(parse);
            return await CliOptions.WithSyncedCorpusAsync(host, "Could not list disagreements", _ =>
            {
                var map = DisagreementMap.From(host.Services.GetRequiredService<CorpusState>().Current);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(map, AskCommand.Json));
                else Print(map);
                return Task.FromResult(0);
            }, ct);
        });
        return command;
    }

    private static async Task<int> FromServerAsync(string url, bool json, CancellationToken cancellationToken)
    {
        if (!ServerClient.TryParse(url, out var endpoint)) return 2;
        using var client = new ServerClient(endpoint);
        try
        {
            var body = await client.SendAsync(HttpMethod.Get, "api/disagreements", null, cancellationToken);
            if (json) Console.WriteLine(body);
            else Print(JsonSerializer.Deserialize<DisagreementMap>(body, AskCommand.Json) ?? throw new ServerException("the server sent an empty body"));
            return 0;
        }
        catch (Exception e) when (e is ServerException or JsonException)
        {
            await Console.Error.WriteLineAsync($"Could not list disagreements: {e.Message}");
            return 1;
        }
    }

    private static void Print(DisagreementMap map)
    {
        if (map.Disagreements.Count == 0) AnsiConsole.WriteLine("The reports do not disagree anywhere.");
        foreach (var d in map.Disagreements)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(d.Topic)}[/] [yellow]{Markup.Escape(d.Kind.ApiName())}[/]");
            AnsiConsole.WriteLine(d.Summary);
            foreach (var c in d.Claims)
                AnsiConsole.MarkupLine($"  [grey][[{c.N}]][/] {Markup.Escape(c.Value)}{(c.IsNewer ? " [green](newer)[/]" : "")} — {Markup.Escape(c.ReportId)}{(c.Published is null ? "" : $", {Markup.Escape(c.Published)}")}{(c.Attribution is null ? "" : $", citing {Markup.Escape(c.Attribution)}")}: “{Markup.Escape(c.Statement)}”");
            AnsiConsole.WriteLine();
        }
    }
}
