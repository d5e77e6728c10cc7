using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ReportBot.Core.Evaluation;
using ReportBot.Core.Text;

namespace ReportBot.Core.Answering.Generative;

/// <summary>
/// Enforces the answer's guarantees on generated text, sentence by sentence as it arrives: every <c>[n]</c> must name a
/// passage that was given (unknown markers are removed); a sentence whose cited passages do not support it
/// (<see cref="Scorer.Supports"/>) gets the markers of the passages that do, or is dropped; a sentence with no claim is
/// dropped. At the end, every detected disagreement that the text does not state with all its sides gets its note
/// appended. What the guard lets through is the answer: the pieces it returns, concatenated, are <see cref="Text"/>.
/// </summary>
public sealed partial class AnswerGuard
{
    private readonly IReadOnlyList<Citation> _citations;
    private readonly IReadOnlyList<Disagreement> _disagreements;
    private readonly IReadOnlyList<string> _notes;
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _text = new();
    private bool _paragraphBreak;
    private bool _completed;

    /// <summary>Fewest distinct content words a sentence needs to be given markers it did not have.</summary>
    public const int MinRepairTerms = 3;

    /// <summary>A guard for one answer.</summary>
    /// <param name="citations">The passages given to the model, numbered as in the prompt (verbatim quotes).</param>
    /// <param name="disagreements">The disagreements the model-free pipeline detected (the flag never depends on the model).</param>
    /// <param name="notes">For each disagreement, the note to append when the text leaves it out (markdown with its markers).</param>
    public AnswerGuard(IReadOnlyList<Citation> citations, IReadOnlyList<Disagreement> disagreements, IReadOnlyList<string> notes)
    {
        if (notes.Count != disagreements.Count) throw new ArgumentException("One note per disagreement is required.", nameof(notes));
        _citations = citations;
        _disagreements = disagreements;
        _notes = notes;
    }

    /// <summary>The answer so far.</summary>
    public string Text => _text.ToString();

    /// <summary>Sentences kept (as written or repaired).</summary>
    public int Kept { get; private set; }

    /// <summary>Sentences kept after their markers were repaired.</summary>
    public int Repaired { get; private set; }

    /// <summary>Sentences dropped (no support, or no claim).</summary>
    public int Dropped { get; private set; }

    /// <summary>Disagreement notes appended because the text left them out.</summary>
    public int NotesAppended { get; private set; }

    /// <summary>Takes the next piece of generated text; returns the pieces of the answer that are now final.</summary>
    public IReadOnlyList<string> Push(string token)
    {
        if (_completed) throw new InvalidOperationException("The answer is complete.");
        _pending.Append(token);
        var output = new List<string>();
        while (true)
        {
            var pending = _pending.ToString();
            var m = Boundary().Match(pending);
            if (!m.Success) break;
            var end = m.Groups["end"].Success ? m.Groups["end"].Index + m.Groups["end"].Length : m.Index;
            Accept(pending[..end], output);
            if (m.Value.Contains('\n')) _paragraphBreak = _text.Length > 0;
            _pending.Remove(0, m.Index + m.Length);
        }
        return output;
    }

    /// <summary>Ends the text: checks what is left, then appends the note of every disagreement the text does not state.</summary>
    public IReadOnlyList<string> Complete()
    {
        if (_completed) return [];
        _completed = true;
        var output = new List<string>();
        Accept(_pending.ToString(), output);
        _pending.Clear();
        if (Kept == 0) return output; // nothing survived: the caller falls back, notes alone are no answer
        var paragraphs = _text.ToString().Split("\n\n");
        for (var i = 0; i < _disagreements.Count; i++)
        {
            if (IsStated(_disagreements[i], paragraphs)) continue;
            var piece = "\n\n" + _notes[i];
            _text.Append(piece);
            output.Add(piece);
            NotesAppended++;
        }
        return output;
    }

    /// <summary>True when one paragraph cites every side of the disagreement (each side by one of its passages).</summary>
    public static bool IsStated(Disagreement d, IEnumerable<string> paragraphs)
    {
        var sides = d.Claims.GroupBy(c => c.Value, StringComparer.OrdinalIgnoreCase).Select(g => g.Select(c => c.N).ToHashSet()).ToList();
        return paragraphs.Any(p =>
        {
            var cited = Marker().Matches(p).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToHashSet();
            return sides.All(side => side.Overlaps(cited));
        });
    }

    private void Accept(string segment, List<string> output)
    {
        var sentence = Check(segment);
        if (sentence is null) return;
        var piece = _text.Length == 0 ? sentence : (_paragraphBreak ? "\n\n" : " ") + sentence;
        _paragraphBreak = false;
        _text.Append(piece);
        output.Add(piece);
    }

    /// <summary>The sentence as it may appear in the answer (markers checked or repaired), or null to drop it.</summary>
    private string? Check(string segment)
    {
        var s = ListPrefix().Replace(segment.Trim(), "");
        s = MarkerList().Replace(s, m => string.Concat(m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => $"[{n}]")));
        if (s.Length == 0) return null;
        var bare = SpaceBeforePunctuation().Replace(Marker().Replace(s, ""), "$1").Trim();
        if (Terms.Of(bare).Count == 0)
        {
            // Framing without a claim ("Here is the answer:"), or markers alone.
            if (bare.Length > 0) Dropped++;
            return null;
        }
        var numbers = Marker().Matches(s).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var known = _citations.Where(c => numbers.Contains(c.N)).ToList();
        if (known.Count > 0 && Scorer.Supports(bare, known))
        {
            Kept++;
            if (known.Count == numbers.Distinct().Count()) return s;
            Repaired++;
            return SpaceBeforePunctuation().Replace(Marker().Replace(s, m => known.Any(c => c.N == int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)) ? m.Value : ""), "$1").Trim();
        }
        // Repair: the fewest passages (best overlap first, at most three) that together support the sentence. A fragment of a
        // few words ("INJECTED ANSWER") matches too easily to be attributed: without a valid marker of its own it is dropped.
        var stems = Terms.Of(bare).Select(t => t.Stem).ToHashSet(StringComparer.Ordinal);
        if (stems.Count < MinRepairTerms)
        {
            Dropped++;
            return null;
        }
        var ranked = _citations
            .Select(c => (Citation: c, Overlap: Terms.Of(c.Quote).Select(t => t.Stem).Distinct(StringComparer.Ordinal).Count(stems.Contains)))
            .Where(x => x.Overlap > 0).OrderByDescending(x => x.Overlap).ThenBy(x => x.Citation.N).Take(3).Select(x => x.Citation).ToList();
        var chosen = new List<Citation>();
        foreach (var c in ranked)
        {
            chosen.Add(c);
            if (!Scorer.Supports(bare, chosen)) continue;
            Kept++;
            Repaired++;
            var markers = string.Concat(chosen.Select(x => x.N).Order().Select(n => $"[{n}]"));
            var last = bare[^1];
            return last is '.' or '!' or '?' ? $"{bare[..^1].TrimEnd()} {markers}{last}" : $"{bare} {markers}";
        }
        Dropped++;
        return null;
    }

    // A sentence ends at . ! ? (with closing quotes and trailing markers) before a space and a capital, digit or quote; a line break always ends one.
    [GeneratedRegex(@"(?<end>[.!?…][""”’)]*(?:[ \t]*\[[0-9]+(?:\s*,\s*[0-9]+)*\])*)[ \t]+(?=[\p{Lu}0-9""“‘'*(\-])|[ \t]*\r?\n\s*")]
    private static partial Regex Boundary();

    [GeneratedRegex(@"\[([0-9]{1,3})\]")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\[([0-9]{1,3}(?:\s*,\s*[0-9]{1,3})+)\]")]
    private static partial Regex MarkerList();

    [GeneratedRegex(@"^(?:[-*•]\s+|[0-9]+[.)]\s+|#+\s+)")]
    private static partial Regex ListPrefix();

    [GeneratedRegex(@"\s+([.,;:!?])")]
    private static partial Regex SpaceBeforePunctuation();
}
