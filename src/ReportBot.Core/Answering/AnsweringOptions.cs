using ReportBot.Core.Retrieval;

namespace ReportBot.Core.Answering;

/// <summary>How questions are answered. Section <c>ReportBot:Answering</c>.</summary>
public sealed class AnsweringOptions
{
    public const string SectionName = "ReportBot:Answering";

    /// <summary>Chunks retrieved per question. More finds more sides of a disagreement, at some cost. Default 16.</summary>
    public int TopChunks { get; set; } = 16;

    /// <summary>Candidates each prefetch (sparse, dense) hands to the fusion. Default 48.</summary>
    public int PrefetchLimit { get; set; } = 48;

    /// <summary>
    /// Fusion of sparse and dense candidates inside Qdrant (Rrf, Dbsf, SparseOnly, DenseOnly). Default Rrf.
    /// </summary>
    /// <remarks>
    /// Dbsf was measured on dev (2026-12-06, the 212 dev questions and RAMDocs lines 101-500, Rrf → Dbsf): correct
    /// abstentions 181 → 182, lead_facts 0.635 → 0.657, disagreements flagged 30 → 31, false flags 11 → 11, RAMDocs em_like
    /// 0.425 → 0.423; and its answers repeat run to run (Rrf ranks equal-score chunks in Qdrant's own order). It is not the
    /// default because a sharded collection then answers differently from a single node: Qdrant's IDF modifier counts
    /// documents per shard, and Dbsf's score normalisation carries those differences into the fused order, where Rrf's
    /// ranks absorb them (ClusterTests: the first question of the project set got another answer on three shards). A
    /// single-node deployment may set Dbsf.
    /// </remarks>
    public FusionMode Fusion { get; set; } = FusionMode.Rrf;

    /// <summary>
    /// The WordNet database folder (Debian's <c>wordnet-base</c>, installed by <c>scripts/install-tools.sh</c>): synonyms for
    /// question words (<see cref="WordNet"/>). Empty, or a folder without it: no synonyms. Default
    /// <c>/usr/share/wordnet</c>.
    /// </summary>
    public string WordNetPath { get; set; } = "/usr/share/wordnet";

    /// <summary>Most sentences quoted in one answer. Default 4.</summary>
    public int MaxEvidence { get; set; } = 4;

    /// <summary>
    /// Smallest share of the question's (IDF-weighted) content that the best sentence must cover for the question to be
    /// answered; below it the bot says the reports don't answer. Default 0.35.
    /// </summary>
    /// <remarks>
    /// Dev evidence (2026-12-05, 212 questions of the dev splits of the project set, the second corpus and five blind dev
    /// corpora, 41 of them unanswerable; RAMDocs lines 101-500), as correct abstentions / unanswerable questions answered /
    /// answerable declined / lead_facts / RAMDocs answer_recall:
    /// 0.45: 171 / 8 / 33 / 0.571 / 0.40; 0.40: 176 / 9 / 27 / 0.583 / 0.415; 0.35: 180 / 14 / 18 / 0.596 / 0.418;
    /// 0.30: 181 / 19 / 12 / 0.622 / 0.42; 0.25: 183 / 23 / 6 / 0.622 / 0.43. Paraphrased questions ("Who stepped into the
    /// top job after the boss quit?") share few words with the sentence that answers them. 0.35 takes nearly all of the
    /// gain in correct abstentions while answering fewer of the unanswerable questions than 0.30 or 0.25.
    /// Also tried and rejected on the same sets: requiring a "when" answer to hold a date and a "who" answer a name (no
    /// fewer unanswerable questions answered, two more answerable ones declined); declining when a name the question
    /// gives is absent from the corpus (one fewer correct abstention at 0.45); declining when one missing question word
    /// carries ≥ 0.25–0.45 of the question's weight (lead_facts 0.59 → 0.44–0.59, RAMDocs answer_recall 0.42 → 0.30–0.36).
    /// </remarks>
    public double MinCoverage { get; set; } = 0.35;

    /// <summary>
    /// Retrieved chunks whose sentences are kept analysed (split, tokenised, stemmed) for the next question that retrieves
    /// them. About 10 KB each; 0 turns the cache off. Default 4,096.
    /// </summary>
    public int SentenceCacheChunks { get; set; } = 4096;

    /// <summary>Longest question accepted, in characters. Default 2,000.</summary>
    public int MaxQuestionLength { get; set; } = 2000;

    /// <summary>Most history turns accepted. Default 20.</summary>
    public int MaxHistoryTurns { get; set; } = 20;
}
