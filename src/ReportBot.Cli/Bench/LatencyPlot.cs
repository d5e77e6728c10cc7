using System.Globalization;
using System.Text;

namespace ReportBot.Cli.Bench;

/// <summary>A self-contained SVG line chart of latency (ms, log scale) against corpus size (chunks, log scale).</summary>
internal static class LatencyPlot
{
    /// <summary>One line of the chart.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(double Chunks, double Ms)> Points, bool Dashed = false);

    public static string Svg(string title, IReadOnlyList<Series> series)
    {
        const int w = 760, h = 440, left = 70, right = 230, top = 40, bottom = 60;
        var points = series.SelectMany(s => s.Points).Where(p => p.Chunks > 0 && p.Ms > 0).ToList();
        if (points.Count == 0) return $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"/>";
        var (x0, x1) = (Math.Floor(Math.Log10(points.Min(p => p.Chunks))), Math.Ceiling(Math.Log10(points.Max(p => p.Chunks))));
        var (y0, y1) = (Math.Floor(Math.Log10(points.Min(p => p.Ms))), Math.Ceiling(Math.Log10(points.Max(p => p.Ms))));
        if (x1 <= x0) x1 = x0 + 1;
        if (y1 <= y0) y1 = y0 + 1;
        double X(double c) => left + (Math.Log10(c) - x0) / (x1 - x0) * (w - left - right);
        double Y(double ms) => h - bottom - (Math.Log10(ms) - y0) / (y1 - y0) * (h - top - bottom);
        static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{w}\" height=\"{h}\" fill=\"white\"/><text x=\"{left}\" y=\"24\" font-size=\"15\">{Escape(title)}</text>");
        for (var e = x0; e <= x1; e++)
        {
            var x = X(Math.Pow(10, e));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{top}\" x2=\"{F(x)}\" y2=\"{h - bottom}\" stroke=\"#ddd\"/><text x=\"{F(x)}\" y=\"{h - bottom + 18}\" text-anchor=\"middle\">{Math.Pow(10, e):#,0}</text>");
        }
        for (var e = y0; e <= y1; e++)
        {
            var y = Y(Math.Pow(10, e));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(y)}\" x2=\"{w - right}\" y2=\"{F(y)}\" stroke=\"#ddd\"/><text x=\"{left - 6}\" y=\"{F(y + 4)}\" text-anchor=\"end\">{Math.Pow(10, e).ToString("0.###", CultureInfo.InvariantCulture)}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(left + w - right) / 2}\" y=\"{h - 18}\" text-anchor=\"middle\">corpus size (chunks, log scale)</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18 {(top + h - bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">latency ms (log scale)</text>");
        var row = 0;
        foreach (var s in series)
        {
            var pts = s.Points.Where(p => p.Chunks > 0 && p.Ms > 0).OrderBy(p => p.Chunks).ToList();
            var dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash} points=\"{string.Join(' ', pts.Select(p => $"{F(X(p.Chunks))},{F(Y(p.Ms))}"))}\"/>");
            foreach (var p in pts) svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(X(p.Chunks))}\" cy=\"{F(Y(p.Ms))}\" r=\"3\" fill=\"{s.Color}\"/>");
            var ly = top + 10 + row++ * 20;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{w - right + 12}\" y1=\"{ly}\" x2=\"{w - right + 36}\" y2=\"{ly}\" stroke=\"{s.Color}\" stroke-width=\"2\"{dash}/><text x=\"{w - right + 42}\" y=\"{ly + 4}\">{Escape(s.Name)}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
