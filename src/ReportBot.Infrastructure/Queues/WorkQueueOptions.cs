using Microsoft.Extensions.DependencyInjection;

namespace ReportBot.Infrastructure.Queues;

/// <summary>
/// Settings of the durable work queue between the chat channels' endpoints and their workers (<see cref="DurableWorkQueue"/>).
/// Section <c>ReportBot:Queue</c>. Each channel keeps its own capacity and number of workers in its own section.
/// </summary>
public sealed class WorkQueueOptions
{
    public const string SectionName = "ReportBot:Queue";

    /// <summary>Attempts at an item before it is dropped as poison, with a log line. An attempt counts when a worker takes
    /// the item, so an item whose handling kills the process is dropped too, instead of being retried forever. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>An item that waited longer than this is dropped with a log line instead of answered (at start-up, and when a
    /// worker would take it): an answer to an hour-old chat question is worse than none. Default 60 minutes.</summary>
    public int MaxAgeMinutes { get; set; } = 60;

    /// <summary>How long a worker's claim on an item holds. The worker renews it while it works (every third of it), so an
    /// item is taken again only when its worker is gone (the process was killed): after at most this long. Default 30 s.</summary>
    public int LeaseSeconds { get; set; } = 30;
}

/// <summary>Registration of the work queue's settings.</summary>
public static class WorkQueueServiceCollectionExtensions
{
    /// <summary>Binds <see cref="WorkQueueOptions"/> and validates them at start.</summary>
    public static IServiceCollection AddWorkQueueOptions(this IServiceCollection services)
    {
        services.AddOptions<WorkQueueOptions>().BindConfiguration(WorkQueueOptions.SectionName)
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "ReportBot:Queue:MaxAttempts must be 1-100.")
            .Validate(o => o.MaxAgeMinutes is >= 1 and <= 7 * 24 * 60, "ReportBot:Queue:MaxAgeMinutes must be 1-10080.")
            .Validate(o => o.LeaseSeconds is >= 3 and <= 3600, "ReportBot:Queue:LeaseSeconds must be 3-3600.")
            .ValidateOnStart();
        return services;
    }
}
