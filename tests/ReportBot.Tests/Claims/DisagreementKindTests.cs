using System.Text.Json;
using ReportBot.Core.Answering;
using ReportBot.Core.Claims;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Claims;

/// <summary>The disagreement kind is an enum in code and keeps its names on the wire and in the command line.</summary>
public sealed class DisagreementKindTests
{
    [Theory]
    [InlineData(DisagreementKind.Contradiction, "contradiction")]
    [InlineData(DisagreementKind.ChangedOverTime, "changed-over-time")]
    [InlineData(DisagreementKind.DifferentScope, "different-scope")]
    public void Kind_IsSerialisedAndNamedAsBefore(DisagreementKind kind, string name)
    {
        var json = JsonSerializer.Serialize(new Disagreement("the toll", kind, "s", []), JsonSerializerOptions.Web);
        json.ShouldContain($"\"kind\":\"{name}\"");
        JsonSerializer.Deserialize<Disagreement>(json, JsonSerializerOptions.Web)!.Kind.ShouldBe(kind);
        kind.ApiName().ShouldBe(name);
    }
}
