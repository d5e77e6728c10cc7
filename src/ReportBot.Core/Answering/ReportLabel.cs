using ReportBot.Core.Text;

namespace ReportBot.Core.Answering;

/// <summary>How an answer names a report: its publisher, else its title cut to 60 characters, then its date in brackets.</summary>
public static class ReportLabel
{
    /// <summary>
    /// The label. Square brackets become round ones: an answer's "[n]" is a citation marker, and a judgment titled
    /// "Neutral Citation Number: [2026] EWHC 1432 (Comm)" would otherwise cite a passage 2026 that does not exist.
    /// </summary>
    public static string Of(string? publisher, string? title, string? published, string reportId)
    {
        var name = (publisher ?? TextClip.Shorten(title ?? reportId, 60)).Replace('[', '(').Replace(']', ')');
        return published is null ? name : $"{name} ({published})";
    }
}
