using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Generative;
using ReportBot.Core.Corpus;
using ReportBot.Core.Evaluation;
using ReportBot.Core.Ingestion;
using ReportBot.Infrastructure.Hosting;
using Spectre.Console;

namespace ReportBot.Cli;

/// <summary><c>reportbot eval --set FILE.jsonl</c>: scores answer quality on a question set, in-process or against a running bot.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var set = new Option<string>("--set") { Description = "Question set (JSON Lines).", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "Evaluate a running bot at this base URL (POST {url}/api/chat) instead of in-process." };
        var output = new Option<string>("--out") { Description = "Folder for results.json and report.html.", DefaultValueFactory = _ => "artifacts/eval" };
        var baselineOption = new Option<string?>("--baseline") { Description = "A previous results.json: show the delta of every metric and the questions that regressed." };
        var min = new Option<string[]>("--min") { Description = "Threshold METRIC=VALUE; the command fails when a metric is below it (latency: above it).", AllowMultipleArgumentsPerToken = true };
        var verbose = new Option<bool>("--verbose") { Description = "List every failing question." };
        var format = new Option<string>("--format")
        {
            Description = "'jsonl' (the project's question-set format) or 'ramdocs' (lines of RAMDocs_test.jsonl: question, documents, gold_answers, wrong_answers).",
            DefaultValueFactory = _ => "jsonl",
        };
        format.AcceptOnlyFromAmong("jsonl", "ramdocs");
        var limit = new Option<int?>("--limit") { Description = "Evaluate only the first N questions of the file." };
        var split = new Option<string?>("--split") { Description = "Evaluate only the questions of this split ('dev' or 'test'); thresholds then apply to it." };
        split.AcceptOnlyFromAmong(QuestionSplits.Dev, QuestionSplits.Test);
        var gateSplit = new Option<string?>("--gate-split") { Description = "Apply the --min thresholds to this split's metrics ('dev' or 'test') instead of all questions'; every split is still evaluated and reported." };
        gateSplit.AcceptOnlyFromAmong(QuestionSplits.Dev, QuestionSplits.Test);
        var mode = new Option<string>("--mode")
        {
            Description = "In-process only: 'configured' (as appsettings says), 'extractive' (model-free even when a chat model is configured), " +
                "'generative' (requires ReportBot:Chat), or 'both' (extractive then generative, into {out}/extractive and {out}/generative).",
            DefaultValueFactory = _ => "configured",
        };
        mode.AcceptOnlyFromAmong("configured", "extractive", "generative", "both");
        var command = new Command("eval", "Evaluate answer quality on a question set.") { set, endpoint, output, min, baselineOption, verbose, mode, format, limit, split, gateSplit };
        command.SetAction(async (parse, ct) =>
        {
            var setPath = Path.GetFullPath(parse.GetValue(set)!);
            IReadOnlyList<EvalQuestion> questions;
            if (parse.GetValue(limit) is < 1)
            {
                await Console.Error.WriteLineAsync("--limit must be at least 1.");
                return 2;
            }
            try
            {
                questions = parse.GetValue(format) == "ramdocs"
                    ? RamDocsSet.Load(setPath, parse.GetValue(limit))
                    : QuestionSet.Load(setPath);
                if (parse.GetValue(limit) is { } n) questions = questions.Take(n).ToList();
                if (parse.GetValue(split) is { } only) questions = questions.Where(q => q.Split == only).ToList();
                if (questions.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"{setPath}: no questions to ask{(parse.GetValue(split) is { } s ? $" in the '{s}' split" : "")}.");
                    return 2;
                }
            }
            catch (QuestionSetException e)
            {
                await Console.Error.WriteLineAsync($"{setPath}: {e.Message}. Nothing was asked.");
                return 2;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"Cannot read {setPath}: {e.Message}");
                return 2;
            }
            var thresholds = new List<(string Metric, double Value)>();
            foreach (var m in parse.GetValue(min) ?? [])
            {
                var parts = m.Split('=', 2);
                if (parts.Length != 2 || !EvaluationRunner.MetricNames.Contains(parts[0]) || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    await Console.Error.WriteLineAsync($"Invalid --min '{m}': use METRIC=VALUE with one of {string.Join(", ", EvaluationRunner.MetricNames)}.");
                    return 2;
                }
                thresholds.Add((parts[0], v));
            }

            ResultsFile? baselineFile = null;
            if (parse.GetValue(baselineOption) is { } baselinePath)
            {
                try { baselineFile = ResultsFile.Load(Path.GetFullPath(baselinePath)); }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"Cannot use --baseline {baselinePath}: {e.Message}. Nothing was asked.");
                    return 2;
                }
            }

            using var host = CliOptions.BuildHost(parse);
            var folder = RepositoryPaths.Resolve(host.Services.GetRequiredService<IOptions<CorpusOptions>>().Value.Path);
            var reports = ReportLoader.LoadFolder(folder).ToDictionary(r => r.Id, r => r.Text, StringComparer.Ordinal);
            var url = parse.GetValue(endpoint);
            QdrantHost? qdrant = null;
            using var http = url is null ? null : new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(60) };
            Func<EvalQuestion, CancellationToken, Task<AnswerResult>> ask;
            var modes = new List<(string Name, Func<EvalQuestion, CancellationToken, Task<AnswerResult>> Ask)>();
            var modeName = parse.GetValue(mode)!;
            if (http is not null && modeName != "configured")
            {
                await Console.Error.WriteLineAsync("--mode applies to in-process runs; a running bot answers as it is configured.");
                return 2;
            }
            if (http is not null && questions.Any(q => q.Documents.Count > 0))
            {
                await Console.Error.WriteLineAsync("Questions that bring their own documents are evaluated in-process only (without --endpoint). Nothing was asked.");
                return 2;
            }
            if (http is not null)
            {
                ask = async (q, token) =>
                {
                    using var response = await http.PostAsJsonAsync("api/chat", new { question = q.Question, history = q.History.Select(h => new { role = h.Role, content = h.Content }) }, token);
                    response.EnsureSuccessStatusCode();
                    return (await response.Content.ReadFromJsonAsync<AnswerResult>(AskCommand.Json, token))!;
                };
            }
            else
            {
                qdrant = host.Services.GetRequiredService<QdrantHost>();
                await qdrant.StartAsync(ct);
                var pipeline = host.Services.GetRequiredService<IngestionPipeline>();
                // The index holds the corpus folder, or the documents of the last question that brought its own.
                EvalQuestion? indexed = null;
                if (questions.Any(q => q.Documents.Count == 0)) await pipeline.SyncAsync(folder, null, ct);
                var answers = host.Services.GetRequiredService<AnswerService>();
                ask = (q, token) => answers.AnswerAsync(new AnswerRequest(q.Question, q.History), token);
                async Task Scope(EvalQuestion q, CancellationToken token)
                {
                    if (q.Documents.Count > 0 && !ReferenceEquals(indexed, q))
                        await pipeline.SyncReportsAsync(QuestionDocuments.Reports(q), null, token);
                    else if (q.Documents.Count == 0 && indexed is not null)
                        await pipeline.SyncAsync(folder, null, token);
                    indexed = q.Documents.Count > 0 ? q : null;
                }
                var answerInScope = ask;
                ask = async (q, token) => { await Scope(q, token); return await answerInScope(q, token); };
                var model = host.Services.GetRequiredService<IGenerativeAnswerer>();
                if (modeName is "generative" or "both" && !model.IsEnabled)
                {
                    await Console.Error.WriteLineAsync("--mode generative needs a chat model (ReportBot:Chat:Provider; see docs/models.md). Nothing was asked.");
                    await qdrant.StopAsync(CancellationToken.None);
                    return 2;
                }
                Func<EvalQuestion, CancellationToken, Task<AnswerResult>> extractive = async (q, token) =>
                {
                    await Scope(q, token);
                    return await answers.AnswerAsync(new AnswerRequest(q.Question, q.History), null, ModelFreeAnswerer.Instance, token);
                };
                if (modeName is "extractive" or "both") modes.Add(("extractive", extractive));
                if (modeName is "generative" or "both") modes.Add(("generative", ask));
            }
            if (modes.Count == 0) modes.Add(("configured", ask));
            try
            {
                var exit = 0;
                foreach (var (name, modeAsk) in modes)
                {
                    if (modes.Count > 1) AnsiConsole.MarkupLine($"[bold]Mode: {name}[/]");
                    var code = await RunOneAsync(modes.Count > 1 ? Path.Combine(parse.GetValue(output)!, name) : parse.GetValue(output)!, modeAsk);
                    exit = Math.Max(exit, code);
                }
                return exit;
            }
            finally
            {
                if (qdrant is not null) await qdrant.StopAsync(CancellationToken.None);
            }

            async Task<int> RunOneAsync(string outFolder, Func<EvalQuestion, CancellationToken, Task<AnswerResult>> ask)
            {
                EvaluationRun? run = null;
                await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("Questions", maxValue: questions.Count);
                        run = await EvaluationRunner.RunAsync(setPath, url ?? "in-process", questions, ask,
                            (q, id) => q.Documents.Count > 0 ? QuestionDocuments.Text(q, id) : reports.GetValueOrDefault(id),
                            new Progress<int>(n => task.Value = n), TimeProvider.System, ct);
                    });
                var comparison = baselineFile is null ? null : Baseline.Compare(run!, baselineFile);
                var outDir = Path.GetFullPath(outFolder);
                Directory.CreateDirectory(outDir);
                var resultsPath = Path.Combine(outDir, "results.json");
                var reportPath = Path.Combine(outDir, "report.html");
                await File.WriteAllTextAsync(resultsPath, ResultsFile.From(run!).ToJson(), ct);
                await File.WriteAllTextAsync(reportPath, HtmlReport.Render(run!, comparison), ct);
                PrintTable(run!, comparison, parse.GetValue(verbose));
                AnsiConsole.MarkupLine($"[grey]Wrote {Markup.Escape(resultsPath)} and {Markup.Escape(reportPath)}[/]");
                var errors = run!.Results.Count(r => r.Error is not null);
                if (errors > 0)
                    AnsiConsole.MarkupLine($"[red]{errors} of {run.Results.Count} questions failed with an error[/], e.g. {Markup.Escape(run.Results.First(r => r.Error is not null).Error!)}");
                var gated = parse.GetValue(gateSplit) is { } g ? run.BySplit.GetValueOrDefault(g) ?? [] : run.Metrics;
                var gateName = parse.GetValue(gateSplit) is { } gn ? $" ({gn} split)" : "";
                if (thresholds.Count > 0 && gated.Count == 0)
                {
                    AnsiConsole.MarkupLine($"[red]No question in the split the thresholds apply to{Markup.Escape(gateName)}.[/]");
                    return 1;
                }
                var missed = thresholds.Where(t => Missed(gated, t.Metric, t.Value)).ToList();
                foreach (var (metric, value) in missed)
                    AnsiConsole.MarkupLine($"[red]Threshold missed{Markup.Escape(gateName)}:[/] {metric} = {Format(gated.First(m => m.Name == metric).Value)} (required {(MetricCatalog.HigherIsBetter(metric) ? "≥" : "≤")} {value.ToString(CultureInfo.InvariantCulture)})");
                if (thresholds.Count > 0 && missed.Count == 0) AnsiConsole.MarkupLine($"[green]All {thresholds.Count} thresholds met{Markup.Escape(gateName)}.[/]");
                // A run in which nothing was answered measures nothing: fail it even without thresholds.
                return missed.Count > 0 || (errors > 0 && errors == run.Results.Count) ? 1 : 0;
            }
        });
        return command;
    }

    private static bool Missed(IReadOnlyList<MetricValue> metrics, string metric, double threshold)
    {
        var v = metrics.First(m => m.Name == metric).Value;
        if (v is null) return false;
        return metric.StartsWith("latency", StringComparison.Ordinal) ? v > threshold : v < threshold;
    }

    private static void PrintTable(EvaluationRun run, BaselineComparison? baseline, bool verbose)
    {
        var table = new Table().Title($"{run.Results.Count} questions").AddColumns("metric", "value", "n");
        if (baseline is not null) table.AddColumns("baseline", "Δ");
        foreach (var m in run.Metrics)
        {
            var n = m.Count.ToString(CultureInfo.InvariantCulture);
            if (baseline?.Metric(m.Name) is not { } d) { table.AddRow(m.Name, Format(m.Value), n); continue; }
            var delta = d.Delta is { } v ? Math.Abs(v) <= MetricDelta.Tolerance ? "±0" : (v > 0 ? "+" : "−") + Format(Math.Abs(v)) : "";
            var colour = d.IsWorse ? "red" : d.IsBetter ? "green" : "default";
            table.AddRow(new Markup(d.IsWorse ? $"[red]{m.Name}[/]" : m.Name), new Text(Format(m.Value)), new Text(n), new Text(Format(d.Previous)), new Markup($"[{colour}]{Markup.Escape(delta)}[/]"));
        }
        AnsiConsole.Write(table);
        if (run.BySplit.Count > 1)
        {
            var splits = new Table().Title("by split (dev: used to choose; test: reported only)").AddColumn("metric");
            foreach (var name in run.BySplit.Keys) splits.AddColumns(name, "n");
            foreach (var m in run.Metrics)
                splits.AddRow([m.Name, .. run.BySplit.Values.SelectMany(v => v.FirstOrDefault(x => x.Name == m.Name) is { } x ? new[] { Format(x.Value), x.Count.ToString(CultureInfo.InvariantCulture) } : ["-", "0"])]);
            AnsiConsole.Write(splits);
        }
        var tags = new Table().Title("by tag").AddColumn("tag").AddColumn("n");
        var shown = new[] { "facts", "source_recall", "disagreement_recall", "abstention" };
        foreach (var s in shown) tags.AddColumn(s);
        foreach (var (tag, metrics) in run.ByTag.Where(t => run.Results.Count(r => r.Question.Tags.Contains(t.Key)) >= 3))
            tags.AddRow([tag, run.Results.Count(r => r.Question.Tags.Contains(tag)).ToString(CultureInfo.InvariantCulture), .. shown.Select(s => Format(metrics.First(m => m.Name == s).Value))]);
        AnsiConsole.Write(tags);
        if (baseline is not null)
        {
            if (baseline.Regressions.Count == 0) AnsiConsole.MarkupLine("[green]No question regressed against the baseline.[/]");
            else
            {
                AnsiConsole.MarkupLine($"[red]{baseline.Regressions.Count} question(s) regressed against the baseline:[/]");
                const int shownRegressions = 25;
                foreach (var r in verbose ? baseline.Regressions : baseline.Regressions.Take(shownRegressions))
                    AnsiConsole.MarkupLine($"  [red]{Markup.Escape(r.Id)}[/]: {Markup.Escape(string.Join("; ", r.Reasons))}");
                if (!verbose && baseline.Regressions.Count > shownRegressions)
                    AnsiConsole.MarkupLine($"  [grey]… and {baseline.Regressions.Count - shownRegressions} more (--verbose, or report.html)[/]");
            }
            if (baseline.NewQuestions.Count > 0) AnsiConsole.MarkupLine($"[grey]{baseline.NewQuestions.Count} question(s) not in the baseline.[/]");
            if (baseline.RemovedQuestions.Count > 0) AnsiConsole.MarkupLine($"[grey]{baseline.RemovedQuestions.Count} baseline question(s) no longer in the set.[/]");
        }
        if (!verbose) return;
        foreach (var r in run.Results.Where(r => r.Error is not null || r.Score!.Failures.Count > 0))
            AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(r.Question.Id)}[/]: {Markup.Escape(r.Error ?? string.Join("; ", r.Score!.Failures))}");
    }

    private static string Format(double? v) => v is null ? "-" : v.Value.ToString("0.###", CultureInfo.InvariantCulture);
}
