using System.Text;
using ReportBot.Server.Channels.Slack;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Slack;

/// <summary>Request signing against the worked example in Slack's documentation ("Verifying requests from Slack") and tampered variants.</summary>
public sealed class SlackSignatureTests
{
    // Slack's documented example: signing secret, timestamp, slash-command body and the signature it expects.
    internal const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    internal const string DocTimestamp = "1531420618";
    internal const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    internal const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(long.Parse(DocTimestamp));
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    private static SlackSignatureCheck Check(string? timestamp = DocTimestamp, string? signature = DocSignature, string body = DocBody, string secret = DocSecret, DateTimeOffset? now = null) =>
        SlackSignature.Verify(secret, timestamp, signature, Encoding.UTF8.GetBytes(body), now ?? DocTime.AddSeconds(30), FiveMinutes);

    [Fact]
    public void Compute_DocumentedExample_GivesTheDocumentedSignature() =>
        SlackSignature.Compute(DocSecret, DocTimestamp, Encoding.UTF8.GetBytes(DocBody)).ShouldBe(DocSignature);

    [Fact]
    public void Verify_DocumentedExampleWithinFiveMinutes_IsValid()
    {
        Check().ShouldBe(SlackSignatureCheck.Valid);
        Check(now: DocTime.AddMinutes(5)).ShouldBe(SlackSignatureCheck.Valid);
    }

    [Fact]
    public void Verify_TamperedBody_IsRejected()
    {
        Check(body: DocBody.Replace("text=&", "text=delete+everything&", StringComparison.Ordinal)).ShouldBe(SlackSignatureCheck.Mismatch);
        Check(body: DocBody + " ").ShouldBe(SlackSignatureCheck.Mismatch);
        Check(body: "").ShouldBe(SlackSignatureCheck.Mismatch);
    }

    [Fact]
    public void Verify_TamperedSignatureHeader_IsRejected()
    {
        Check(signature: DocSignature[..^1] + "4").ShouldBe(SlackSignatureCheck.Mismatch);
        Check(signature: DocSignature.ToUpperInvariant()).ShouldBe(SlackSignatureCheck.Mismatch);
        Check(signature: "v1=" + DocSignature[3..]).ShouldBe(SlackSignatureCheck.Mismatch);
        Check(signature: DocSignature[..20]).ShouldBe(SlackSignatureCheck.Mismatch);
        Check(secret: DocSecret + "x").ShouldBe(SlackSignatureCheck.Mismatch);
    }

    [Fact]
    public void Verify_TamperedTimestampHeader_IsRejected()
    {
        // A different timestamp changes the signed string, so the old signature no longer matches.
        Check(timestamp: "1531420619").ShouldBe(SlackSignatureCheck.Mismatch);
        Check(timestamp: "15314206l8").ShouldBe(SlackSignatureCheck.BadTimestamp);
        Check(timestamp: "-1531420618").ShouldBe(SlackSignatureCheck.BadTimestamp);
    }

    [Fact]
    public void Verify_TimestampOlderOrNewerThanFiveMinutes_IsRejectedEvenWhenSigned()
    {
        Check(now: DocTime.AddMinutes(5).AddSeconds(1)).ShouldBe(SlackSignatureCheck.Stale);
        Check(now: DocTime.AddSeconds(-301)).ShouldBe(SlackSignatureCheck.Stale);
        Check(now: DateTimeOffset.UtcNow).ShouldBe(SlackSignatureCheck.Stale);
    }

    [Fact]
    public void Verify_MissingHeaders_AreRejected()
    {
        Check(timestamp: null).ShouldBe(SlackSignatureCheck.MissingHeaders);
        Check(signature: null).ShouldBe(SlackSignatureCheck.MissingHeaders);
        Check(signature: "").ShouldBe(SlackSignatureCheck.MissingHeaders);
    }
}
