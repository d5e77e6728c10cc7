using ReportBot.Core.Claims;
using ReportBot.Core.Ingestion;

namespace ReportBot.Core.Answering;

/// <summary>Every disagreement in the corpus, with its claims and citations: what <c>GET /api/disagreements</c> and <c>reportbot disagreements</c> show.</summary>
/// <param name="Disagreements">The disagreements; each claim's <c>n</c> points into <paramref name="Citations"/>.</param>
/// <param name="Citations">The sentences the claims come from.</param>
public sealed record DisagreementMap(IReadOnlyList<Disagreement> Disagreements, IReadOnlyList<Citation> Citations)
{
    public static DisagreementMap From(CorpusSnapshot snapshot)
    {
        var citations = new List<Citation>();
        int Cite(Claim c)
        {
            var existing = citations.FirstOrDefault(x => x.ReportId == c.ReportId && x.Start == c.Start);
            if (existing is not null) return existing.N;
            var meta = snapshot.ById[c.ReportId].Report.Metadata;
            citations.Add(new Citation(citations.Count + 1, c.ReportId, meta.Title, meta.Publisher, meta.Published, c.Sentence, c.Start, c.End));
            return citations.Count;
        }
        string Label(string id)
        {
            var m = snapshot.ById[id].Report.Metadata;
            return ReportLabel.Of(m.Publisher, m.Title, m.Published, id);
        }
        var list = new List<Disagreement>();
        foreach (var d in snapshot.Disagreements)
        {
            var shown = d.Sides.Select(s => s.GroupBy(c => c.ReportId + ":" + c.Start).Select(g => g.First()).ToList()).ToList();
            var newest = DisagreementNotes.Newest(d, shown.SelectMany(s => s));
            var views = shown.SelectMany(s => s).Select(c => new ClaimView(c.Value, c.Sentence, Cite(c), c.ReportId, c.Published, c.Attribution, DisagreementNotes.IsNewer(c, newest))).ToList();
            list.Add(new Disagreement(d.Topic, d.Kind, DisagreementNotes.Summary(d, shown, Label), views));
        }
        return new DisagreementMap(list, citations);
    }
}
