using System.Text.RegularExpressions;

namespace ReportBot.Core.Answering.Comparison;

/// <summary>
/// Language knowledge for questions that ask which member of a category something is: "What sport is X associated with?",
/// "What is the profession of X?", "What is the language of the film X?", "What genre …?", "What political party …?". A
/// passage states the answer by the member itself ("a former American football offensive lineman", "a 1941 Telugu drama
/// film", "was a British poet"), rarely by the category's word, so each category lists its members (general vocabulary,
/// not drawn from any corpus) and the words for people that imply one ("footballer" → football, "linebacker" → American
/// football). Unit-tested on sentences in none of the corpora (tests/ReportBot.Tests/Answering/Comparison).
/// </summary>
public static class Categories
{
    /// <summary>A category: the question words that ask for it and its members (each with the key it is compared by).</summary>
    public sealed class Category(string name, IReadOnlyList<string> asks, IReadOnlyDictionary<string, string> members)
    {
        public string Name { get; } = name;
        public IReadOnlyList<string> Asks { get; } = asks;
        public IReadOnlyDictionary<string, string> Members { get; } = members;

        /// <summary>Members written with a capital ("American football", "Telugu", "Labour"): read from a capitalised word too.</summary>
        public IReadOnlySet<string> Capitalised { get; } = members.Keys.Where(k => char.IsUpper(k[0])).ToHashSet(StringComparer.OrdinalIgnoreCase);

        /// <summary>Longest members first, so that "American football" is read before "football".</summary>
        public Regex Pattern { get; } = new(@"\b(?:" + string.Join("|", members.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape)) + @")\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    private static Dictionary<string, string> Members(string plain, string implied = "")
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var m in plain.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) d[m] = m.ToLowerInvariant();
        // "footballer=football": a word that implies a member is compared as that member.
        foreach (var pair in implied.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var (word, member) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            d[word] = member;
        }
        return d;
    }

    public static readonly IReadOnlyList<Category> All =
    [
        new("sport", ["sport", "sports", "discipline"], Members(
            "American football, association football, football, soccer, ice hockey, field hockey, hockey, baseball, basketball, tennis, table tennis, golf, cricket, rugby union, rugby league, rugby, Australian rules football, Gaelic football, hurling, boxing, wrestling, cycling, athletics, track and field, swimming, diving, rowing, sailing, alpine skiing, cross-country skiing, ski jumping, skiing, biathlon, speed skating, figure skating, gymnastics, weightlifting, volleyball, beach volleyball, handball, badminton, squash, snooker, darts, motorsport, Formula One, auto racing, motorcycle racing, horse racing, equestrian, fencing, judo, karate, taekwondo, archery, shooting, triathlon, lacrosse, netball, softball, water polo, canoeing, surfing, snowboarding, bobsleigh, luge, curling, chess, mixed martial arts, kickboxing, bowling, polo",
            "footballer=football, cricketer=cricket, golfer=golf, boxer=boxing, cyclist=cycling, swimmer=swimming, skier=skiing, wrestler=wrestling, sprinter=athletics, jockey=horse racing, linebacker=american football, quarterback=american football, lineman=american football, running back=american football, wide receiver=american football, placekicker=american football, pitcher=baseball, outfielder=baseball, infielder=baseball, shortstop=baseball, catcher=baseball, goaltender=ice hockey, defenceman=ice hockey, defenseman=ice hockey, batsman=cricket, bowler=cricket, rower=rowing, fencer=fencing, gymnast=gymnastics, weightlifter=weightlifting, racing driver=motorsport, tennis player=tennis, basketball player=basketball, hockey player=ice hockey, rugby player=rugby, chess player=chess")),
        new("profession", ["profession", "occupation", "job", "career", "trade", "vocation", "living"], Members(
            "politician, lawyer, barrister, solicitor, attorney, judge, physician, doctor, surgeon, nurse, dentist, pharmacist, engineer, architect, actor, actress, singer, songwriter, singer-songwriter, musician, composer, conductor, pianist, violinist, guitarist, drummer, rapper, painter, sculptor, artist, photographer, poet, novelist, writer, author, playwright, screenwriter, journalist, editor, publisher, printer, historian, philosopher, mathematician, physicist, chemist, biologist, botanist, geologist, astronomer, economist, scientist, professor, teacher, lecturer, instructor, academic, priest, bishop, pastor, rabbi, imam, monk, nun, missionary, theologian, soldier, army officer, naval officer, military officer, admiral, pilot, sailor, farmer, merchant, banker, businessman, businesswoman, entrepreneur, industrialist, diplomat, civil servant, film director, director, film producer, producer, dancer, choreographer, comedian, model, television presenter, broadcaster, athlete, police officer, firefighter, accountant, designer, illustrator, cartoonist, translator, librarian, inventor, explorer, activist, trade unionist, footballer, cricketer, golfer, boxer, cyclist, jockey, coach, manager, civil engineer, surveyor, shipwright, carpenter, miner, fisherman",
            "")),
        new("language", ["language", "languages", "tongue"], Members(
            "English, French, German, Spanish, Italian, Portuguese, Dutch, Russian, Polish, Czech, Hungarian, Romanian, Greek, Turkish, Arabic, Hebrew, Persian, Urdu, Hindi, Bengali, Punjabi, Tamil, Telugu, Kannada, Malayalam, Marathi, Gujarati, Sinhala, Nepali, Chinese, Mandarin, Cantonese, Japanese, Korean, Vietnamese, Thai, Indonesian, Malay, Tagalog, Filipino, Swahili, Yoruba, Hausa, Igbo, Amharic, Zulu, Afrikaans, Swedish, Norwegian, Danish, Finnish, Icelandic, Irish, Welsh, Scottish Gaelic, Latin, Catalan, Basque, Galician, Serbian, Croatian, Bosnian, Slovene, Slovak, Bulgarian, Ukrainian, Belarusian, Lithuanian, Latvian, Estonian, Albanian, Armenian, Georgian, Kazakh, Uzbek, Mongolian, Tibetan, Burmese, Khmer, Lao, Pashto, Kurdish, Bhojpuri, Odia, Assamese, Esperanto",
            "")),
        new("genre", ["genre", "genres", "style"], Members(
            "rock, pop, jazz, blues, country, folk, hip hop, rap, R&B, soul, funk, disco, reggae, punk, heavy metal, metal, electronic, techno, house, classical, opera, gospel, indie, alternative rock, hard rock, progressive rock, new wave, grunge, ska, dance, Latin, salsa, bluegrass, drama, comedy, thriller, horror, science fiction, fantasy, romance, documentary, animation, action, adventure, western, musical, crime, mystery, biography, satire",
            "")),
        new("party", ["party"], Members(
            "Democratic, Republican, Labour, Conservative, Liberal, Liberal Democrat, Green, Socialist, Communist, Whig, Federalist, Independent, Democrat, Tory, Progressive, National, Social Democratic, Christian Democratic, Reform, Unionist",
            "")),
    ];

    /// <summary>The category a question asks for: its relation is one of the category's words ("what sport", "the profession of").</summary>
    public static Category? Asked(AnalyzedQuestion question) =>
        question.Relation is { Count: > 0 } relation ? All.FirstOrDefault(c => relation.Any(r => c.Asks.Contains(r.ToLowerInvariant()))) : null;
}
