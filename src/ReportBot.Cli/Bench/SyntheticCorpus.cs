using System.Globalization;
using System.Text;

namespace ReportBot.Cli.Bench;

/// <summary>
/// Writes a deterministic news-like corpus for benchmarks: Markdown reports with front matter (title, publisher, date),
/// a headline and paragraphs of sentences that carry figures, made-up names, places and dates, so that cleaning,
/// chunking, claim extraction and disagreement detection all have realistic work. The same seed and size always give
/// the same files. Every name is assembled from syllables: nothing comes from the real corpus.
/// </summary>
internal static class SyntheticCorpus
{
    /// <summary>Chunks per report: the headline plus this many paragraphs (each paragraph stays under one chunk).</summary>
    public const int ParagraphsPerReport = 9;

    private static readonly string[] Syllables = ["ka", "lo", "mir", "ven", "tor", "sa", "bel", "dru", "nik", "ost", "ra", "vel", "zan", "qui", "mor", "pel", "tas", "ur", "gan", "fe", "lin", "dor", "ses", "har", "ol", "bri", "cam", "eth", "jos", "wyn"];
    // A large corpus covers many topics: enough nouns and verbs that claims about the same thing stay a small share of all claims.
    private static readonly string[] Nouns = ["workers", "residents", "volunteers", "students", "patients", "households", "vehicles", "containers", "farms", "schools", "homes", "passengers", "flights", "shops", "families", "teachers", "nurses", "buses", "bridges", "factories",
        "tourists", "fishermen", "miners", "drivers", "pensioners", "doctors", "engineers", "farmers", "pilots", "sailors", "cyclists", "voters", "tenants", "apprentices", "firefighters", "clinics", "hospitals", "libraries", "museums", "warehouses",
        "trucks", "ferries", "trains", "tractors", "boats", "cattle", "sheep", "horses", "wells", "pumps", "roads", "tunnels", "dams", "turbines", "kiosks", "markets", "hotels", "restaurants", "bakeries", "stadiums"];
    private static readonly string[] Verbs = ["evacuated", "injured", "hired", "registered", "affected", "inspected", "relocated", "vaccinated", "rescued", "delayed", "closed", "repaired",
        "trained", "counted", "sheltered", "treated", "housed", "employed", "licensed", "insured", "rebuilt", "flooded", "damaged", "cleared", "upgraded", "visited", "fined", "tested", "stranded", "surveyed"];
    private static readonly string[] Topics = ["flood", "strike", "budget", "election", "heatwave", "harvest", "port expansion", "rail upgrade", "water shortage", "power outage", "housing plan", "trade fair"];
    private static readonly string[] Bodies = ["ministry of transport", "city council", "regional health board", "port authority", "national statistics office", "emergency service", "teachers' union", "chamber of commerce"];
    private static readonly string[] Hedges = ["", "", "about ", "more than ", "nearly ", "at least ", "over ", "up to "];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Statuses = ["confirmed", "did not confirm", "denied"];

    /// <summary>Writes about <paramref name="chunks"/> chunks' worth of reports into <paramref name="folder"/> (emptied first); returns the number of reports.</summary>
    public static int Generate(string folder, int chunks, int seed)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var reports = Math.Max(1, (int)Math.Ceiling(chunks / (double)(ParagraphsPerReport + 1)));
        var random = new Random(seed);
        var publishers = Enumerable.Range(0, 40).Select(_ => $"The {Name(random)} {Pick(random, ["Herald", "Courier", "Observer", "Gazette", "Times", "Post"])}").ToArray();
        var places = Enumerable.Range(0, 300).Select(_ => Name(random)).ToArray();
        var people = Enumerable.Range(0, 2000).Select(_ => $"{Name(random)} {Name(random)}").ToArray();
        for (var r = 0; r < reports; r++)
        {
            var place = Pick(random, places);
            var topic = Pick(random, Topics);
            var noun = Pick(random, Nouns);
            var verb = Pick(random, Verbs);
            var date = new DateOnly(2024, 1, 1).AddDays(random.Next(700));
            var md = new StringBuilder();
            var title = $"{Capital(topic)} in {place}: {Number(random)} {noun} {verb}, officials say";
            md.Append("---\n");
            md.Append(CultureInfo.InvariantCulture, $"title: \"{title}\"\npublisher: \"{Pick(random, publishers)}\"\npublished: \"{date:yyyy-MM-dd}\"\n");
            md.Append("---\n\n");
            md.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
            for (var p = 0; p < ParagraphsPerReport; p++)
            {
                var paragraph = new StringBuilder();
                var sentences = 2 + random.Next(2);
                for (var s = 0; s < sentences; s++)
                {
                    var sentence = Sentence(random, place, topic, noun, verb, date, people, places);
                    if (paragraph.Length + sentence.Length + 1 > 560) break;
                    if (paragraph.Length > 0) paragraph.Append(' ');
                    paragraph.Append(sentence);
                }
                md.Append(paragraph).Append("\n\n");
            }
            File.WriteAllText(Path.Combine(folder, $"synthetic-{r:D6}.md"), md.ToString());
        }
        return reports;
    }

    /// <summary>Questions in the shape users ask, about things the synthetic reports say (same seed, same questions).</summary>
    public static List<string> Questions(int seed, int count)
    {
        var random = new Random(seed ^ 0x5EED);
        var questions = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var noun = Pick(random, Nouns); var verb = Pick(random, Verbs); var topic = Pick(random, Topics); var body = Pick(random, Bodies);
            questions.Add((i % 5) switch
            {
                0 => $"How many {noun} were {verb} during the {topic}?",
                1 => $"When did the {body} report on the {topic}?",
                2 => $"Who spoke for the {body} about the {topic}?",
                3 => $"How much did the {topic} cost?",
                _ => $"Did the {body} confirm that {noun} were {verb}?",
            });
        }
        return questions;
    }

    private static string Sentence(Random random, string place, string topic, string noun, string verb, DateOnly date, string[] people, string[] places)
    {
        var person = Pick(random, people);
        var body = Pick(random, Bodies);
        var day = date.AddDays(-random.Next(10));
        var when = $"{Months[day.Month - 1]} {day.Day}";
        return random.Next(8) switch
        {
            0 => $"{person}, a spokesperson for the {body}, said {Pick(random, Hedges)}{Number(random)} {noun} had been {verb} in {place} since {when}.",
            1 => $"The {body} reported that {Pick(random, Hedges)}{Number(random)} {noun} were {verb} by {Pick(random, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])}, up from {Number(random)} a week earlier.",
            2 => $"According to {person}, the {topic} in {place} has cost about {random.Next(2, 900)} million dollars so far, and repairs could take {random.Next(2, 30)} months.",
            3 => $"Officials in {Pick(random, places)} {Pick(random, Statuses)} on {when} that {noun} from {place} were {verb} after the {topic}.",
            4 => $"\"We have never seen anything like this,\" said {person}, who has lived in {place} for {random.Next(3, 60)} years.",
            5 => $"The {topic} began on {when}, {date.Year}, when {Pick(random, Hedges)}{Number(random)} {Pick(random, Nouns)} in {Pick(random, places)} were {Pick(random, Verbs)}.",
            6 => $"In a statement, the {body} said it would spend {random.Next(5, 500)} million dollars over {random.Next(2, 10)} years on the {topic} response.",
            _ => $"Local media in {place} put the figure at {Number(random)} {noun}, while the {body} gave a lower estimate.",
        };
    }

    private static string Number(Random random) => random.Next(4) switch
    {
        0 => random.Next(2, 100).ToString(CultureInfo.InvariantCulture),
        1 => random.Next(100, 1000).ToString(CultureInfo.InvariantCulture),
        2 => random.Next(1000, 50_000).ToString("N0", CultureInfo.InvariantCulture),
        _ => $"{random.Next(2, 20)} thousand",
    };

    private static string Name(Random random)
    {
        var s = string.Concat(Enumerable.Range(0, 2 + random.Next(2)).Select(_ => Syllables[random.Next(Syllables.Length)]));
        return char.ToUpperInvariant(s[0]) + s[1..];
    }

    private static string Capital(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
