using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ReportBot.Core.Claims;

namespace ReportBot.Core.Evaluation;

/// <summary>
/// Writes an evaluation run as one self-contained HTML page (inline CSS, inline SVG charts, no script, no external
/// asset): a summary, a chart per metric and per tag, the regressions against a baseline, and every question
/// expandable (<c>&lt;details&gt;</c>) to its answer, citations with their quotes, disagreements and what failed.
/// All report and question text is HTML-escaped: reports may contain markup.
/// </summary>
public static partial class HtmlReport
{
    private const int LabelWidth = 190, BarWidth = 210, ValueWidth = 96, RowHeight = 20;

    private sealed record Bar(string Label, double? Value, double? Previous, string? Tooltip = null);

    public static string Render(EvaluationRun run, BaselineComparison? baseline = null)
    {
        var sb = new StringBuilder(64 * 1024);
        var failing = run.Results.Count(r => r.Error is null && r.Score!.Failures.Count > 0);
        var errors = run.Results.Count(r => r.Error is not null);
        var setName = Path.GetFileName(run.SetPath);

        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>ReportBot evaluation — ").Append(E(setName)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        sb.Append("<header><h1>ReportBot evaluation</h1><p class=\"meta\">Set <code>").Append(E(run.SetPath)).Append("</code> · target <code>").Append(E(run.Target))
          .Append("</code> · started ").Append(E(run.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        if (baseline is not null) sb.Append(" · compared with the baseline of ").Append(E(baseline.BaselineStartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        sb.Append("</p></header>\n<main>\n");

        // Summary: counts, the overall chart and the metrics table.
        sb.Append("<section id=\"summary\"><h2>Summary</h2>\n<div class=\"cards\">");
        Card(sb, "questions", run.Results.Count.ToString(CultureInfo.InvariantCulture), null);
        Card(sb, "without failures", (run.Results.Count - failing - errors).ToString(CultureInfo.InvariantCulture), "good");
        Card(sb, "with failures", failing.ToString(CultureInfo.InvariantCulture), failing > 0 ? "bad" : null);
        Card(sb, "errors", errors.ToString(CultureInfo.InvariantCulture), errors > 0 ? "bad" : null);
        if (baseline is not null) Card(sb, "regressed", baseline.Regressions.Count.ToString(CultureInfo.InvariantCulture), baseline.Regressions.Count > 0 ? "bad" : "good");
        Card(sb, "latency p50 / p95", $"{Ms(Value(run.Metrics, "latency_p50_ms"))} / {Ms(Value(run.Metrics, "latency_p95_ms"))}", null);
        sb.Append("</div>\n<div class=\"split\">\n<figure class=\"chart\"><figcaption>All questions</figcaption>");
        Chart(sb, "All questions", [.. Quality(run.Metrics).Select(m => new Bar(m.Name, m.Value, baseline?.Metric(m.Name)?.Previous, MetricCatalog.Find(m.Name)?.Definition))], 1);
        sb.Append("</figure>\n");
        MetricsTable(sb, run, baseline);
        sb.Append("</div>\n</section>\n");

        if (baseline is not null) Regressions(sb, run, baseline);

        // One chart per metric (a bar per tag), then one chart per tag (a bar per metric).
        sb.Append("<section id=\"by-metric\"><details open><summary><h2>By metric</h2><span class=\"hint\">each metric per tag</span></summary>\n<div class=\"grid\">");
        foreach (var metric in MetricCatalog.All)
        {
            var bars = run.ByTag.Select(t => (Tag: t.Key, Metric: t.Value.FirstOrDefault(m => m.Name == metric.Name)))
                .Where(t => t.Metric is { Count: > 0 })
                .Select(t => new Bar($"{t.Tag} ({t.Metric!.Count})", t.Metric.Value, null)).ToList();
            sb.Append("<figure class=\"chart\" id=\"metric-").Append(E(metric.Name)).Append("\"><figcaption>").Append(E(metric.Name)).Append(" <span class=\"overall\">overall ")
              .Append(metric.IsShare ? F(Value(run.Metrics, metric.Name)) : Ms(Value(run.Metrics, metric.Name))).Append("</span></figcaption>");
            if (bars.Count == 0) sb.Append("<p class=\"none\">No tagged question this metric applies to.</p>");
            else Chart(sb, metric.Name, bars, metric.IsShare ? 1 : Math.Max(1e-9, bars.Max(b => b.Value ?? 0)), metric.IsShare ? null : " ms");
            sb.Append("<p class=\"def\">").Append(E(metric.Definition)).Append("</p></figure>\n");
        }
        sb.Append("</div></details></section>\n");

        sb.Append("<section id=\"by-tag\"><details open><summary><h2>By tag</h2><span class=\"hint\">each tag's metrics</span></summary>\n<div class=\"grid\">");
        foreach (var (tag, metrics) in run.ByTag)
        {
            var n = run.Results.Count(r => r.Question.Tags.Contains(tag));
            sb.Append("<figure class=\"chart\"><figcaption>").Append(E(tag)).Append(" <span class=\"overall\">").Append(n).Append(n == 1 ? " question" : " questions").Append("</span></figcaption>");
            Chart(sb, tag, [.. Quality(metrics).Select(m => new Bar(m.Name, m.Value, null))], 1);
            sb.Append("</figure>\n");
        }
        sb.Append("</div></details></section>\n");

        sb.Append("<section id=\"questions\"><h2>Questions</h2><p class=\"hint\">Click a question to see its answer, citations, disagreements and what failed.</p>\n");
        for (var i = 0; i < run.Results.Count; i++) Question(sb, run.Results[i], i, baseline);
        sb.Append("</section>\n");

        sb.Append("<section id=\"definitions\"><h2>Metric definitions</h2><table class=\"defs\"><thead><tr><th>metric</th><th>definition</th></tr></thead><tbody>");
        foreach (var m in MetricCatalog.All) sb.Append("<tr><td><code>").Append(E(m.Name)).Append("</code></td><td>").Append(E(m.Definition)).Append("</td></tr>");
        sb.Append("</tbody></table></section>\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Card(StringBuilder sb, string label, string value, string? tone) =>
        sb.Append("<div class=\"card").Append(tone is null ? "" : " " + tone).Append("\"><div class=\"v\">").Append(E(value)).Append("</div><div class=\"l\">").Append(E(label)).Append("</div></div>");

    private static void MetricsTable(StringBuilder sb, EvaluationRun run, BaselineComparison? baseline)
    {
        sb.Append("<table class=\"metrics\"><thead><tr><th>metric</th><th>value</th><th>n</th>");
        if (baseline is not null) sb.Append("<th>baseline</th><th>Δ</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var m in run.Metrics)
        {
            var info = MetricCatalog.Find(m.Name);
            var delta = baseline?.Metric(m.Name);
            sb.Append("<tr").Append(delta?.IsWorse == true ? " class=\"worse\"" : delta?.IsBetter == true ? " class=\"better\"" : "").Append("><td title=\"").Append(E(info?.Definition ?? "")).Append("\">")
              .Append(E(m.Name)).Append("</td><td class=\"num\">").Append(info?.IsShare == false ? Ms(m.Value) : F(m.Value)).Append("</td><td class=\"num\">").Append(m.Count).Append("</td>");
            if (baseline is not null)
                sb.Append("<td class=\"num\">").Append(info?.IsShare == false ? Ms(delta?.Previous) : F(delta?.Previous)).Append("</td><td class=\"num delta\">").Append(Delta(delta)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>\n");
        if (run.BySplit.Count < 2) return;
        // The held-out splits side by side: dev results may guide rules and thresholds, test results are only reported.
        sb.Append("<table class=\"metrics\"><caption>By split (dev: used to choose rules and thresholds; test: reported only)</caption><thead><tr><th>metric</th>");
        foreach (var split in run.BySplit.Keys) sb.Append("<th>").Append(E(split)).Append("</th><th>n</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var m in run.Metrics)
        {
            var info = MetricCatalog.Find(m.Name);
            sb.Append("<tr><td>").Append(E(m.Name)).Append("</td>");
            foreach (var values in run.BySplit.Values)
            {
                var v = values.FirstOrDefault(x => x.Name == m.Name);
                sb.Append("<td class=\"num\">").Append(info?.IsShare == false ? Ms(v?.Value) : F(v?.Value)).Append("</td><td class=\"num\">").Append(v?.Count ?? 0).Append("</td>");
            }
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>\n");
    }

    private static void Regressions(StringBuilder sb, EvaluationRun run, BaselineComparison baseline)
    {
        sb.Append("<section id=\"regressions\"><h2>Against the baseline</h2>");
        var worse = baseline.Metrics.Where(m => m.IsWorse).ToList();
        sb.Append("<p>").Append(worse.Count == 0 ? "No metric went down." : "Went down: " + string.Join(", ", worse.Select(m => $"{m.Name} {Delta(m)}"))).Append("</p>");
        if (baseline.Regressions.Count == 0) sb.Append("<p class=\"good\">No question regressed.</p>");
        else
        {
            sb.Append("<table class=\"regressions\"><thead><tr><th>question</th><th>what got worse</th></tr></thead><tbody>");
            foreach (var r in baseline.Regressions)
            {
                var index = run.Results.ToList().FindIndex(x => x.Question.Id == r.Id);
                sb.Append("<tr><td><a href=\"#q-").Append(index).Append("\"><code>").Append(E(r.Id)).Append("</code></a></td><td><ul>");
                foreach (var reason in r.Reasons) sb.Append("<li>").Append(E(reason)).Append("</li>");
                sb.Append("</ul></td></tr>");
            }
            sb.Append("</tbody></table>");
        }
        if (baseline.NewQuestions.Count > 0) sb.Append("<p>New questions (not in the baseline): ").Append(E(string.Join(", ", baseline.NewQuestions))).Append("</p>");
        if (baseline.RemovedQuestions.Count > 0) sb.Append("<p>Removed since the baseline: ").Append(E(string.Join(", ", baseline.RemovedQuestions))).Append("</p>");
        sb.Append("</section>\n");
    }

    private static void Question(StringBuilder sb, QuestionResult r, int index, BaselineComparison? baseline)
    {
        var q = r.Question;
        var failures = Baseline.Failures(r.Score, r.Error);
        var regression = baseline?.RegressionOf(q.Id);
        var status = r.Error is not null ? "error" : failures.Count > 0 ? "fail" : "pass";
        sb.Append("<details class=\"q ").Append(status).Append(regression is null ? "" : " regressed").Append("\" id=\"q-").Append(index).Append("\"><summary><span class=\"badge ").Append(status).Append("\">").Append(status).Append("</span>");
        if (regression is not null) sb.Append("<span class=\"badge regressed\">regressed</span>");
        sb.Append("<code class=\"qid\">").Append(E(q.Id)).Append("</code> <span class=\"qtext\">").Append(E(q.Question)).Append("</span>");
        if (failures.Count > 0) sb.Append(" <span class=\"nfail\">").Append(failures.Count).Append(failures.Count == 1 ? " failure" : " failures").Append("</span>");
        sb.Append("</summary>\n<div class=\"body\">");

        sb.Append("<dl>");
        if (q.History.Count > 0)
        {
            sb.Append("<dt>history</dt><dd><ol class=\"history\">");
            foreach (var t in q.History) sb.Append("<li><b>").Append(E(t.Role)).Append(":</b> ").Append(E(t.Content)).Append("</li>");
            sb.Append("</ol></dd>");
        }
        if (r.Answer is { } a0 && a0.RewrittenQuestion != q.Question) sb.Append("<dt>searched as</dt><dd>").Append(E(a0.RewrittenQuestion)).Append("</dd>");
        sb.Append("<dt>expected</dt><dd>").Append(q.Answerable ? "answerable" : "unanswerable (decline, cite nothing)");
        if (q.Facts.Count > 0) sb.Append("; facts: ").Append(E(string.Join("; ", q.Facts.Select(f => string.Join(" / ", f)))));
        if (q.Sources.Count > 0) sb.Append("; sources: ").Append(E(string.Join(", ", q.Sources)));
        if (q.Conflict) sb.Append("; a disagreement").Append(q.ConflictValues.Count > 0 ? " between " + E(string.Join(" and ", q.ConflictValues.Select(v => string.Join(" / ", v)))) : "");
        sb.Append("</dd>");
        if (q.Tags.Count > 0) sb.Append("<dt>tags</dt><dd>").Append(E(string.Join(", ", q.Tags))).Append("</dd>");
        sb.Append("<dt>set line</dt><dd>").Append(q.Line).Append("</dd></dl>");

        sb.Append("<h4>What failed</h4>");
        if (failures.Count == 0) sb.Append("<p class=\"good\">Nothing failed.</p>");
        else
        {
            sb.Append("<ul class=\"failures\">");
            foreach (var f in failures) sb.Append("<li>").Append(E(f)).Append("</li>");
            sb.Append("</ul>");
        }
        if (regression is not null)
        {
            sb.Append("<h4>Worse than the baseline</h4><ul class=\"failures\">");
            foreach (var reason in regression.Reasons) sb.Append("<li>").Append(E(reason)).Append("</li>");
            sb.Append("</ul>");
        }

        if (r.Answer is { } a)
        {
            sb.Append("<h4>Answer</h4><div class=\"answer\">").Append(AnswerHtml(a.Answer)).Append("</div><p class=\"small\">")
              .Append(a.Answerable ? "answered" : "declined").Append(" · confidence ").Append(F(a.Confidence)).Append(" · ").Append(Ms(r.LatencyMs)).Append(" · ").Append(E(a.Mode)).Append("</p>");

            var scores = Baseline.QuestionMetrics(r.Score, r.Error, r.Question);
            sb.Append("<h4>Scores</h4><table class=\"scores\"><thead><tr>");
            foreach (var name in scores.Keys) sb.Append("<th>").Append(E(name)).Append("</th>");
            sb.Append("</tr></thead><tbody><tr>");
            foreach (var value in scores.Values)
                sb.Append("<td class=\"num").Append(value is { } sv ? " " + Tone(sv) : "").Append("\">").Append(value is null ? "<span class=\"na\">n/a</span>" : F(value)).Append("</td>");
            sb.Append("</tr></tbody></table>");

            sb.Append("<h4>Citations</h4>");
            if (a.Citations.Count == 0) sb.Append("<p class=\"small\">None.</p>");
            else
            {
                sb.Append("<ol class=\"cites\">");
                foreach (var c in a.Citations)
                {
                    sb.Append("<li value=\"").Append(c.N).Append("\"><div class=\"src\"><b>").Append(E(c.Title)).Append("</b>");
                    if (c.Publisher is not null) sb.Append(" — ").Append(E(c.Publisher));
                    if (c.Published is not null) sb.Append(" · ").Append(E(c.Published));
                    sb.Append(" · <code>").Append(E(c.ReportId)).Append("</code> [").Append(c.Start).Append("…").Append(c.End).Append(")</div><blockquote>").Append(E(c.Quote)).Append("</blockquote></li>");
                }
                sb.Append("</ol>");
            }

            if (a.Disagreements.Count > 0)
            {
                sb.Append("<h4>Disagreements</h4>");
                foreach (var d in a.Disagreements)
                {
                    sb.Append("<div class=\"dis\"><p><b>").Append(E(d.Topic)).Append("</b> <span class=\"kind\">").Append(E(d.Kind.ApiName())).Append("</span> ").Append(AnswerHtml(d.Summary)).Append("</p><table><thead><tr><th>value</th><th>statement</th><th>[n]</th><th>report</th><th>date</th><th>attribution</th></tr></thead><tbody>");
                    foreach (var c in d.Claims)
                        sb.Append("<tr><td>").Append(E(c.Value)).Append(c.IsNewer ? " <span class=\"kind\">newer</span>" : "").Append("</td><td>").Append(E(c.Statement)).Append("</td><td>[").Append(c.N).Append("]</td><td><code>")
                          .Append(E(c.ReportId)).Append("</code></td><td>").Append(E(c.Published ?? "")).Append("</td><td>").Append(E(c.Attribution ?? "")).Append("</td></tr>");
                    sb.Append("</tbody></table></div>");
                }
            }

            if (a.Retrieved.Count > 0)
            {
                sb.Append("<h4>Retrieved (top ").Append(Math.Min(Scorer.K, a.Retrieved.Count)).Append(")</h4><ol class=\"retrieved\">");
                foreach (var p in a.Retrieved.Take(Scorer.K))
                    sb.Append("<li").Append(q.Sources.Contains(p.ReportId) ? " class=\"expected\"" : "").Append("><code>").Append(E(p.ReportId)).Append("</code> chunk ").Append(p.ChunkIndex).Append(" · score ").Append(F(p.Score)).Append("</li>");
                sb.Append("</ol>");
            }
        }
        else if (r.Error is not null) sb.Append("<h4>Error</h4><pre class=\"error\">").Append(E(r.Error)).Append("</pre>");
        sb.Append("</div></details>\n");
    }

    /// <summary>A horizontal bar chart as inline SVG; a dark tick marks the baseline value where there is one.</summary>
    private static void Chart(StringBuilder sb, string title, IReadOnlyList<Bar> bars, double max, string? unit = null)
    {
        var width = LabelWidth + BarWidth + ValueWidth;
        var height = bars.Count * RowHeight + 6;
        sb.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(width).Append(' ').Append(height)
          .Append("\" aria-label=\"").Append(E(title)).Append("\">");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            var y = 3 + i * RowHeight;
            sb.Append("<g>");
            if (b.Tooltip is not null) sb.Append("<title>").Append(E(b.Tooltip)).Append("</title>");
            sb.Append("<text x=\"").Append(LabelWidth - 6).Append("\" y=\"").Append(y + 13).Append("\" text-anchor=\"end\" class=\"lbl\">").Append(E(Shorten(b.Label, 26))).Append("</text>");
            sb.Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"").Append(y + 2).Append("\" width=\"").Append(BarWidth).Append("\" height=\"14\" class=\"track\"/>");
            if (b.Value is { } v)
            {
                var w = Math.Clamp(v / max, 0, 1) * BarWidth;
                sb.Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"").Append(y + 2).Append("\" width=\"").Append(N(w)).Append("\" height=\"14\" class=\"").Append(unit is null ? Tone(v) : "time").Append("\"/>");
            }
            if (b.Previous is { } p)
            {
                var x = LabelWidth + Math.Clamp(p / max, 0, 1) * BarWidth;
                sb.Append("<line x1=\"").Append(N(x)).Append("\" x2=\"").Append(N(x)).Append("\" y1=\"").Append(y).Append("\" y2=\"").Append(y + 18).Append("\" class=\"base\"/>");
            }
            var text = b.Value is null ? "n/a" : unit is null ? F(b.Value) : F(b.Value) + unit;
            sb.Append("<text x=\"").Append(LabelWidth + BarWidth + 6).Append("\" y=\"").Append(y + 13).Append("\" class=\"val\">").Append(E(text));
            if (b.Value is { } cv && b.Previous is { } pv && Math.Abs(cv - pv) > MetricDelta.Tolerance)
                sb.Append(" <tspan class=\"").Append(cv < pv ? "down" : "up").Append("\">").Append(cv < pv ? "▼" : "▲").Append(F(Math.Abs(cv - pv))).Append("</tspan>");
            sb.Append("</text></g>");
        }
        sb.Append("</svg>");
    }

    private static IEnumerable<MetricValue> Quality(IEnumerable<MetricValue> metrics) => metrics.Where(m => MetricCatalog.Find(m.Name)?.IsShare ?? false);

    private static double? Value(IEnumerable<MetricValue> metrics, string name) => metrics.FirstOrDefault(m => m.Name == name)?.Value;

    /// <summary>The answer's Markdown, escaped, with <c>**bold**</c> and the <c>[n]</c> markers made visible; line breaks kept by CSS.</summary>
    private static string AnswerHtml(string markdown)
    {
        var html = E(markdown);
        html = Bold().Replace(html, "<strong>$1</strong>");
        return MarkerPattern().Replace(html, "<sup class=\"m\">[$1]</sup>");
    }

    private static string Delta(MetricDelta? d)
    {
        if (d?.Delta is not { } v) return "";
        if (Math.Abs(v) <= MetricDelta.Tolerance) return "±0";
        var text = (v > 0 ? "+" : "−") + Math.Abs(v).ToString(MetricCatalog.Find(d.Name)?.IsShare == false ? "0.##" : "0.###", CultureInfo.InvariantCulture);
        return d.IsWorse ? $"<span class=\"down\">{text}</span>" : d.IsBetter ? $"<span class=\"up\">{text}</span>" : text;
    }

    private static string Tone(double v) => v >= 0.9 ? "hi" : v >= 0.7 ? "mid" : "lo";

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string F(double? v) => v is null ? "–" : v.Value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Ms(double? v) => v is null ? "–" : v.Value.ToString(v.Value < 10 ? "0.##" : v.Value < 100 ? "0.#" : "0", CultureInfo.InvariantCulture) + " ms";

    private static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex(@"\[([0-9]{1,6})\]")]
    private static partial Regex MarkerPattern();

    private const string Css = """

        :root { --fg:#1d2430; --muted:#5b6574; --line:#d9dee5; --bg:#f6f7f9; --good:#2e7d32; --mid:#c98a00; --bad:#c62828; --accent:#1f5fbf; }
        * { box-sizing: border-box; }
        body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color:var(--fg); background:var(--bg); }
        header { background:#18202c; color:#fff; padding:14px 24px; }
        header h1 { margin:0; font-size:20px; }
        header .meta { margin:4px 0 0; color:#c4ccd8; font-size:12px; }
        header code { color:#fff; }
        main { padding:8px 24px 40px; max-width:1400px; }
        h2 { font-size:17px; margin:22px 0 10px; display:inline-block; }
        h4 { margin:14px 0 4px; font-size:13px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
        code { font:12px ui-monospace, "DejaVu Sans Mono", monospace; }
        .hint, .small, .def, .none { color:var(--muted); font-size:12px; }
        .hint { margin-left:10px; }
        .cards { display:flex; flex-wrap:wrap; gap:10px; margin-bottom:14px; }
        .card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:8px 14px; min-width:120px; }
        .card .v { font-size:22px; font-weight:600; }
        .card .l { color:var(--muted); font-size:12px; }
        .card.good .v, .good { color:var(--good); }
        .card.bad .v { color:var(--bad); }
        .split { display:flex; flex-wrap:wrap; gap:18px; align-items:flex-start; }
        figure.chart { background:#fff; border:1px solid var(--line); border-radius:8px; padding:10px 12px; margin:0; }
        figcaption { font-weight:600; margin-bottom:6px; }
        figcaption .overall { font-weight:400; color:var(--muted); font-size:12px; margin-left:6px; }
        .grid { display:grid; grid-template-columns:repeat(auto-fill, minmax(520px, 1fr)); gap:12px; }
        svg text { font:12px system-ui, "DejaVu Sans", sans-serif; fill:var(--fg); }
        svg .track { fill:#eceff3; }
        svg .hi { fill:var(--good); } svg .mid { fill:var(--mid); } svg .lo { fill:var(--bad); } svg .time { fill:var(--accent); }
        svg .base { stroke:#111; stroke-width:2; }
        svg .down { fill:var(--bad); } svg .up { fill:var(--good); }
        table { border-collapse:collapse; background:#fff; }
        th, td { border:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
        th { background:#eef1f5; font-weight:600; }
        td.num { text-align:right; font-variant-numeric:tabular-nums; }
        tr.worse td { background:#fdecec; } tr.better td { background:#eef8ee; }
        .down { color:var(--bad); font-weight:600; } .up { color:var(--good); font-weight:600; }
        details > summary { cursor:pointer; }
        section > details > summary { list-style:none; }
        section > details > summary::before { content:"▸ "; color:var(--muted); }
        section > details[open] > summary::before { content:"▾ "; }
        details.q { background:#fff; border:1px solid var(--line); border-left:4px solid var(--good); border-radius:6px; margin:6px 0; }
        details.q.fail { border-left-color:var(--mid); } details.q.error, details.q.regressed { border-left-color:var(--bad); }
        details.q > summary { padding:7px 10px; }
        details.q[open] > summary { border-bottom:1px solid var(--line); background:#fafbfc; }
        details.q .body { padding:4px 16px 12px; }
        .badge { display:inline-block; font-size:11px; font-weight:600; text-transform:uppercase; border-radius:4px; padding:1px 6px; margin-right:6px; color:#fff; background:var(--good); }
        .badge.fail { background:var(--mid); } .badge.error, .badge.regressed { background:var(--bad); }
        .qid { color:var(--muted); margin-right:6px; }
        .nfail { color:var(--mid); font-size:12px; }
        dl { display:grid; grid-template-columns:110px 1fr; gap:2px 10px; margin:8px 0; }
        dt { color:var(--muted); } dd { margin:0; }
        ol.history { margin:0; padding-left:18px; }
        ul.failures { margin:4px 0; padding-left:20px; color:var(--bad); }
        .answer { white-space:pre-wrap; background:#f9fafb; border:1px solid var(--line); border-radius:6px; padding:8px 12px; }
        sup.m { color:var(--accent); font-weight:600; }
        ol.cites { padding-left:26px; } ol.cites li { margin-bottom:8px; }
        ol.cites .src { font-size:12px; color:var(--muted); }
        ol.cites .src b { color:var(--fg); }
        blockquote { margin:3px 0 0; padding:4px 10px; border-left:3px solid var(--accent); background:#f3f6fb; }
        .dis { border:1px solid var(--line); border-radius:6px; padding:4px 10px 8px; margin:6px 0; background:#fffdf5; }
        .kind { display:inline-block; font-size:11px; background:#e8ecf2; border-radius:4px; padding:0 5px; color:var(--muted); }
        ol.retrieved { font-size:12px; columns:2; padding-left:24px; }
        ol.retrieved li.expected code { color:var(--good); font-weight:600; }
        .na { color:var(--muted); }
        table.scores th { font-size:11px; font-weight:500; }
        table.scores td { text-align:center; font-weight:600; }
        table.scores td.hi { color:var(--good); } table.scores td.mid { color:var(--mid); } table.scores td.lo { color:var(--bad); }
        pre.error { white-space:pre-wrap; color:var(--bad); }
        table.defs td:first-child { white-space:nowrap; }

        """;
}
