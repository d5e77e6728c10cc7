using System.Reflection;
using ReportBot.Core.Claims;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Claims;

/// <summary>
/// Claims are read at ingestion, before any question: nothing in ReportBot.Core.Claims may use a type of answering
/// (a question, a scored sentence, a comparison). Answering uses Claims, never the other way round.
/// </summary>
public sealed class LayeringTests
{
    [Fact]
    public void NothingInClaims_UsesATypeOfAnswering()
    {
        var claims = typeof(ClaimExtractor).Assembly.GetTypes().Where(t => t.Namespace == "ReportBot.Core.Claims").ToList();
        claims.Count.ShouldBeGreaterThan(5);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = claims.SelectMany(t =>
            t.GetFields(all).Select(f => f.FieldType)
                .Concat(t.GetProperties(all).Select(p => p.PropertyType))
                .Concat(t.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
                .Concat(t.GetConstructors(all).SelectMany(c => c.GetParameters().Select(p => p.ParameterType)))
                .Select(u => (Owner: t.FullName, Used: u)));
        var offending = used.Where(x => Flatten(x.Used).Any(u => u.Namespace?.StartsWith("ReportBot.Core.Answering", StringComparison.Ordinal) == true))
            .Select(x => $"{x.Owner} uses {x.Used}").Distinct().ToList();
        offending.ShouldBeEmpty();
    }

    private static IEnumerable<Type> Flatten(Type t)
    {
        yield return t;
        if (t.IsArray || t.IsByRef || t.IsPointer) foreach (var e in Flatten(t.GetElementType()!)) yield return e;
        if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) foreach (var e in Flatten(a)) yield return e;
    }
}
