using System.CommandLine;
using ReportBot.Cli;

Terminal.Configure();
var root = new RootCommand("ReportBot: answers questions about a corpus of news reports, with citations and disagreements.");
root.Add(CliOptions.Corpus);
root.Add(CliOptions.Data);
root.Add(IngestCommand.Create());
root.Add(AskCommand.Create());
root.Add(EvalCommand.Create());
root.Add(BenchCommand.Create());
root.Add(DisagreementsCommand.Create());
root.Add(TeamsPackageCommand.Create());
return await root.Parse(args).InvokeAsync();
