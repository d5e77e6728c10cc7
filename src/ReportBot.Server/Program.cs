using ReportBot.Server.Extensions;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddReportBotServer();

var app = builder.Build();
app.MapReportBotServer();
try
{
    app.Run();
}
catch (ReportBot.Infrastructure.Hosting.DataFolderInUseException e)
{
    // One line naming the fix, not a stack trace.
    Console.Error.WriteLine(e.Message);
    return 1;
}
return 0;

/// <summary>The web host (entry point; public so functional tests can start it with WebApplicationFactory).</summary>
public partial class Program;
