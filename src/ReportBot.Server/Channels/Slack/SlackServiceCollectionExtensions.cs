using Microsoft.Extensions.Options;

namespace ReportBot.Server.Channels.Slack;

/// <summary>Registration of the Slack channel.</summary>
public static class SlackServiceCollectionExtensions
{
    /// <summary>Adds the Slack options (validated at start), the signature-checked endpoints' services, the queue and its workers.</summary>
    public static IServiceCollection AddSlackChannel(this IServiceCollection services)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.SectionName)
            .Validate(o => Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "https" or "http", "ReportBot:Slack:ApiBaseUrl must be an absolute http(s) URL.")
            .Validate(o => o.QueueCapacity is >= 1 and <= 10_000, "ReportBot:Slack:QueueCapacity must be 1-10000.")
            .Validate(o => o.Workers is >= 1 and <= 16, "ReportBot:Slack:Workers must be 1-16.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.SlashCommand), "ReportBot:Slack:SlashCommand is required.")
            .Validate(o => o.MaxRequestAgeSeconds is >= 1 and <= 3600, "ReportBot:Slack:MaxRequestAgeSeconds must be 1-3600.")
            .Validate(o => o.StreamIntervalMilliseconds is >= 50 and <= 60_000, "ReportBot:Slack:StreamIntervalMilliseconds must be 50-60000.")
            .ValidateOnStart();
        services.AddSingleton<SlackEventDeduplicator>();
        services.AddSingleton<SlackReplayGuard>();
        services.AddSingleton<SlackAnswerQueue>();
        services.AddSingleton<ISlackAnswerer, ConversationalSlackAnswerer>();
        SlackWebApi.AddHttpClients(services);
        services.AddSingleton<SlackWebApi>();
        services.AddSingleton<SlackAnswerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackAnswerWorker>());
        return services;
    }
}
