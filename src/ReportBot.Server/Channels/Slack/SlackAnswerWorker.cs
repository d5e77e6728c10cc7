using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Answers queued Slack questions in the background (the endpoint has already acknowledged them) and posts each answer
/// where it was asked: in the question's thread, or to the slash command's <c>response_url</c>.
/// </summary>
public sealed class SlackAnswerWorker(
    SlackAnswerQueue queue,
    ISlackAnswerer answerer,
    SlackWebApi slack,
    CorpusState corpus,
    AnsweringOptions answering,
    IOptions<SlackOptions> options,
    ILogger<SlackAnswerWorker> logger) : BackgroundService
{
    public const string BusyText = "I'm busy answering other questions right now. Please ask again in a minute.";
    public const string IndexingText = "I'm still reading the reports. Please ask again in a few seconds.";
    public const string UnavailableText = "The report index can't be reached right now. Please ask again in a few seconds.";
    public const string FailedText = "Sorry, something went wrong while answering. Please try again.";
    public const string EmptyText = "Ask me a question about the reports, for example: _@ReportBot what do the reports say about …?_";

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return Task.CompletedTask;
        var workers = Math.Clamp(options.Value.Workers, 1, 16);
        return Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(stoppingToken), stoppingToken)));
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var question in queue.Reader.ReadAllAsync(stoppingToken))
                await AnswerAsync(question, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Answers one question and posts the reply; never throws (a failure is logged and told to the user).</summary>
    internal async Task AnswerAsync(SlackQuestion question, CancellationToken cancellationToken)
    {
        SlackMessage reply;
        var isNotice = true;
        await using var stream = SlackAnswerStream.Open(question, slack, options.Value, logger, cancellationToken);
        try
        {
            if (string.IsNullOrWhiteSpace(question.Text)) reply = SlackMessageBuilder.Notice(EmptyText);
            else if (question.Text.Length > answering.MaxQuestionLength)
                reply = SlackMessageBuilder.Notice($"Please keep the question under {answering.MaxQuestionLength} characters.");
            else if (!corpus.IsIndexed) reply = SlackMessageBuilder.Notice(IndexingText);
            else
            {
                var result = await answerer.AnswerAsync(question.ConversationId, question.Text, stream, cancellationToken);
                reply = SlackMessageBuilder.FromAnswer(result);
                isNotice = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (IndexUnavailableException e)
        {
            logger.LogWarning("Slack question in {Channel} not answered: the index is unavailable ({Message})", question.ChannelId, e.Message);
            reply = SlackMessageBuilder.Notice(UnavailableText);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Answering a Slack question in {Channel} failed", question.ChannelId);
            reply = SlackMessageBuilder.Notice(FailedText);
        }
        await PostAsync(question, reply, inChannel: !isNotice, cancellationToken, stream);
    }

    /// <summary>Tells the asker the bot is busy (the queue was full).</summary>
    internal Task ReplyBusyAsync(SlackQuestion question, CancellationToken cancellationToken) =>
        PostAsync(question, SlackMessageBuilder.Notice(BusyText), inChannel: false, cancellationToken);

    private async Task PostAsync(SlackQuestion question, SlackMessage reply, bool inChannel, CancellationToken cancellationToken, SlackAnswerStream? stream = null)
    {
        try
        {
            var ok = question.ResponseUrl is { } url
                ? await slack.PostToResponseUrlAsync(url, reply, inChannel, cancellationToken)
                : stream is not null ? await stream.DeliverAsync(reply, cancellationToken) : await slack.PostMessageAsync(question.ChannelId, question.ThreadTs, reply, cancellationToken);
            if (ok) logger.LogInformation("Answered a Slack question in {Channel}", question.ChannelId);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException)
        {
            logger.LogWarning("Posting a Slack reply to {Channel} failed: {Error}", question.ChannelId, e.Message);
        }
    }
}
