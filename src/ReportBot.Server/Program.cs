using ReportBot.Server.Extensions;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddReportBotServer();

var app = builder.Build();
app.MapReportBotServer();
app.Run();

/// <summary>The web host (entry point; public so functional tests can start it with WebApplicationFactory).</summary>
public partial class Program;
