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

    /// <summary>Fusion of sparse and dense candidates inside Qdrant (Rrf, Dbsf, SparseOnly, DenseOnly). Default Rrf; the evaluation set decides.</summary>
    public FusionMode Fusion { get; set; } = FusionMode.Rrf;

    /// <summary>Most sentences quoted in one answer. Default 4.</summary>
    public int MaxEvidence { get; set; } = 4;

    /// <summary>
    /// Smallest share of the question's (IDF-weighted) content that the best sentence must cover for the question to be
    /// answered; below it the bot says the reports don't answer. Default 0.45.
    /// </summary>
    public double MinCoverage { get; set; } = 0.45;

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
