using System.Reflection;
using System.Text.RegularExpressions;
using ReportBot.Tests.Support;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Text;

/// <summary>
/// Every source-generated pattern of the language knowledge (<c>[GeneratedRegex]</c>) finds what .NET's regex
/// interpreter finds for the same pattern, on every line of every corpus in the repository, and never hangs. The
/// source generator of .NET 10 once looped forever, and on other lines matched text its pattern cannot match, on a cause
/// phrase with named groups and a lazy loop ("… point to the supply managed by an external contractor"); a blind corpus
/// hung the ingestion on it. Patterns with that shape are built by the interpreter instead (ClaimExtractor.CausePhrase).
/// </summary>
public sealed class GeneratedRegexTests
{
    private static IEnumerable<(string Name, Regex Regex)> Patterns()
    {
        var types = typeof(ReportBot.Core.Claims.ClaimExtractor).Assembly.GetTypes();
        foreach (var type in types)
            foreach (var method in type.GetMethods(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
                if (method.ReturnType == typeof(Regex) && method.GetParameters().Length == 0 && !method.ContainsGenericParameters
                    && method.GetCustomAttributes().Any(a => a.GetType().Name == "GeneratedRegexAttribute"))
                    yield return ($"{type.Name}.{method.Name}", (Regex)method.Invoke(null, null)!);
    }

    private static List<string> CorpusLines()
    {
        var root = TestPaths.RepositoryRoot;
        var lines = new List<string>();
        foreach (var dir in new[] { "corpus", "tests/corpora", "tests/ReportBot.Tests/Fixtures" }.Select(d => Path.Combine(root, d)).Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".md") || f.EndsWith(".txt") || f.EndsWith(".html")))
                foreach (var line in File.ReadAllText(file).Split('\n').Where(l => l.Trim().Length > 0))
                {
                    // The line as written, and its sentences without markup, as the claim extraction reads them.
                    lines.Add(line);
                    lines.AddRange(Regex.Split(Regex.Replace(line, "<[^>]+>", " "), @"(?<=[.!?])\s+").Select(x => x.Trim()).Where(x => x.Length > 0));
                }
        return lines.Distinct(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void EveryGeneratedPattern_MatchesLikeTheInterpreter_OnEveryCorpusLine()
    {
        var patterns = Patterns().ToList();
        patterns.Count.ShouldBeGreaterThan(50, "the language patterns are found");
        var lines = CorpusLines();
        lines.Count.ShouldBeGreaterThan(1000, "the corpora are found");
        var problems = new List<string>();
        foreach (var (name, generated) in patterns)
        {
            var interpreted = new Regex(generated.ToString(), generated.Options);
            string? problem = null;
            var worker = new Thread(() =>
            {
                foreach (var line in lines)
                {
                    try
                    {
                        var a = string.Join("|", generated.Matches(line).Select(m => $"{m.Index}:{m.Length}"));
                        var b = string.Join("|", interpreted.Matches(line).Select(m => $"{m.Index}:{m.Length}"));
                        if (a != b) { problem = $"{name} differs on: {line[..Math.Min(160, line.Length)]}"; return; }
                    }
                    catch (RegexMatchTimeoutException) { problem = $"{name} runs past the watchdog's limit on: {line[..Math.Min(160, line.Length)]}"; return; }
                }
            }) { IsBackground = true };
            worker.Start();
            if (!worker.Join(TimeSpan.FromSeconds(30))) problems.Add($"{name} hangs");
            else if (problem is not null) problems.Add(problem);
        }
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void EveryGeneratedPattern_StopsAtTheWatchdogsLimit()
    {
        var unlimited = Patterns().Where(p => p.Regex.MatchTimeout != ReportBot.Core.Text.PatternWatchdog.MatchTimeout).Select(p => p.Name).ToList();
        unlimited.ShouldBeEmpty("every pattern of the language knowledge stops after the watchdog's limit");
        ReportBot.Core.Text.PatternWatchdog.MatchTimeout.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
