using System.Text.Json.Serialization;

namespace ReportBot.Core.Claims;

/// <summary>How the sides of a disagreement relate. Serialised as "contradiction", "changed-over-time", "different-scope".</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DisagreementKind>))]
public enum DisagreementKind
{
    /// <summary>The reports state different values, with nothing saying one revises the other.</summary>
    [JsonStringEnumMemberName("contradiction")]
    Contradiction,

    /// <summary>A later report, or a later passage of the same report, revises the value.</summary>
    [JsonStringEnumMemberName("changed-over-time")]
    ChangedOverTime,

    /// <summary>The values count over different periods or definitions; both may be true.</summary>
    [JsonStringEnumMemberName("different-scope")]
    DifferentScope,
}

/// <summary>The names the API, the command line and the question sets use for a <see cref="DisagreementKind"/>.</summary>
public static class DisagreementKinds
{
    /// <summary>"contradiction", "changed-over-time" or "different-scope".</summary>
    public static string ApiName(this DisagreementKind kind) => kind switch
    {
        DisagreementKind.ChangedOverTime => "changed-over-time",
        DisagreementKind.DifferentScope => "different-scope",
        _ => "contradiction",
    };
}
