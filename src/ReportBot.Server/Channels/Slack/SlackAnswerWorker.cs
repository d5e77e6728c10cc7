using Microsoft.Extensions.Options;
using ReportBot.Core.Answering;
using ReportBot.Core.Ingestion;
using ReportBot.Core.Retrieval;
using ReportBot.Infrastructure.Queues;

namespace ReportBot.Server.Channels.Slack;

/// <summary>
/// Answers queued Slack questions in the background (the endpoint has already acknowledged them) and posts each answer
/// where it was asked: in the question's thread, or to the slash command's <c>response_url</c>. A question leaves the
/// queue once its reply was posted, or given up (Slack refused it, or failed after the retries; logged). Questions left
/// by a killed or stopped process are answered after the restart; on shutdown see <see cref="DurableQueueWorker"/>.
/// </summary>
public sealed class SlackAnswerWorker(
    SlackAnswerQueue queue,
    ISlackAnswerer answerer,
    SlackWebApi slack,
    CorpusState corpus,
    AnsweringOptions answering,
    IOptions<SlackOptions> options,
    ILogger<SlackAnswerWorker> logger) : DurableQueueWorker(queue.Queue, corpus, logger)
{
    public const string BusyText = "I'm busy answering other questions right now. Please ask again in a minute.";
    public const string IndexingText = "I'm still reading the reports. Please ask again in a few seconds.";
    public const string UnavailableText = "The report index can't be reached right now. Please ask again in a few seconds.";
    public const string FailedText = "Sorry, something went wrong while answering. Please try again.";
    public const string EmptyText = "Ask me a question about the reports, for example: _@ReportBot what do the reports say about …?_";

    /// <inheritdoc />
    protected override string Channel => "Slack";

    /// <inheritdoc />
    protected override string Items => "questions";

    /// <inheritdoc />
    protected override int Workers => options.Value.Workers;

    /// <inheritdoc />
    protected override bool Enabled => options.Value.Enabled;

    /// <inheritdoc />
    protected override async Task<WorkOutcome> HandleAsync(WorkItem item, CancellationToken cancellationToken)
    {
        if (SlackAnswerQueue.Deserialize(item.Payload) is not { } question)
        {
            logger.LogError("Slack: queued item {Id} is not a question; dropped", item.Id);
            return WorkOutcome.Done;
        }
        return await AnswerAsync(question, cancellationToken) ? WorkOutcome.Done : WorkOutcome.Interrupted;
    }

    /// <summary>
    /// Answers one question and posts the reply; never throws (a failure is logged and told to the user). False when
    /// <paramref name="cancellationToken"/> stopped it before the reply was posted (the question is to be answered later).
    /// </summary>
    internal async Task<bool> AnswerAsync(SlackQuestion question, CancellationToken cancellationToken)
    {
        SlackMessage reply;
        var isNotice = true;
        await using var stream = SlackAnswerStream.Open(question, slack, options.Value, logger, cancellationToken);
        try
        {
            if (string.IsNullOrWhiteSpace(question.Text)) reply = SlackMessageBuilder.Notice(EmptyText);
            else if (question.Text.Length > answering.MaxQuestionLength)
                reply = SlackMessageBuilder.Notice($"Please keep the question under {answering.MaxQuestionLength} characters.");
            else if (!Corpus.IsIndexed) reply = SlackMessageBuilder.Notice(IndexingText);
            else
            {
                var result = await answerer.AnswerAsync(question.ConversationId, question.Text, stream, cancellationToken);
                reply = SlackMessageBuilder.FromAnswer(result);
                isNotice = false;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (IndexUnavailableException e)
        {
            logger.LogWarning("Slack question in {Channel} not answered: the index is unavailable ({Message})", LogValue.Escape(question.ChannelId), e.Message);
            reply = SlackMessageBuilder.Notice(UnavailableText);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Answering a Slack question in {Channel} failed", LogValue.Escape(question.ChannelId));
            reply = SlackMessageBuilder.Notice(FailedText);
        }
        return await PostAsync(question, reply, inChannel: !isNotice, cancellationToken, stream);
    }

    /// <summary>Tells the asker the bot is busy (the queue was full).</summary>
    internal Task ReplyBusyAsync(SlackQuestion question, CancellationToken cancellationToken) =>
        PostAsync(question, SlackMessageBuilder.Notice(BusyText), inChannel: false, cancellationToken);

    // True when the reply was posted or given up (Slack refused it, or failed after the retries); false when cancelled.
    private async Task<bool> PostAsync(SlackQuestion question, SlackMessage reply, bool inChannel, CancellationToken cancellationToken, SlackAnswerStream? stream = null)
    {
        try
        {
            if (question.ResponseUrl is { } target && !options.Value.IsAllowedResponseUrl(target))
            {
                // Queued before the check existed (or under other settings): never posted to.
                logger.LogWarning("Slack: dropped a question whose response_url is not on Slack's hosts");
                return true;
            }
            var ok = question.ResponseUrl is { } url
                ? await slack.PostToResponseUrlAsync(url, reply, inChannel, cancellationToken)
                : stream is not null ? await stream.DeliverAsync(reply, cancellationToken) : await slack.PostMessageAsync(question.ChannelId, question.ThreadTs, reply, cancellationToken);
            if (ok) logger.LogInformation("Answered a Slack question in {Channel}", LogValue.Escape(question.ChannelId));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException)
        {
            logger.LogWarning("Posting a Slack reply to {Channel} failed: {Error}", LogValue.Escape(question.ChannelId), e.Message);
            return true;
        }
    }
}
