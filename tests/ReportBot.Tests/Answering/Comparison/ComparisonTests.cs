using ReportBot.Core.Answering;
using ReportBot.Core.Answering.Comparison;
using ReportBot.Core.Claims;
using ReportBot.Core.Retrieval;
using ReportBot.Core.Text;
using Shouldly;
using Xunit;

namespace ReportBot.Tests.Answering.Comparison;

/// <summary>
/// The per-report comparison's language knowledge and steps, on sentences written for these tests (in none of the
/// corpora): dates, datelines, names, polarity, who holds a post, and how answers compare.
/// </summary>
public sealed class ComparisonTests
{
    private static AnalyzedQuestion Q(string text) => new QuestionAnalyzer().Analyze(text, CorpusStatistics.Empty);

    [Theory]
    [InlineData("The ferry service will resume on Thursday 9 October 2025, the operator said.", "Thursday 9 October 2025", "2025-10-9")]
    [InlineData("Works are now due to finish on October 21, 2025.", "October 21, 2025", "2025-10-21")]
    [InlineData("The lighthouse was first lit in 1884 and automated a century later.", "1884", "1884-?-?")]
    [InlineData("A decision is expected in March 2026.", "March 2026", "2026-3-?")]
    [InlineData("The hearing was moved to 3rd of June.", "3rd of June", "?-6-3")]
    public void Date_IsReadWithItsParts(string sentence, string text, string key)
    {
        var (found, k) = ReportAnswers.NearestDate(sentence, Q("When will it happen?"));
        found.ShouldBe(text);
        k.ShouldBe(key);
    }

    [Fact]
    public void Date_InADateline_IsNeverTheAnswer()
    {
        var (found, _) = ReportAnswers.NearestDate("TROMSØ, Feb 11 (Nordic Wire) - The ferry terminal will reopen on 2 March, the harbour board said.", Q("When will the terminal reopen?"));
        found.ShouldBe("2 March");
        AnswerLanguage.Dateline().IsMatch("HALIFAX, April 3 (Atlantic Press) — Fishermen said...").ShouldBeTrue();
        AnswerLanguage.Dateline().IsMatch("Halifax fishermen said on April 3 that...").ShouldBeFalse();
        AnswerLanguage.Dateline().IsMatch("PORT ELLEN, Islay, 9 October — About 200 people gathered at the pier...").ShouldBeTrue();
        AnswerLanguage.Dateline().IsMatch("Fishermen in Port Ellen said on 9 October that...").ShouldBeFalse();
    }

    [Fact]
    public void Figures_ADatelineDayOrADateIsNotACount()
    {
        QuantityExtractor.Extract("GDANSK, May 4 (Baltic Wire) - Some 30 medics were sent to the port.").Select(q => q.Value).ShouldBe([30]);
        QuantityExtractor.Extract("The dam was inspected on 12 March by four engineers.").Select(q => q.Value).ShouldBe([4]);
    }

    [Fact]
    public void Name_TheRestOfTheSubjectsOwnNameAfterAnd_IsNoAnswer()
    {
        var q = Q("Who is in charge of the Pellow museum?");
        ReportAnswers.NearestName("Visitors to the Pellow Museum and Art Gallery were turned away on Monday.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("Ana Ruiz, director of the Pellow Museum and Art Gallery, said it would reopen.", q).Text.ShouldBe("Ana Ruiz");
    }

    [Theory]
    [InlineData("Ana Ruiz, 41, of Harbour Road, was taken to hospital.", 41, FigureMeasure.Age)]
    [InlineData("The skipper, Tomas Berg (58), was not hurt.", 58, FigureMeasure.Age)]
    [InlineData("In Leeds, 34 people were hurt.", 34, FigureMeasure.Count)]
    [InlineData("Stalls 3 and 4 closed; at Pier Road, 12, the cafe stayed open.", 12, FigureMeasure.Count)]
    public void Figures_AnAgeSetOffAfterAName_IsAnAge(string sentence, double value, FigureMeasure measure) =>
        QuantityExtractor.Extract(sentence).Single(q => q.Value == value).Measure.ShouldBe(measure);

    [Theory]
    [InlineData("[14] The appellants are tenants of the council who were served notices in 2023.")]
    [InlineData("The society was wound up in 1988.[4] Its hall was sold.")]
    public void Figures_ANumberInSquareBrackets_IsAReferenceNotACount(string sentence) =>
        QuantityExtractor.Extract(sentence).ShouldBeEmpty();

    // "On what date" asks a day: a year beside it is no answer, and a sentence with a year only gives none.
    [Theory]
    [InlineData("Orla Penn, chair of the Tillby Rowing Club since 2019, resigned on 4 March 2026.", "On what date did Orla Penn resign as chair of the rowing club?", "4 March 2026")]
    [InlineData("Orla Penn steered the Tillby Rowing Club through the flood of 2019.", "On what date did Orla Penn step down as chair of the rowing club?", null)]
    public void Dates_AQuestionForADay_IsAnsweredByADay(string sentence, string question, string? expected) =>
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);

    [Theory]
    [InlineData("The mill wove blankets between 1911 and 1968.", "When did the mill start weaving blankets?", "1911")]
    [InlineData("The mill wove blankets between 1911 and 1968.", "When did the mill stop weaving blankets?", "1968")]
    [InlineData("Trams ran on the pier from 3 May 1902 to 30 September 1950.", "When did trams first run on the pier?", "3 May 1902")]
    [InlineData("Trams ran on the pier from 3 May 1902 to 30 September 1950.", "When did the pier's trams end?", "30 September 1950")]
    [InlineData("Built between 1861–1862, the chapel was enlarged later.", "When was the chapel built?", "1861")]
    [InlineData("The co-operative was lending money as far back as 1998, members say.", "When did the co-operative start lending?", "1998")]
    public void Dates_ASpanGivesItsStartOrItsEnd_AsAsked(string sentence, string question, string expected) =>
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);

    [Theory]
    [InlineData("Quarterly papers to the Harbour Board since 2019 have ignored the winter service.", "On what day will the Harbour Board meet to discuss the winter timetable?", null)]
    [InlineData("The orchestra has been accredited by the guild since 1952.", "When was the orchestra founded?", null)]
    [InlineData("The footbridge has been closed since 9 February 2026.", "When did the footbridge close?", "9 February 2026")]
    [InlineData("The footbridge has been closed since 9 February 2026.", "Since when has the footbridge been shut?", "9 February 2026")]
    [InlineData("The footbridge, shut since 9 February 2026, reopens on 4 May 2026.", "When does the footbridge reopen?", "4 May 2026")]
    public void Dates_ADateAfterSince_StartsAPeriodAndAnswersOnlyForIt(string sentence, string question, string? expected) =>
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);

    [Theory]
    [InlineData("The harbour inquiry, led by Judge Ines Varga of the Maritime Court, is due to report by 30 November 2026, the minister said.", "When is the harbour inquiry due to report?", "30 November 2026")]
    [InlineData("The ferry operator, which runs six boats, was fined on 3 March 2026.", "When was the ferry operator fined?", "3 March 2026")]
    public void Dates_AClauseOpeningWithItsVerb_SaysWhatTheSubjectBeforeTheAppositionDoes(string sentence, string question, string expected) =>
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);

    [Fact]
    public void Figures_MoneyAndSharesAreKnownByTheirSigns()
    {
        var figures = QuantityExtractor.Extract("The refit cost £3.5 million, and 42% of the crew voted against it; 300 sailors stayed.");
        figures.Select(f => f.Measure).ShouldBe([FigureMeasure.Money, FigureMeasure.Share, FigureMeasure.Count]);
        Q("How much did the refit cost?").AskedMeasure.ShouldBe(FigureMeasure.Money);
        Q("What percentage of the crew voted against?").AskedMeasure.ShouldBe(FigureMeasure.Share);
        Q("How many sailors stayed?").AskedMeasure.ShouldBe(FigureMeasure.Count);
        // "What will it cost?" asks an amount of money as much as "how much".
        foreach (var money in new[] { "What is the refit expected to cost the navy?", "What will the new pier cost?", "What was the price of the refit?" })
        {
            Q(money).Type.ShouldBe(QuestionType.Quantity, money);
            Q(money).AskedMeasure.ShouldBe(FigureMeasure.Money, money);
        }
        // "How big a fine", "how large a payout" ask an amount of money; "how big a crowd" still asks a count.
        foreach (var money in new[] { "How big a fine did the regulator impose on the yard?", "How large a payout did the skipper get?", "How big a bill is the navy facing?" })
            Q(money).AskedMeasure.ShouldBe(FigureMeasure.Money, money);
        Q("How big a crowd watched the launch?").AskedMeasure.ShouldBe(FigureMeasure.Count);
        Q("What caused the cost overrun?").Type.ShouldBe(QuestionType.Reason);
    }

    [Theory]
    [InlineData("Which surveyor signed off the Brenholm roof?", "Surveyor Ines Madsen signed off the Brenholm roof in June.", "Surveyor Ines Madsen")]
    [InlineData("Which contractor rebuilt the Brenholm roof?", "The roof was rebuilt by the contractor, Tarrow Build, last spring.", "Tarrow Build")]
    [InlineData("Which bakery won the Brenholm contract?", "Kvist Bakery won the Brenholm contract in May.", "Kvist Bakery")]
    [InlineData("Which company insured the Brenholm depot?", "Polaris Mutual, the depot's insurer, has paid out.", "Polaris Mutual")]
    [InlineData("Which ferry ran aground at Brenholm?", "The Sjoberg Star ferry ran aground at Brenholm on Friday.", "The Sjoberg Star")]
    [InlineData("Which company insures the Brenholm depot?", "Polaris Mutual, the depot's insurer, has paid out.", "Polaris Mutual")]
    [InlineData("Which company is in charge of the Brenholm clean-up?", "Harbourside Marine Services is leading the Brenholm clean-up for the owner.", "Harbourside Marine Services")]
    [InlineData("Which firm made the Brenholm cells?", "The Brenholm cells were made by Kvist Energy in Penang.", "Kvist Energy")]
    public void Name_OfTheKindAWhichQuestionAsks_AnswersIt(string question, string sentence, string expected)
    {
        var q = Q(question);
        ReportAnswers.KindOf(q).ShouldBe(AnswerKind.Name);
        ReportAnswers.NearestName(sentence, q).Text.ShouldBe(expected);
    }

    [Theory]
    [InlineData("Which surveyor signed off the Brenholm roof?", "Ines Madsen of Nordvik Council said the Brenholm roof was signed off in June.")]
    [InlineData("Which company insured the Brenholm depot?", "The Brenholm depot, which Anders Lund manages, was insured, the council said.")]
    [InlineData("Which ferry company runs the Brenholm crossing?", "The Brenholm crossing uses a ferry operated by Nordlys Lines, the council said.")]
    [InlineData("Which manufacturer made the Brenholm cells?", "\"We traced it to cells from a third-party manufacturer,\" said Dr Ines Madsen of Brenholm Bikes.")]
    [InlineData("Which company insures the Brenholm depot?", "Kvist Energy supplies the Brenholm depot with power.")]
    [InlineData("Which company stages the Brenholm regatta?", "The regatta named Ines Madsen, the company's head of operations, as its director.")]
    public void Name_NotSaidToBeOfTheKindAsked_DoesNotAnswerAWhichQuestion(string question, string sentence) =>
        ReportAnswers.NearestName(sentence, Q(question)).Text.ShouldBeNull();

    [Theory]
    [InlineData("Who is in charge of the Kelso museum?", "Tarrow Borough Council has been in charge of the Kelso museum since 2011.")]
    [InlineData("Who leads the Kelso inquiry now?", "The Kelso inquiry, run by Tarrow Borough Council, resumed.")]
    public void Name_OfAnOrganisation_DoesNotAnswerWhoLeads(string question, string sentence) =>
        ReportAnswers.NearestName(sentence, Q(question)).Text.ShouldBeNull();

    [Theory]
    [InlineData("Harlow Vale Co-operative will name a new chief executive in May.")]
    [InlineData("The Kelso Fruit Federation wants a chief executive from outside.")]
    public void Name_OfAnOrganisation_DoesNotAnswerWhoHoldsAPost(string sentence) =>
        ReportAnswers.NearestName(sentence, Q("Who will be the chief executive of the merged group?")).Text.ShouldBeNull();

    [Fact]
    public void Name_OfABusiness_IsComparedWithoutItsLegalEnding_AndTheOneGivenAsOfTheKindAnswers()
    {
        var q = Q("Which company owns the Brenholm ferry?");
        ReportAnswers.NearestName("The ferry's owner, Kvist Lines Ltd, has hired Nordvik Salvage Ltd to refloat it.", q).Text.ShouldBe("Kvist Lines Ltd");
        var withEnding = ReportAnswers.NearestName("Nordvik Salvage Ltd owns the Brenholm ferry.", q).Key;
        withEnding.ShouldBe(ReportAnswers.NearestName("The ferry's owner, Nordvik Salvage, has not commented.", q).Key);
        withEnding.ShouldNotBe(ReportAnswers.NearestName("Kvist Lines Ltd owns the Brenholm ferry.", q).Key);
    }

    [Fact]
    public void Name_ComesFromTheSentence_NotFromTheQuestionOrAPrepositionsObject()
    {
        var q = Q("Who chairs the Lindqvist Harbour Board?");
        ReportAnswers.NearestName("Councillor Maren Holt, who chairs the Lindqvist Harbour Board, defended the plan.", q).Text.ShouldBe("Councillor Maren Holt");
        ReportAnswers.NearestName("The new chair of Lindqvist Harbour Board is expected next week.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("Ilse Varga, head of the board at Port Sandvik, said little.", Q("Who heads the board?")).Key.ShouldBe("varga");
    }

    [Fact]
    public void WhoIsX_AsksForADescription_NotAName()
    {
        ReportAnswers.KindOf(Q("Who is Maren Holt?")).ShouldBe(AnswerKind.None);
        ReportAnswers.KindOf(Q("Who chairs the board?")).ShouldBe(AnswerKind.Name);
        ReportAnswers.KindOf(Q("When did the ferry sink?")).ShouldBe(AnswerKind.Date);
        ReportAnswers.KindOf(Q("Was the harbour master consulted?")).ShouldBe(AnswerKind.Polarity);
    }

    [Theory]
    [InlineData("Which ferries were taken out of service?", true)]
    [InlineData("What side effects did the volunteers report?", true)]
    // A singular noun ending in -us is not a plural: a radius, a status, a bus asks for one thing.
    [InlineData("What radius did the safety cordon cover?", false)]
    [InlineData("What status does the listed pier have?", false)]
    [InlineData("Which bus was diverted?", false)]
    public void AListQuestion_AsksForAPluralNoun(string question, bool list) =>
        AnswerLanguage.ListQuestion().IsMatch(question).ShouldBe(list, question);

    [Fact]
    public void Polarity_IsWhatAClauseWithThePredicateSays()
    {
        string[] predicate = ["consult"];
        ReportAnswers.Polarity("The harbour master said she was never consulted about the dredging.", predicate).ShouldBe(true);
        ReportAnswers.Polarity("The board consulted the harbour master twice, minutes show.", predicate).ShouldBe(false);
        // A negation in another clause says nothing of the predicate.
        ReportAnswers.Polarity("The board consulted her in May, but no date for the work was set.", predicate).ShouldBe(false);
        ReportAnswers.Polarity("Dredging began on Monday.", predicate).ShouldBeNull();
    }

    [Fact]
    public void PostHolder_WhoLeftIsTold_FromWhoTookOver()
    {
        ReportAnswers.HasLeft("Tomas Rydell has resigned as director of the museum.", "Tomas Rydell").ShouldBeTrue();
        ReportAnswers.HasLeft("He was replaced on an interim basis by the deputy, Anja Berg.", "Anja Berg").ShouldBeFalse();
        ReportAnswers.HasLeft("The former director Tomas Rydell opened the wing.", "Tomas Rydell").ShouldBeTrue();
        ReportAnswers.HasLeft("Tomas Rydell, the director, opened the wing.", "Tomas Rydell").ShouldBeFalse();
    }

    [Theory]
    [InlineData("Dr Ingrid Moe, who took over the inquiry from Dr Per Lunde on 3 May, said the tests were clear.", "Per Lunde", true)]
    [InlineData("Harbour master Anja Berg, who succeeded Tomas Rydell in June, reopened the quay.", "Tomas Rydell", true)]
    [InlineData("The board named Anja Berg as harbour master, replacing Tomas Rydell.", "Tomas Rydell", true)]
    [InlineData("Harbour master Anja Berg, who succeeded Tomas Rydell in June, reopened the quay.", "Anja Berg", false)]
    [InlineData("Tomas Rydell was succeeded by Anja Berg.", "Anja Berg", false)]
    public void PostHolder_TheNameAnotherTookThePostFrom_HeldItBefore(string sentence, string name, bool left) =>
        ReportAnswers.HasLeft(sentence, name).ShouldBe(left);

    [Theory]
    [InlineData("Ola Brekke, harbour master of Vindholm since 2011, resigned on 4 June 2026, citing ill health.", "4 June 2026")]
    [InlineData("Ola Brekke, who had run the Vindholm harbour for nine years, quit June 4, two days after a vote of no confidence.", "June 4")]
    public void NearestDate_APastVerbAfterAnAppositive_IsTheSubjectsOwnPredicate(string sentence, string date) =>
        ReportAnswers.NearestDate(sentence, Q("On what date did Ola Brekke step down as harbour master?")).Text.ShouldBe(date);

    [Theory]
    [InlineData("Ola Brekke, harbour master of Vindholm since 2011, resigned on 4 June, citing ill health.", true)]
    [InlineData("Ola Brekke, who had run the Vindholm harbour for nine years, stepped down in June.", true)]
    [InlineData("Ola Brekke, harbour master of Vindholm since 2011, opened the new quay on 4 June.", false)]
    [InlineData("Ola Brekke, replacing Per Lunde, who retired in May, opened the new quay on 4 June.", false)]
    public void PostHolder_ANameFollowedByAnAppositive_HasItsOwnPredicateAfterIt(string sentence, bool left) =>
        ReportAnswers.HasLeft(sentence, "Ola Brekke").ShouldBe(left);

    [Fact]
    public void Read_APassageTellingWhoLeft_IsAnsweredByTheNextSentenceNamingWhoHoldsThePostNow_PastReferenceMarkers()
    {
        var q = Q("Who took over the Vindholm harbour authority after its harbour master quit?");
        const string left = "Ola Brekke, harbour master of the Vindholm harbour authority since 2011, resigned on 4 June, citing ill health.";
        const string next = "The deputy, Sigrid Haug, became acting harbour master until the board meets in October.";
        var text = left + "[7] " + next;
        var chunk = new ChunkPayload("wiki", "wiki", "wiki", "2026-07-01", 0, 0, text.Length, text, false, "h");
        ScoredSentence At(string sentence, double coverage)
        {
            var start = text.IndexOf(sentence, StringComparison.Ordinal);
            return new(chunk, start, start + sentence.Length, sentence, coverage, coverage, 0, []);
        }

        var answers = ReportAnswers.Read(q, [At(left, 0.9), At(next, 0.2)], ComparisonOptions.Default);

        answers.ShouldHaveSingleItem().Text.ShouldBe("Sigrid Haug");
        answers[0].Former.ShouldBeFalse();
        answers[0].Passage.Text.ShouldBe(next);
    }

    [Fact]
    public void RelationQuestions_KnowTheirRelationAndSubject()
    {
        var q = Q("What is the profession of Henrik Aalto?");
        q.Relation.ShouldBe(["profession"]);
        q.Subject.ShouldBe(["henrik", "aalto"]);
        Q("What sport is Dana Okafor associated with?").Relation.ShouldBe(["sport"]);
        Q("When was the Vesta Institute founded?").Relation.ShouldBe(["founded"]);
        // A common noun phrase is no named subject.
        Q("What is the depth of the new channel?").Relation.ShouldBeNull();
        // The post someone acts or serves as is the relation, whoever's or wherever's it is the subject.
        var agent = Q("Who acted as Sigrid Lund's campaign manager?");
        agent.Relation.ShouldBe(["campaign", "manager"]);
        agent.Subject.ShouldBe(["sigrid", "lund"]);
        Q("Who is currently serving as harbour master for Skarvik?").Relation.ShouldBe(["harbour", "master"]);
    }

    [Fact]
    public void Name_ARunEndingInATitleNamesAPost_NotAPerson()
    {
        var q = Q("Who signed the harbour order?");
        ReportAnswers.NearestName("The order was signed by the Port Director on Friday.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("The order was signed by Port Director Ola Brekke on Friday.", q).Text.ShouldBe("Port Director Ola Brekke");
    }

    private static ScoredSentence S(string report, string published, string text, double coverage = 0.9) =>
        new(new ChunkPayload(report, report, report, published, 0, 0, text.Length, text, false, "h"), 0, text.Length, text, coverage, coverage, 0, [], Retracted: AnalysedSentence.IsRetraction(text, null));

    [Theory]
    [InlineData("Ana Ruiz took over as depot manager on 3 May, replacing Piotr Nowak, the company said.", "Piotr Nowak")]
    [InlineData("The depot manager, Piotr Nowak, has gone, and the depot is now being run by Ana Ruiz.", "Piotr Nowak")]
    [InlineData("Ana Ruiz, who succeeded Piotr Nowak as depot manager, met the drivers on Friday.", "Piotr Nowak")]
    [InlineData("Ana Ruiz, the depot manager, met Piotr Nowak, a former driver, on Friday.", null)]
    [InlineData("Ana Ruiz, the depot manager, met Piotr Nowak on Friday.", null)]
    public void FormerHolder_IsTheNameThePassageSaysLeftThePost_NotOneOnceInAnother(string sentence, string? former) =>
        (ReportAnswers.FormerHolder(sentence, Q("Who is in charge of the Kelso depot?"), "ruiz") is { } gone ? gone.Text : null).ShouldBe(former);

    [Fact]
    public void Read_APassageTellingThePostChangedHands_GivesBothHolders_AsAChangeOverTime()
    {
        var q = Q("Who is running the Kelso depot?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-05-12", "The Kelso depot is now being run by Ana Ruiz, replacing Piotr Nowak, who retired in April."),
        ], ComparisonOptions.Default);

        var comparison = AnswerComparison.Compare(AnswerKind.Name, answers);

        comparison.Relation.ShouldBe(ComparisonKind.ChangedOverTime);
        comparison.Sides.Select(s => (s.Text, s.Reports.All(r => r.Former))).ShouldBe([("Ana Ruiz", false), ("Piotr Nowak", true)]);
    }

    [Fact]
    public void Read_ASignature_NameOnTheLineAboveThePost_AnswersWho()
    {
        const string report = "We will write again after the vote.\n\nMira Tolland\nChair, Harlow Vale Co-operative\n";
        var line = "Chair, Harlow Vale Co-operative";
        var at = report.IndexOf(line, StringComparison.Ordinal);
        var passage = new ScoredSentence(new ChunkPayload("letter", "letter", "letter", "2026-05-12", 0, 0, report.Length, report, false, "h"),
            at, at + line.Length, line, 0.9, 0.9, 0, [], Retracted: false);

        var answers = ReportAnswers.Read(Q("Who chairs Harlow Vale Co-operative?"), [passage], ComparisonOptions.Default, reportText: _ => report);

        answers.ShouldHaveSingleItem().Text.ShouldBe("Mira Tolland");
        answers[0].Passage.Text.ShouldBe("Mira Tolland\nChair, Harlow Vale Co-operative");
        report.ShouldContain(answers[0].Passage.Text);
    }

    [Fact]
    public void SubjectAndPredicate_APartAfterTheHyphenOfACapitalisedWord_IsPartOfTheName()
    {
        var (subject, predicate) = ReportAnswers.SubjectAndPredicate(Q("Who chairs Harlow Vale Co-operative?"));
        subject.ShouldContain(Stemmer.Stem("operative"));
        predicate.ShouldBe([Stemmer.Stem("chairs")]);
    }

    [Theory]
    [InlineData("The board lent £9 million to Harbour Lane, a mix of flats, offices and shops on Fisher's Quay, in 2024.", "Fisher's Quay")]
    [InlineData("The loan went to Harbour Lane Partners LP, which is building Harbour Lane at Fisher's Quay, Vindholm.", "Fisher's Quay, Vindholm")]
    public void NearestPlace_AfterAListOfWords_AndNeverABusiness(string sentence, string place) =>
        ReportAnswers.NearestPlace(sentence, Q("Where is the Harbour Lane development?")).Text.ShouldBe(place);

    [Theory]
    [InlineData("The Vindholm flood cover is underwritten by Halvard Mutual, the ministry said.", "Halvard Mutual")]
    [InlineData("Claims under the Vindholm flood cover are handled by Nordkap Assurance.", "Nordkap Assurance")]
    public void NearestName_AnInsurersName_IsACompanysName(string sentence, string name) =>
        ReportAnswers.NearestName(sentence, Q("Which insurance company is behind the Vindholm flood cover?")).Text.ShouldBe(name);

    [Fact]
    public void Compare_ANameSpelledInFullByOneReport_IsShownAsEveryReportOfItsSideSpellsIt()
    {
        var q = Q("Which company runs the Kelso depot?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-05-12", "The Kelso depot is run by Nordvik Haulage Ltd, the council said."),
            S("b", "2026-05-14", "Nordvik Haulage, the company that runs the Kelso depot, declined to comment."),
            S("c", "2026-05-15", "The Kelso depot is now run by Kvist Logistics Ltd."),
        ], ComparisonOptions.Default);

        var comparison = AnswerComparison.Compare(AnswerKind.Name, answers);

        comparison.Sides.Select(s => s.Text).Order().ShouldBe(["Kvist Logistics Ltd", "Nordvik Haulage"]);
    }

    [Fact]
    public void Read_TheSentenceNextToTheAnswerRecallingAnEarlierPlan_GivesTheEarlierDate_AsAChangeOverTime()
    {
        var q = Q("When will the Kelso bypass open?");
        const string now = "The Kelso bypass will now open in November 2026, the council said.";
        const string before = "The council had originally planned to open the road in May 2026.";
        const string other = "The final cost was agreed on 3 March 2026, later than the January 2026 date the council had originally given.";
        ScoredSentence At(string text, int start, double coverage) =>
            new(new ChunkPayload("a", "a", "a", "2026-04-01", 0, 0, 400, text, false, "h"), start, start + text.Length, text, coverage, coverage, 0, []);

        var answers = ReportAnswers.Read(q, [At(now, 0, 0.9), At(before, now.Length + 1, 0.3)], ComparisonOptions.Default);
        var comparison = AnswerComparison.Compare(AnswerKind.Date, answers);
        comparison.Relation.ShouldBe(ComparisonKind.ChangedOverTime);
        comparison.Sides.Select(s => (s.Text, s.Reports.All(r => r.Former))).ShouldBe([("November 2026", false), ("May 2026", true)]);

        // A sentence that gives a date of its own beside the earlier one tells a change of its own subject.
        var own = ReportAnswers.Read(q, [At(now, 0, 0.9), At(other, now.Length + 1, 0.3)], ComparisonOptions.Default);
        AnswerComparison.Compare(AnswerKind.Date, own).Sides.ShouldHaveSingleItem();
    }

    [Fact]
    public void Read_APassageSayingTheDateWasChanged_GivesTheNewDate_AndTheOneItWasChangedFrom_AsAChangeOverTime()
    {
        var q = Q("When will the Osby ferry service start?");
        // The date nearest the question's words ("At a board meeting in May …") is not the answer: the service's date was changed.
        const string changed = "At a board meeting in May the Osby ferry service, originally set for 3 June 2026, was postponed to 14 July 2026.";
        ReportAnswers.NearestDate(changed, q).Text.ShouldBe("14 July 2026");

        var answers = ReportAnswers.Read(q, [S("a", "2026-05-20", changed), S("b", "2026-04-02", "The Osby ferry service will start on 3 June 2026.")], ComparisonOptions.Default);
        var comparison = AnswerComparison.Compare(AnswerKind.Date, answers);

        comparison.Relation.ShouldBe(ComparisonKind.ChangedOverTime);
        comparison.Sides.Select(s => s.Text + ": " + string.Join(", ", s.Reports.Select(r => r.Passage.ReportId + (r.Former ? " (earlier)" : "")).Order()))
            .ShouldBe(["14 July 2026: a", "3 June 2026: a (earlier), b"]);
        // The newer report recalls the old date: that does not make the old date the newer side's.
        comparison.IsNewer(comparison.Sides[0].Reports[0]).ShouldBeTrue();
        comparison.Sides[1].Reports.ShouldAllBe(r => !comparison.IsNewer(r));
    }

    [Theory]
    [InlineData("At a board meeting in May the ferry service, originally set for 3 June 2026, was postponed to 14 July 2026.", "3 June 2026")]
    [InlineData("The ferry service was put back from 3 June 2026 to 14 July 2026.", "3 June 2026")]
    [InlineData("The ferry service will run from 3 June 2026 to 14 July 2026.", null)]
    [InlineData("The ferry service is now due to start on 14 July 2026, moved from the June 2026 date set in spring.", "June 2026")]
    [InlineData("The ferry service starts on 14 July 2026, a month from the 14 June 2026 trials.", null)]
    public void ChangedFromDate_IsTheDateAPassageSaysWasChanged(string sentence, string? expected) =>
        (ReportAnswers.ChangedFromDate(sentence, ReportAnswers.NearestDate("It starts on 14 July 2026.", Q("When does it start?")).Key) is { } from ? from.Text : null).ShouldBe(expected);

    [Fact]
    public void Compare_SameDateInOtherWords_IsOneSide_ADifferentDateIsAnother()
    {
        var q = Q("When will the ferry terminal reopen?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-02-01", "The ferry terminal will reopen on 2 March 2026."),
            S("b", "2026-02-03", "The ferry terminal is to reopen on March 2, officials said."),
            S("c", "2026-02-20", "The ferry terminal will now reopen on 16 March after the repairs were pushed back."),
        ], ComparisonOptions.Default);

        var comparison = AnswerComparison.Compare(AnswerKind.Date, answers);

        comparison.Sides.Count.ShouldBe(2);
        comparison.Sides.Single(s => s.Reports.Count == 2).Reports.Select(r => r.Passage.ReportId).Order().ShouldBe(["a", "b"]);
        comparison.Relation.ShouldBe(ComparisonKind.ChangedOverTime);
    }

    [Fact]
    public void Polarity_WhenAReportsPassagesSayBoth_TheOneHoldingMostOfTheQuestionSpeaksForIt()
    {
        var q = Q("Did Skarvik islanders get a Coastal Flood Warning on their phones?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-02-01", "Only Skarvik islanders on the harbour list got an alert on their phones from the ferry office."),
            S("a", "2026-02-01", "The council admitted it never sent a Coastal Flood Warning to phones in Skarvik.", 0.85),
        ], ComparisonOptions.Default);
        answers.Single().Key.ShouldBe("no");

        var agreeing = ReportAnswers.Read(q, [
            S("b", "2026-02-01", "Skarvik islanders got a Coastal Flood Warning on their phones at noon."),
            S("b", "2026-02-01", "Skarvik islanders got the Coastal Flood Warning on their phones, then by loudspeaker.", 0.85),
        ], ComparisonOptions.Default);
        agreeing.Single().Passage.Text.ShouldStartWith("Skarvik islanders", customMessage: "when they agree, the best-scored passage speaks");
    }

    [Fact]
    public void RelationQuestion_APassageNamingTheWholeSubject_AnswersForItsReport_ThoughItCoversLittleElse()
    {
        // The subject's words are in every report about it, so they weigh little: the passage that names the subject and
        // states the relation by its value ("the debut album by the band …") covers the question far less than one that
        // also uses the relation's own word.
        var q = Q("Who is the composer of Winter Lantern?");
        q.Relation.ShouldNotBeNull();
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-02-01", "Winter Lantern is a 1962 cantata by the Danish composer Edda Holm."),
            S("b", "2026-02-03", "Winter Lantern is the second album by the folk band Silver Pines, recorded in Bergen.", 0.12),
        ], ComparisonOptions.Default);

        answers.Select(a => a.Text).Order().ShouldBe(["Edda Holm", "Silver Pines"]);
        ReportAnswers.Read(q, [S("c", "2026-02-03", "Winter Lantern is the second album by the folk band Silver Pines.", 0.02)], ComparisonOptions.Default)
            .ShouldBeEmpty("a passage naming the subject and nothing else of the question does not answer");
        ReportAnswers.Read(q, [S("d", "2026-02-03", "On Friday Silver Pines played Winter Lantern to a full hall in Bergen.", 0.12)], ComparisonOptions.Default)
            .ShouldBeEmpty("a passage that names the subject without defining it needs the usual floor");
    }

    [Theory]
    [InlineData("Five people were killed and 31 were injured when the bus left the road.", 5, "killed")]
    [InlineData("Five people were killed and 31 were injured when the bus left the road.", 31, "injured")]
    [InlineData("By evening nine hikers had been treated for injuries at the base camp.", 9, "injured")]
    [InlineData("The flood forced the evacuation of roughly 800 households along the canal.", 800, "evacuated")]
    [InlineData("The death toll stood at 12 on Monday, with 40 people still unaccounted for.", 40, "missing")]
    [InlineData("About 60 passengers were rescued from the ferry.", 60, null)]
    public void Outcome_AFigureCountsTheDeadTheInjuredTheMissingOrTheEvacuated(string sentence, double value, string? sameAs)
    {
        var figure = QuantityExtractor.Extract(sentence).First(q => q.Value == value);
        AnswerLanguage.OutcomeOf(figure).ShouldBe(sameAs is null ? null : AnswerLanguage.OutcomeOf(sameAs));
        // Word vectors put "injured" as close to "killed" as "died" is (0.74): the groups keep them apart.
        AnswerLanguage.OutcomeOf("killed").ShouldBe(AnswerLanguage.OutcomeOf("died"));
        AnswerLanguage.OutcomeOf("wounded").ShouldBe(AnswerLanguage.OutcomeOf("hurt"));
        AnswerLanguage.OutcomeOf("injured").ShouldNotBe(AnswerLanguage.OutcomeOf("killed"));
        AnswerLanguage.OutcomeOf("rescued").ShouldBeNull();
    }

    [Theory]
    [InlineData("winter lantern is the second album by the folk band silver pines.", true)]
    [InlineData("winter lantern (1962) was a cantata for choir.", true)]
    [InlineData("lantern, norway, is one of the oldest ports.", true)]
    [InlineData("on friday silver pines played winter lantern to a full hall.", false)]
    [InlineData("winter lantern sold 4,000 copies, the label said.", false)]
    public void Definition_TheSubjectThenIsAOrWasThe(string sentence, bool defines)
    {
        var at = sentence.IndexOf("lantern", StringComparison.Ordinal);
        AnswerLanguage.DefinitionAfterSubject().IsMatch(sentence.AsSpan(at)).ShouldBe(defines);
    }

    [Theory]
    [InlineData("Harbour Lights (album) - Wikipedia Jump to content Main menu Main menu move to sidebar hide Navigation Main page Contents Random article About Wikipedia Contact us")]
    [InlineData("Tools move to sidebar hide Actions Read Edit View history General What links here Related changes Upload file Permanent link")]
    [InlineData("Silver Pines - Discography Home Log in Settings Donate Now Advanced Search Remove Ads")]
    public void SiteChrome_TheLabelsOfAPagesControls_AreNotText(string sentence) =>
        AnswerLanguage.IsSiteChrome(sentence).ShouldBeTrue();

    [Theory]
    [InlineData("Residents can contact us on the harbour office number, the council said.")]
    [InlineData("The museum's main menu of events was printed in May, and the café's main menu in June.")]
    [InlineData("Winter Lantern is the second album by the folk band Silver Pines.")]
    public void SiteChrome_ASentenceWithOneLabelOrNone_IsText(string sentence) =>
        AnswerLanguage.IsSiteChrome(sentence).ShouldBeFalse();

    [Fact]
    public void Polarity_IsReadOnTheQuestionsMainClause_NotOnTheClauseThatDatesIt()
    {
        var q = Q("Was the ferry operator warned about the cracked ramp before the crossing was cancelled?");
        var predicate = ReportAnswers.MainClause(q, ReportAnswers.SubjectAndPredicate(q).Predicate);
        predicate.ShouldNotContain(Stemmer.Stem("cancelled"));
        predicate.ShouldContain(Stemmer.Stem("warned"));
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-02-01", "The crossing was cancelled on Friday morning, the harbour office said."),
            S("b", "2026-02-03", "The harbour master said the ferry operator was warned about the cracked ramp in a letter in May."),
        ], ComparisonOptions.Default);
        answers.Select(a => a.Passage.ReportId).ShouldBe(["b"], "a sentence about the cancellation says neither yes nor no");
    }

    [Fact]
    public void Compare_DifferentDatesWithNothingSayingOneRevises_IsAContradiction()
    {
        var q = Q("When did the ferry sink?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-02-01", "The ferry sank on 2 February in heavy seas."),
            S("b", "2026-02-03", "The ferry sank on 1 February, the coastguard said."),
        ], ComparisonOptions.Default);
        AnswerComparison.Compare(AnswerKind.Date, answers).Relation.ShouldBe(ComparisonKind.Contradiction);
    }

    [Fact]
    public void Compare_APostHolderWhoLeft_AndTheSuccessor_AreAChangeOverTime()
    {
        var q = Q("Who is the director of the museum?");
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-01-05", "Tomas Rydell, director of the museum, opened the wing."),
            S("b", "2026-03-01", "Tomas Rydell has resigned as director of the museum."),
            S("b", "2026-03-01", "The museum's board appointed Anja Berg as acting director.", 0.8),
        ], ComparisonOptions.Default);

        var comparison = AnswerComparison.Compare(AnswerKind.Name, answers);

        comparison.Relation.ShouldBe(ComparisonKind.ChangedOverTime);
        comparison.Sides[0].Text.ShouldBe("Anja Berg");
    }

    [Fact]
    public void Figures_HowMuchOfASubstanceFell_IsAnAmountOfIt_HowMuchALevelFell_IsAChange()
    {
        var snow = Q("How much snow fell on the pass in March?");
        snow.Focus.ShouldBe("snow");
        snow.AskedMeasure.ShouldBe(FigureMeasure.Count);
        Q("How much water rose in the lock?").Focus.ShouldBe("water");
        Q("How far did the ferry operator's shares fall?").AskedMeasure.ShouldBe(FigureMeasure.Share);
        Q("How much has the river level risen since Monday?").AskedMeasure.ShouldBe(FigureMeasure.Share);
    }

    [Fact]
    public void Figures_HowBigWasTheCrowd_CountsTheCrowd_AndBigIsNoWordToFind()
    {
        var crowd = Q("How big was the crowd at the regatta on Saturday?");
        crowd.Type.ShouldBe(QuestionType.Quantity);
        crowd.Focus.ShouldBe("crowd");
        crowd.Terms.Select(t => t.Word).ShouldNotContain("big");
        Q("How large were the protests outside the town hall?").Terms.Select(t => t.Word).ShouldNotContain("large");
    }

    [Fact]
    public void Figures_HowMuchWithNoNoun_AsksMoney_AboutWhatIsPricedOrPaidFor()
    {
        var ticket = Q("How much will a day ticket for the ferry cost?");
        ticket.AskedMeasure.ShouldBe(FigureMeasure.Money);
        ticket.Focus.ShouldBe("ticket");
        var land = Q("How much did the harbour trust pay for the old boatyard?");
        land.AskedMeasure.ShouldBe(FigureMeasure.Money);
        land.Focus.ShouldBe("boatyard");
        Q("How much is the council getting for the pier?").AskedMeasure.ShouldBe(FigureMeasure.Money);
        Q("How much grain was lost in the fire?").AskedMeasure.ShouldBe(FigureMeasure.Count);
        // A participle before the noun describes it: what is priced is the noun.
        Q("For how much were the stolen paintings insured?").Focus.ShouldBe(Stemmer.Stem("paintings"));
        Q("How much were the damaged boats worth?").Focus.ShouldBe(Stemmer.Stem("boats"));
        // What the money goes towards, after a verb and a particle.
        Q("How much is the county chipping in towards the lifeboat station?").Focus.ShouldBe(Stemmer.Stem("station"));
        // "How big was the crowd?" counts the crowd, not "big".
        Q("Roughly how big was the crowd at the regatta?").Focus.ShouldBe(Stemmer.Stem("crowd"));
    }

    [Theory]
    [InlineData("The trust paid £2.4 million for the boatyard.", "£")]
    [InlineData("Severance costs of about A$14 million are expected.", "A$")]
    [InlineData("The ferry cost $9 million to build.", "$")]
    public void Money_IsShownWithItsCurrency(string sentence, string currency)
    {
        var m = QuantityExtractor.CurrencyBefore().Match(sentence[..QuantityExtractor.Extract(sentence).First(q => q.Measure == FigureMeasure.Money).Start]);
        m.Success.ShouldBeTrue(sentence);
        m.Value.Trim().ShouldBe(currency);
    }

    [Theory]
    [InlineData("How many spectators can the new arena hold?", true)]
    [InlineData("How many patients will the field hospital be able to accommodate?", true)]
    [InlineData("What is the capacity of the reservoir, in how many litres?", false)]
    [InlineData("How many seats will away fans get at the arena?", false)]
    [InlineData("How many spectators watched the final?", false)]
    public void Figures_AQuestionOfWhatSomethingHolds_AsksItsCapacity(string question, bool asks) =>
        AnswerLanguage.AsksCapacity().IsMatch(question).ShouldBe(asks, question);

    [Fact]
    public void Figures_HowLong_IsAStretchOfTime_ComparedInDays()
    {
        Q("How long did the dock strike last?").AskedMeasure.ShouldBe(FigureMeasure.Duration);
        Q("How long ago did the strike start?").AskedMeasure.ShouldNotBe(FigureMeasure.Duration);
        var weeks = QuantityExtractor.Extract("The crane had been idle for three weeks.").Single();
        var days = QuantityExtractor.Extract("The crane had been idle for 21 days.").Single();
        var fewer = QuantityExtractor.Extract("The crane had been idle for 11 days.").Single();
        weeks.CompatibleWith(days).ShouldBeTrue();
        weeks.CompatibleWith(fewer).ShouldBeFalse();
        Quantity.DaysPer(weeks.UnitStem).ShouldBe(7);
    }

    [Fact]
    public void Figures_APartOfANamedGroup_CountsThatGroupsKind()
    {
        QuantityExtractor.Extract("Twelve of our volunteers were on the lifeboat that night.").Single().OfNoun.ShouldBe("volunteers");
        QuantityExtractor.Extract("Five of them were rescued.").Single().OfNoun.ShouldBeNull();
        QuantityExtractor.Extract("It won 5 of 10 races.").First().OfNoun.ShouldBeNull();
    }

    [Theory]
    [InlineData("How many people does the ferry company directly employ?", "direct")]
    [InlineData("How many of its own boats did the harbour trust send?", "own")]
    [InlineData("How many permanent posts will the port create?", "perman")]
    [InlineData("How many reinforcements arrived recently?", "")]
    [InlineData("How many of Tromsø's fishermen signed the letter?", "")]
    public void Figures_AQuestionsNarrowingWords_AreItsQualifiers(string question, string expected) =>
        string.Join("|", AnswerLanguage.Qualifiers(Q(question))).ShouldBe(expected, question);

    [Fact]
    public void Figures_AQualifierIsAWordPrefix_NotAnyPartOfAWord()
    {
        AnswerLanguage.HoldsQualifier("The firm has 610 direct employees.", ["direct"]).ShouldBeTrue();
        AnswerLanguage.HoldsQualifier("Crews from the town arrived, as is well known.", ["own"]).ShouldBeFalse();
        AnswerLanguage.HoldsQualifier("It sent 40 of its own crews.", ["own"]).ShouldBeTrue();
    }

    [Theory]
    [InlineData("firms", "contractors", true)]
    [InlineData("companies", "retailers", true)]
    [InlineData("firms", "workers", false)]
    public void Figures_AKindOfOrganisation_CountsAsFirms(string asked, string counted, bool same) =>
        (AnswerLanguage.GenericOrganisationNouns.Contains(ReportBot.Core.Text.Stemmer.Stem(asked)) && AnswerLanguage.OrganisationKinds.Contains(ReportBot.Core.Text.Stemmer.Stem(counted))).ShouldBe(same);

    [Theory]
    [InlineData("workers", "staff", true)]
    [InlineData("employees", "personnel", true)]
    [InlineData("workers", "passengers", false)]
    public void Figures_TheNounsOfAWorkforce_CountTheSamePeople(string asked, string counted, bool same) =>
        (AnswerLanguage.WorkforceNouns.Contains(ReportBot.Core.Text.Stemmer.Stem(asked)) && AnswerLanguage.WorkforceNouns.Contains(ReportBot.Core.Text.Stemmer.Stem(counted))).ShouldBe(same);

    [Fact]
    public void Figures_ASpokenDecimal_IsOneFigure_NotAPointInTime()
    {
        QuantityExtractor.Extract("We shipped two point four five million tonnes last year.").Single().Value.ShouldBe(2_450_000);
        QuantityExtractor.Extract("The lake holds one point two gigalitres.").Single().Value.ShouldBe(1.2);
        QuantityExtractor.Extract("At one point, three boats were stuck.").Single().Value.ShouldBe(3);
    }

    [Theory]
    [InlineData("The refit bill rose to £8.5m on Monday.", 8_500_000)]
    [InlineData("The new terminal will cost $6bn.", 6_000_000_000)]
    [InlineData("Port bill rises to £112 mln as works overrun", 112_000_000)]
    [InlineData("HARBOUR'S £100M MAKEOVER", 100_000_000)]
    public void Money_WithAGluedOrAbbreviatedScale_IsOneAmount(string sentence, double value)
    {
        var q = QuantityExtractor.Extract(sentence).Single();
        q.Value.ShouldBe(value);
        q.Measure.ShouldBe(FigureMeasure.Money);
    }

    [Fact]
    public void Figures_AGluedMetreIsNoMillion()
    {
        QuantityExtractor.Extract("She ran the 400m in 52 seconds.").ShouldAllBe(q => q.Value != 400_000_000);
        Q("What price did the trust pay for the boatyard?").AskedMeasure.ShouldBe(FigureMeasure.Money);
    }

    [Fact]
    public void Figures_AgesAreNotCounts()
    {
        QuantityExtractor.Extract("The survey excluded people over 65 and children aged 4 to 11; 812 households replied.").Select(q => (q.Value, q.Measure))
            .ShouldBe([(65, FigureMeasure.Age), (4, FigureMeasure.Age), (11, FigureMeasure.Age), (812, FigureMeasure.Count)]);
        QuantityExtractor.Extract("Between 10 and 20 volunteers came.").ShouldAllBe(q => q.Measure == FigureMeasure.Count);
        Q("How old is the harbour master?").AskedMeasure.ShouldBe(FigureMeasure.Age);
    }

    [Theory]
    [InlineData("In our 9.40am entry we said the ferry would resume on Friday.", true)]
    [InlineData("In the earlier update we reported 40 passengers.", true)]
    [InlineData("In our view the ferry should resume on Friday.", false)]
    public void Retraction_ALiveBlogsOwnEarlierEntry_IsRetracted(string sentence, bool retracted) =>
        AnswerLanguage.RetractedStatement().IsMatch(sentence).ShouldBe(retracted, sentence);

    [Fact]
    public void Retraction_AnEarlierVersionsValueGivesWayToTheCorrection()
    {
        var q = Q("When did the bridge close?");
        var retracted = S("live", "2026-05-02", "Our first post this morning said the bridge closed on Friday 8 May.");
        var correction = new ScoredSentence(retracted.Chunk, retracted.End + 1, retracted.End + 60, "That was wrong: it closed on Saturday 9 May.", 0.2, 0.2, 0, []);
        var answers = ReportAnswers.Read(q, [retracted, correction], ComparisonOptions.Default);
        answers.ShouldHaveSingleItem().Key.ShouldBe("?-5-9");
        AnswerLanguage.NotBefore().IsMatch("It is 1,400, not ").ShouldBeTrue();
    }

    [Fact]
    public void HasLeft_TheDepartureInAClauseOfItsOwn_IsThatNamesAlone()
    {
        const string sentence = "Ruth Calder, who was named acting director of the Orrin Water Board on Monday after Peter Vance resigned, will meet farmers today.";
        ReportAnswers.HasLeft(sentence, "Peter Vance").ShouldBeTrue();
        ReportAnswers.HasLeft(sentence, "Ruth Calder").ShouldBeFalse();
        ReportAnswers.HasLeft("The board replaced Peter Vance with Ruth Calder, who resigned from the port authority to take the job.", "Peter Vance").ShouldBeFalse();
    }

    [Fact]
    public void EveryReportsPassage_CountsTheOutcomeAsked_WhenTheReportHasOne()
    {
        var q = Q("How many people died in the flood?");
        ScoredSentence F(string report, string text, double coverage) =>
            S(report, "2026-03-01", text, coverage) with { FocusQuantities = QuantityExtractor.Extract(text) };
        var wire = F("wire", "Six people died in the flood, officials said.", 0.9);
        var admitted = F("review", "At least 90 people were admitted to hospital after the flood.", 0.8);
        var deaths = F("review", "By April the coroner had confirmed 11 deaths from the flood.", 0.6);
        var evidence = ReportAnswers.WithEveryReportsPassage([wire, admitted], [wire, admitted, deaths], q, ComparisonOptions.Default);
        evidence.ShouldContain(deaths);
    }

    [Theory]
    [InlineData("The last 600 homes still cut off were reconnected on Friday.", "600", true)]
    [InlineData("Of the 900 seats, 700 are reserved and the remaining 200 go on sale today.", "200", true)]
    [InlineData("The storm cut power to 600 homes on Friday.", "600", false)]
    public void Remainder_IsWhatIsLeftOfAWhole(string sentence, string figure, bool remainder) =>
        AnswerLanguage.RemainderBefore().IsMatch(sentence.AsSpan(0, sentence.IndexOf(figure, StringComparison.Ordinal))).ShouldBe(remainder);

    [Theory]
    [InlineData("The trust said parents had never been told about the plan.", true)]
    [InlineData("A letter went home with every pupil in March.", false)]
    [InlineData("The plan was approved in March.", null)]
    public void A_question_about_being_warned_is_answered_in_any_word_for_telling(string sentence, bool? denied)
    {
        var predicate = ReportAnswers.WithNoticeWords([Stemmer.Stem("warned"), Stemmer.Stem("plan")]);
        ReportAnswers.Polarity(sentence, predicate.Where(p => p != Stemmer.Stem("plan")).ToList()).ShouldBe(denied);
        ReportAnswers.WithNoticeWords([Stemmer.Stem("approved")]).ShouldBe([Stemmer.Stem("approved")]);
    }

    [Fact]
    public void EveryReportsPassage_AReportWhoseHeadlineCountsTheThingAsked_AnswersWithItsBody()
    {
        var q = Q("How many jobs will Ostby axe at the Dunmore plant?");
        ScoredSentence F(string report, string text, double coverage, bool headline = false) =>
            S(report, "2026-03-01", text, coverage) with { FocusQuantities = QuantityExtractor.Extract(text), Chunk = new ChunkPayload(report, report, report, "2026-03-01", 0, 0, text.Length, text, headline, "h") };
        var wire = F("wire", "About 150 jobs will go at the Dunmore plant, the company said.", 0.9);
        var headline = F("paper", "Dunmore plant to axe 200 jobs", 0.7, headline: true);
        var body = F("paper", "Ostby is making 150 workers at the Dunmore site redundant.", 0.3);
        var evidence = ReportAnswers.WithEveryReportsPassage([wire], [wire, headline, body], q, ComparisonOptions.Default);
        evidence.ShouldContain(body);
        evidence.ShouldContain(e => e.IsHeadline && e.ReportId == "paper");
    }

    [Fact]
    public void Pick_TakesAHeadlineRepeatedInCapitalsOnce_AndTheBodysPassageNext()
    {
        var q = Q("How many trees did the storm bring down in Ashgrove?");
        ScoredSentence F(string text, double score) =>
            S("digest", "2026-10-01", text, 0.8) with { Score = score, FocusQuantities = QuantityExtractor.Extract(text) };
        var caps = F("STORM BRINGS DOWN 300 TREES IN ASHGROVE", 1.2);
        var title = F("Storm brings down 300 trees in Ashgrove", 1.15);
        var body = F("The council's arborist counted 260 trees brought down across Ashgrove.", 1.0);
        var picked = EvidenceSelector.Pick([caps, title, body], q, 4, 0.3);
        picked.ShouldBe([caps, body]);
    }

    [Theory]
    [InlineData("1. MARKET LOSES 35 STALLS AFTER RENT RISE", true)]
    [InlineData("FERRY SERVICE SUSPENDED UNTIL FRIDAY", true)]
    [InlineData("- QUAY PARADE: WHAT WE KNOW SO FAR", true)]
    [InlineData("The NHS said 35 stalls were lost.", false)]
    [InlineData("IN THIS ISSUE", false)]
    [InlineData("BBC NEWS", false)]
    public void A_line_in_capitals_is_a_heading(string line, bool heading) =>
        AnswerLanguage.IsCapitalisedHeading(line).ShouldBe(heading);

    [Fact]
    public void PremisesCountOneAnother_ButNotOtherNouns()
    {
        var counted = AnswerLanguage.AlsoCounted(Stemmer.Stem("outlets"), "outlets", [Stemmer.Stem("outlets"), Stemmer.Stem("close")]);
        counted.ShouldContain(Stemmer.Stem("branches"));
        counted.ShouldContain(Stemmer.Stem("shops"));
        counted.ShouldNotContain(Stemmer.Stem("customers"));
        AnswerLanguage.AlsoCounted(Stemmer.Stem("ferries"), "ferries", [Stemmer.Stem("ferries")]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("**Recorded vote:** Carried (5 for, 4 against).", true)]
    [InlineData("Decision - approved with conditions.", true)]
    [InlineData("Result: the application was refused.", true)]
    [InlineData("The result was announced at midnight.", false)]
    public void ResultLabel_OpensAResultsParagraph(string text, bool label) =>
        AnswerLanguage.ResultLabel().IsMatch(text).ShouldBe(label);

    [Theory]
    [InlineData("The harbour board voted 5-4 on Tuesday to sell the quay.", true)]
    [InlineData("The motion was carried by nine votes to two.", true)]
    [InlineData("Result: 12 for, 3 against, 1 abstention.", true)]
    [InlineData("The amendment was defeated on a show of hands.", true)]
    [InlineData("The board is expected to vote on the sale next month.", false)]
    [InlineData("Members backed the plan unanimously.", true)]
    public void VoteResult_IsATallyOrAnOutcome(string sentence, bool result) =>
        AnswerLanguage.VoteResult().IsMatch(sentence).ShouldBe(result);

    [Theory]
    [InlineData("That's not right, I had the wrong page.", true)]
    [InlineData("Sorry, no - that was wrong.", true)]
    [InlineData("I misspoke.", true)]
    [InlineData("Let me correct that: it was Tuesday.", true)]
    [InlineData("I beg your pardon.", false)]
    [InlineData("That is right, and we stand by it.", false)]
    [InlineData("The council says that was wrong of the operator.", false)]
    public void Denial_OfTheSentenceBefore_IsKnownByItsOpening(string sentence, bool denies) =>
        AnswerLanguage.DeniesSentenceBefore().IsMatch(sentence).ShouldBe(denies);

    [Theory]
    [InlineData("the wall gave way in seven places - sorry, eight", "seven", true)]
    [InlineData("It opened in May 2019 — I beg your pardon, May 2020.", "2019", true)]
    [InlineData("seven ferries, or rather six, were", "seven", true)]
    [InlineData("seven ferries were cancelled, sorry to say, and six delayed", "seven", false)]
    [InlineData("seven ferries were cancelled; sorry, six", "seven", false)]
    public void CorrectedInPlace_IsAValueItsSpeakerTakesBackAtOnce(string sentence, string value, bool corrected)
    {
        var at = sentence.IndexOf(value, StringComparison.Ordinal) + value.Length;
        AnswerLanguage.CorrectedInPlace().IsMatch(sentence.AsSpan(at)).ShouldBe(corrected);
    }

    [Theory]
    [InlineData("The ferry will not sail on 4 May as planned.", true)]
    [InlineData("The ferry will not sail until 4 May.", false)]
    [InlineData("The ferry will sail no later than 4 May.", false)]
    [InlineData("Nobody was hurt, and the ferry will sail on 4 May.", false)]
    public void Negation_DeniesTheValueOfItsOwnClauseOnly(string sentence, bool negated) =>
        AnswerLanguage.NegatedAt(sentence, sentence.IndexOf("4 May", StringComparison.Ordinal)).ShouldBe(negated);

    [Fact]
    public void Name_ATitleOrAPossessiveIsNotTheAnswer_NorANameFromASentenceSilentOnTheRole()
    {
        var q = Q("Who acted as Rosa Vint's campaign manager?");
        ReportAnswers.NearestName("Rosa Vint's campaign manager, Owen Pike, asked for a recount.", q).Text.ShouldBe("Owen Pike");
        ReportAnswers.NearestName("Ms Vint thanked her campaign manager.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("The first count gave Ivo Strand a lead of three over Rosa Vint.", Q("Who heads the campaign of Rosa Vint?")).Text.ShouldBeNull();
    }

    [Fact]
    public void ADeniedValue_GivesWayToTheNextSentencesValue()
    {
        var q = Q("When will the ferry to Skarvøy sail again?");
        var denied = S("quay", "2026-05-02", "The ferry to Skarvøy will not sail again on 4 May as planned.");
        var next = new ScoredSentence(denied.Chunk, denied.End + 1, denied.End + 40, "The new date is Friday 19 June.", 0.2, 0.2, 0, []);
        var answer = ReportAnswers.Read(q, [denied, next], ComparisonOptions.Default).ShouldHaveSingleItem();
        answer.Key.ShouldBe("?-6-19");
        answer.RevisesEarlier.ShouldBeTrue();
    }

    [Fact]
    public void Date_ChangedFromOneToAnother_IsTheLast_APeriodIsNot()
    {
        ReportAnswers.NearestDate("The museum's opening was put back from 4 May to 1 June and then to 20 July 2027.", Q("When will the museum open?")).Text.ShouldBe("20 July 2027");
        ReportAnswers.NearestDate("The exhibition at the museum runs from 4 May to 1 June.", Q("When does the exhibition start?")).Text.ShouldBe("4 May");
    }

    [Theory]
    [InlineData("The coast road, the B918, will stay closed until at least 14 October, the county said.", "When will the B918 reopen?", "14 October")]
    [InlineData("Ferry crossings to Hallin remain suspended until Monday 3 November after the pier was damaged on 28 October.", "When will the Hallin ferry resume?", "Monday 3 November")]
    [InlineData("The library was shut on 2 October and will stay shut till the end of January 2027.", "When will the library reopen?", "January 2027")]
    [InlineData("The library was shut on 2 October and will stay shut till the end of January 2027.", "When was the library shut?", "2 October")]
    public void Date_TheDayAClosureLastsUntil_SaysWhenItReopens(string sentence, string question, string expected)
    {
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);
        AnswerLanguage.ClosedUntil().IsMatch("The museum reopened on 5 April after the repairs.").ShouldBeFalse();
    }

    [Fact]
    public void Date_InTheClauseOfWhatIsAsked_AnswersBeforeOneInAClauseThatOnlyNamesTheSubject()
    {
        var q = Q("When did the Tolland Moor Fire start?");
        ReportAnswers.NearestDate("The Tolland Moor Fire was declared out on Monday, March 9, eleven days after it started near the quarry on Feb. 27.", q)
            .Text.ShouldBe("Feb. 27");
    }

    [Theory]
    [InlineData("The quarry will reopen in the first quarter of 2027, the owners said.", "first quarter of 2027", "2027-q1-?")]
    [InlineData("The quarry will reopen in Q3 2027.", "Q3 2027", "2027-q3-?")]
    [InlineData("The quarry will reopen in the December quarter of 2027.", "December quarter of 2027", "2027-q4-?")]
    public void Date_AQuarterOfAYear_IsADate(string sentence, string text, string key)
    {
        var (found, k) = ReportAnswers.NearestDate(sentence, Q("When will the quarry reopen?"));
        found.ShouldBe(text);
        k.ShouldBe(key);
        ReportAnswers.Agree(AnswerKind.Date, "2027-q1-?", "2027-2-?").ShouldBeTrue();
        ReportAnswers.Agree(AnswerKind.Date, "2027-q1-?", "2027-9-?").ShouldBeFalse();
        ReportAnswers.Agree(AnswerKind.Date, "2027-q1-?", "2028-2-?").ShouldBeFalse();
    }

    [Theory]
    [InlineData("Who is in charge at the quarry these days?")]
    [InlineData("Who runs the ferry company nowadays?")]
    [InlineData("Who is the harbour master at the moment?")]
    public void Name_AQuestionAboutToday_PrefersTheNewestReport(string question)
    {
        var q = Q(question);
        q.PrefersNewest.ShouldBeTrue(question);
        q.Terms.ShouldNotContain(t => t.Stem == "day" || t.Stem == "moment", question);
    }

    [Fact]
    public void Name_InCharge_IsAskedOfATopPost()
    {
        AnswerLanguage.InCharge().IsMatch("Who is in charge of the quarry?").ShouldBeTrue();
        AnswerLanguage.TopPosts.ShouldContain(ReportBot.Core.Text.Stemmer.Stem("manager"));
        AnswerLanguage.TopPosts.ShouldNotContain(ReportBot.Core.Text.Stemmer.Stem("nurse"));
    }

    [Fact]
    public void Name_ACompanyIsNoPersonHoldingAPost()
    {
        var q = Q("Who is the managing director of Harlow Marine?");
        ReportAnswers.AsksPerson(q).ShouldBeTrue();
        ReportAnswers.NearestName("The contract went to Tidewell Developments, whose managing director Ruth Okoye signed it on Monday.", q).Text
            .ShouldBe("Ruth Okoye");
    }

    [Fact]
    public void Date_InAPartOfTheSentenceAboutSomethingElse_DoesNotAnswer()
    {
        ReportAnswers.NearestDate("Registration opens today and closes on 9 March.", Q("When will the new library open?")).Text.ShouldBeNull();
        ReportAnswers.NearestDate("The library opens on 2 April and registration closes on 9 March.", Q("When will the new library open?")).Text.ShouldBe("2 April");
    }

    [Fact]
    public void Figures_AYearDoesNotEndTheWordsBeforeAFigure_AndAPastFormEndsTheCountedPhrase()
    {
        QuantityExtractor.Extract("The population of the parish at the 1991 census was 812.").ShouldHaveSingleItem().Preceding!.ShouldContain("popul");
        Q("How much grain spoiled in the warehouse?").Focus.ShouldBe("grain");
        Q("How many people fled?").Focus.ShouldBe("peopl");
        Q("How many self-propelled guns were sold?").Focus.ShouldNotBe("sold");
    }

    [Theory]
    [InlineData("About 4,000 cyclists a day cross the bridge.", "day")]
    [InlineData("The ferry carried 212 cyclists on its last crossing.", null)]
    [InlineData("Some 1.5 million visitors come to the park every year.", "year")]
    [InlineData("Its daily ridership of about 800 has halved.", "day")]
    [InlineData("The island's population density was 12.4 per square kilometre in 2020.", QuantityExtractor.AreaRate)]
    [InlineData("There were 57.3 residents per square mile on the island.", QuantityExtractor.AreaRate)]
    [InlineData("The density is 31.6/km² across the district.", QuantityExtractor.AreaRate)]
    [InlineData("The island had 1,204 residents at the last census, on 96 square miles.", null)]
    [InlineData("The population density was 44.7 people", QuantityExtractor.AreaRate)]
    public void Figures_ARateKnowsItsPeriod_ACountHasNone(string sentence, string? rate)
    {
        QuantityExtractor.Extract(sentence).First().Rate.ShouldBe(rate);
        QuantityExtractor.AskedRate("How many cyclists cross the bridge each day?").ShouldBe("day");
        QuantityExtractor.AskedRate("How many cyclists were on the ferry?").ShouldBeNull();
        QuantityExtractor.AskedRate("What is the population of the island?").ShouldBeNull();
        QuantityExtractor.AskedRate("What is the population density of the island?").ShouldBe(QuantityExtractor.AreaRate);
    }

    [Theory]
    [InlineData("Call the helpline on (555) 014-2290.", false)]
    [InlineData("Rain may reach the coast.", false)]
    [InlineData("The pier was rebuilt in 1998.", true)]
    [InlineData("The vote is in May.", true)]
    public void DateExpression_AYearIsNotPartOfAPhoneNumber_AndMayIsAVerb(string sentence, bool hasDate) =>
        TimeScope.HasDateExpression(sentence).ShouldBe(hasDate);

    [Theory]
    [InlineData("The ferries affected were the Skarv, the Tern and the Petrel, the operator said.", "Skarv|Tern|Petrel")]
    [InlineData("Closed piers: North Quay, Fish Dock, and Salt Jetty.", "North Quay|Fish Dock|Salt Jetty")]
    [InlineData("The island exports goods such as wool and cheese to the mainland.", "wool|cheese")]
    [InlineData("Divers at Sand Point, Gull Rock and Hook Head are searching.", "Sand Point|Gull Rock|Hook Head")]
    [InlineData("| Ferry routes | Skarvøy; Lindholm; the North Quay shuttle |", "Skarvøy|Lindholm|North Quay shuttle")]
    [InlineData("The skipper said the worst problems in Tromsø were a cracked hull, flooding and lost nets.", "cracked hull|flooding|lost nets")]
    [InlineData("According to the harbour log, the cargoes lost were a crate of salmon, two anchors and a winch.", "crate of salmon|two anchors|winch")]
    [InlineData("The new trust will absorb Fjordvik School, Lindholm College and the Skarv Music Centre from August.", "Fjordvik School|Lindholm College|Skarv Music Centre")]
    [InlineData("The kit fits the Harrier and Kestrel kayaks and was also sold on its own.", "Harrier|Kestrel kayaks")]
    public void List_ItemsOfAnEnumeration(string sentence, string expected) =>
        string.Join("|", ReportAnswers.ListOf(sentence)).ShouldBe(expected);

    [Fact]
    public void List_AShorterListOfTheSameItemsAgrees_ListsWithItemsOfTheirOwnDiffer()
    {
        ReportAnswers.KindOf(Q("Which piers are closed?")).ShouldBe(AnswerKind.List);
        ReportAnswers.KindOf(Q("What kind of boat sank?")).ShouldBe(AnswerKind.None);
        ReportAnswers.SameItems(["north quay", "fish dock", "salt jetty"], ["fish dock", "salt jetty"]).ShouldBeTrue();
        ReportAnswers.SameItems(["north quay", "fish dock"], ["fish dock", "harbour wall"]).ShouldBeFalse();
    }

    [Fact]
    public void Name_SharingAWordWithTheQuestionsSubject_IsTheSubject_AndAListItemKeepsItsOwnRole()
    {
        var q = Q("Who runs the Vellmoor depot for Haskett at present?");
        q.Terms.Select(t => t.Word).ShouldNotContain("present");
        q.PrefersNewest.ShouldBeTrue();
        ReportAnswers.NearestName("Haskett Logistics runs the depot with a staff of 30, a spokesperson said.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("Present: Mr Owen Tarr (Depot Manager, Haskett Logistics); Ms Ada Quill (Vellmoor Traders' Association).", Q("Who is the depot manager for Haskett?"))
            .Key.ShouldBe("tarr");
    }

    [Theory]
    [InlineData("Ferries sail between 05:45 and 22:15, with 14 crossings a day.", new double[] { 14 })]
    [InlineData("The vote went 3:1 in favour, and 12 members abstained.", new double[] { 12 })]
    public void Figures_AClockTimeOrARatioIsNotACount(string sentence, double[] values) =>
        QuantityExtractor.Extract(sentence).Select(q => q.Value).ShouldBe(values);

    [Theory]
    [InlineData("Another eight trucks joined on Monday, bringing the convoy to 40.", true)]
    [InlineData("The count stands at 61, up from 55 last week.", true)]
    [InlineData("The convoy of 40 trucks left on Monday.", false)]
    public void RevisionCue_AnUpdatedTotalSaysItRevises(string sentence, bool revises) =>
        AnswerLanguage.RevisionCue().IsMatch(sentence).ShouldBe(revises);

    [Theory]
    [InlineData("The regatta ran from Friday 4 to Sunday 6 September, and 212 boats took part.", new double[] { 212 })]
    [InlineData("Between 4 and 6 September 2026, 212 boats took part.", new double[] { 212 })]
    [InlineData("Between Tuesday the 4th and Thursday the 6th of August, 35 ferries were cancelled.", new double[] { 35 })]
    public void Figures_TheFirstDayOfASpanOfDatesIsNoCount(string sentence, double[] values) =>
        QuantityExtractor.Extract(sentence).Select(q => q.Value).ShouldBe(values);

    [Theory]
    [InlineData("The co-operative will pay 35.75p a litre from May.", 35.75)]
    [InlineData("Bus fares rise by 5p on Monday.", 5)]
    public void Figures_PenceGluedToAFigure_AreMoney(string sentence, double value) =>
        QuantityExtractor.Extract(sentence).ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            q => q.Value.ShouldBe(value), q => q.Measure.ShouldBe(FigureMeasure.Money));

    [Fact]
    public void Figures_APDotMIsATime_NotPence() =>
        QuantityExtractor.Extract("The ferry left at 4p.m. with 30 cars.").Select(q => q.Value).ShouldBe([30]);

    [Theory]
    [InlineData("271 permanent posts", 271, "265 permanent staff", 265, false)]
    [InlineData("612 tonnes", 612, "610 tonnes", 610, true)]
    [InlineData("1.2 million visitors", 1200000, "1,220,000 visitors", 1220000, true)]
    [InlineData("3.1 pence a litre", 3.1, "3.4 pence a litre", 3.4, false)]
    public void Figures_AnExactFigureReachesOnlyTheHalfStepOfItsOwnRounding(string a, double va, string b, double vb, bool compatible)
    {
        var x = QuantityExtractor.Extract(a).Single(q => q.Value == va);
        var y = QuantityExtractor.Extract(b).Single(q => q.Value == vb);
        x.CompatibleWith(y).ShouldBe(compatible);
    }

    [Theory]
    [InlineData("About 1,700 pupils", 1700, "some 1,480 pupils", 1480, false)]
    [InlineData("about 10,000 people", 10000, "11,000 people", 11000, true)]
    [InlineData("about 300 homes", 300, "330 homes", 330, true)]
    public void Figures_AboutReachesTheHalfStepOfItsRounding(string a, double va, string b, double vb, bool compatible)
    {
        var x = QuantityExtractor.Extract(a).Single(q => q.Value == va);
        var y = QuantityExtractor.Extract(b).Single(q => q.Value == vb);
        x.CompatibleWith(y).ShouldBe(compatible);
    }

    [Fact]
    public void Polarity_SaysItsSideInTheReportsOwnWords()
    {
        var predicate = ReportAnswers.SubjectAndPredicate(Q("Was the crew warned about the storm?")).Predicate;
        ReportAnswers.PolarityWords("The skipper said the crew was never warned about the storm, and sailed at dawn.", predicate)
            .ShouldBe("The skipper said the crew was never warned about the storm");
        ReportAnswers.PolarityWords("A coastguard log shows a warning was radioed to the crew at 4am.", predicate).ShouldNotBeNull()
            .Split(' ').Length.ShouldBeLessThanOrEqualTo(12);
        ReportAnswers.PolarityWords("The harbour reopened on Monday.", predicate).ShouldBeNull();
    }

    [Fact]
    public void Lists_AClauseIsNoItem()
    {
        ReportAnswers.ListOf("Visitors are asked not to touch seals or injured gulls.").ShouldBeEmpty();
        ReportAnswers.ListOf("The council has shut Kelp Bay, Rook Sands and Tarn Cove to the public.").ShouldBe(["Kelp Bay", "Rook Sands", "Tarn Cove"]);
    }

    [Theory]
    [InlineData("Reports from wardens and the police indicate that the flood reached pens 4, 9 and 12 overnight.", "pens", "pen 4|pen 9|pen 12")]
    [InlineData("Gates B and C were shut after the fire alarm.", "gates", "Gate B|Gate C")]
    [InlineData("Buses stopped at berths 3, 4, and 6.", "berths", "berth 3|berth 4|berth 6")]
    public void Lists_TheAskedKindsNumberedItemsAreItsItems(string sentence, string noun, string items) =>
        ReportAnswers.NumberedItems(sentence, Stemmer.Stem(noun)).ShouldBe(items.Split('|'));

    [Theory]
    [InlineData("Reports from wardens and the police indicate that the flood reached pens 4, 9 and 12 overnight.", "gates")]
    [InlineData("The flood reached pen 4 overnight.", "pens")]
    public void Lists_NoNumberedItemsOfAnotherKindOrOfOne(string sentence, string noun) =>
        ReportAnswers.NumberedItems(sentence, Stemmer.Stem(noun)).ShouldBeEmpty();

    [Theory]
    [InlineData("What is the coastguard's count of boats it towed in?", "boat")]
    [InlineData("What was the final tally of sheep lost in the snow?", "sheep")]
    [InlineData("What is the official death toll?", null)]
    public void Questions_ACountOrTallyOfSomethingAsksHowMany(string question, string? focus)
    {
        var q = Q(question);
        q.Type.ShouldBe(QuestionType.Quantity);
        if (focus is not null) q.Focus.ShouldBe(focus);
    }

    [Theory]
    [InlineData("Who gave the death toll?", QuestionType.Agent)]
    [InlineData("Who kept the count of votes?", QuestionType.Agent)]
    public void Questions_ACountNamedInsideAnotherQuestionLeavesItsType(string question, QuestionType type) =>
        Q(question).Type.ShouldBe(type);

    [Theory]
    [InlineData("How many walkers actually reached the summit?", "walker", "reached")]
    [InlineData("How many ewes have eventually died on the moor?", "ewe", "died")]
    [InlineData("How many family members were evacuated?", "member", "evacuated")]
    public void Questions_AnAdverbAfterTheCountedNounIsNeitherNounNorVerb(string question, string focus, string verb)
    {
        var q = Q(question);
        q.Focus.ShouldBe(focus);
        q.Verb.ShouldBe(verb);
    }

    [Theory]
    [InlineData("Nine walkers were rescued and four airlifted to hospital.", 4, "walkers", "airlifted")]
    [InlineData("The survey counted 820 seals on Skarv, 610 on Lindholm and 95 on the mainland.", 95, "seals", null)]
    [InlineData("Floods ruined 40 farms and damaged 200 more.", 200, "farms", null)]
    public void Figures_AListItemWithoutANounCountsWhatTheFigureBeforeItCounts(string sentence, double value, string unit, string? verb)
    {
        var q = QuantityExtractor.Extract(sentence).Single(x => x.Value == value);
        q.Unit.ShouldBe(unit);
        if (verb is not null) q.Verb.ShouldBe(verb);
    }

    [Fact]
    public void Figures_ANumberWithItsOwnNounOrInAnotherClauseKeepsItsOwn()
    {
        QuantityExtractor.Extract("Nine walkers were rescued; four were airlifted.").Single(x => x.Value == 4).Unit.ShouldBeNull();
        QuantityExtractor.Extract("Nine walkers and four dogs were rescued.").Single(x => x.Value == 4).Unit.ShouldBe("dogs");
    }

    [Theory]
    [InlineData("When was Ingrid Solberg born?", "Ingrid Solberg (3 May 1921 – 14 June 1990) was a Norwegian chemist.", "3 May 1921")]
    [InlineData("When did Ingrid Solberg die?", "Ingrid Solberg (3 May 1921 – 14 June 1990) was a Norwegian chemist.", "14 June 1990")]
    [InlineData("When was Tomas Vik born?", "Tomas Vik (1612–1677) was a shipwright in Bergen.", "1612")]
    [InlineData("When was Tomas Vik born?", "Tomas Vik (shipwright; born March 2, 1950) built the ferry.", "March 2, 1950")]
    [InlineData("When did Ingrid Solberg die?", "Ingrid Solberg (3 May 1921 − 14 June 1990) was a Norwegian chemist.", "14 June 1990")] // a minus sign for the dash
    public void Date_ALifespanAfterANameGivesBirthAndDeath(string question, string sentence, string expected) =>
        ReportAnswers.NearestDate(sentence, Q(question)).Text.ShouldBe(expected);

    [Theory]
    [InlineData("What sport is Lars Brekke associated with?", "Lars Brekke (born 1980) is a retired Norwegian ice hockey defenceman.", "ice hockey")]
    [InlineData("What sport is Lars Brekke associated with?", "Lars Brekke was a footballer who played for Viking.", "football")]
    [InlineData("What is the profession of Ada Quill?", "Ada Quill (1850–1921) was a Welsh poet and translator.", "poet")]
    [InlineData("What is the language of the film Skarv?", "Skarv is a 1962 Malayalam drama film directed by K. Nair.", "malayalam")]
    [InlineData("What is the genre of the album Driftwood?", "Driftwood is the second album by the Fjord Hall, a jazz quartet.", "jazz")]
    public void Category_TheAskedMemberIsReadFromThePassage(string question, string sentence, string key)
    {
        var q = Q(question);
        ReportAnswers.KindOf(q).ShouldBe(AnswerKind.Category);
        ReportAnswers.NearestMember(sentence, q).Key.ShouldBe(key);
    }

    [Fact]
    public void Category_ACapitalisedWordInsideASentenceIsAName_NotAMember()
    {
        var q = Q("What is the genre of the film Driftwood?");
        ReportAnswers.NearestMember("Driftwood was filmed at Cliff House in Skarvik.", q).Text.ShouldBeNull();
        ReportAnswers.Agree(AnswerKind.Category, "football", "american football").ShouldBeTrue();
        ReportAnswers.Agree(AnswerKind.Category, "ice hockey", "baseball").ShouldBeFalse();
    }

    [Theory]
    [InlineData("The motion passed with a majority of nine votes.", FigureMeasure.Margin)]
    [InlineData("Lindholm won the regatta by four lengths.", FigureMeasure.Margin)]
    [InlineData("The mayor led Skarvik by one vote after the recount.", FigureMeasure.Margin)]
    [InlineData("The motion got 212 votes.", FigureMeasure.Count)]
    public void Figures_AMarginIsNotACount(string sentence, FigureMeasure measure) =>
        QuantityExtractor.Extract(sentence).Single().Measure.ShouldBe(measure);

    [Fact]
    public void Figures_NumbersInWordsAreReadToTheirEnd()
    {
        QuantityExtractor.Extract("The final tally was two thousand three hundred and forty-one votes.").Single().Value.ShouldBe(2341);
        QuantityExtractor.Extract("Some seven thousand and five cars crossed.").Single().Value.ShouldBe(7005);
        QuantityExtractor.Extract("Two million people and twenty-one schools were affected.").Select(q => q.Unit).ShouldBe(["people", "schools"]);
        Q("By how many votes did the mayor win?").AskedMeasure.ShouldBe(FigureMeasure.Margin);
    }

    [Fact]
    public void Succession_NewTakesAPostOnlyRightBeforeTheName()
    {
        var q = Q("Who is the harbour master of Skarvik?");
        ReportAnswers.NearestName("Ola Brekke, harbour master of Skarvik, said he hoped to run the new port, while Lindholm crews backed their own harbour master, Ada Quill.", q)
            .Key.ShouldBe("brekke");
        AnswerLanguage.Succession().IsMatch("The board named its new harbour master, ").ShouldBeTrue();
    }

    [Fact]
    public void Name_APostIsHeldByAPerson_NotByAnOrganisationOrAPlace()
    {
        ReportAnswers.NearestName("From September the head teacher's duties pass to the Northgate Learning Centre, the council said.", Q("Who is the head teacher of Tarnby Primary?"))
            .Text.ShouldBeNull();
        ReportAnswers.NearestName("Joan Pike, the head teacher, spoke for the Northgate Learning Centre.", Q("Who is the head teacher of Tarnby Primary?"))
            .Key.ShouldBe("pike");
        ReportAnswers.NearestName("The quarry was bought in May by Bramley Holdings.", Q("Who owns the quarry?")).Text.ShouldBe("Bramley Holdings");
    }

    [Theory]
    [InlineData("Why did the number of stranded drivers go up overnight?", QuestionType.Reason)]
    [InlineData("When did the number of cases pass ten thousand?", QuestionType.Time)]
    [InlineData("What was the number of stranded drivers?", QuestionType.Quantity)]
    [InlineData("How many drivers were stranded?", QuestionType.Quantity)]
    public void Understand_TheOpeningWordsDecideBeforeANumberOfInside(string question, QuestionType type) => Q(question).Type.ShouldBe(type);

    [Theory]
    [InlineData("On what day was the ferry taken out of service?", QuestionType.Time)]
    [InlineData("By which date must the tenants leave?", QuestionType.Time)]
    [InlineData("Until what time will the bridge stay shut?", QuestionType.Time)]
    [InlineData("And when did the pool reopen?", QuestionType.Time)]
    [InlineData("Which company runs the ferry?", QuestionType.Entity)]
    [InlineData("What daily fee do visitors pay?", QuestionType.Entity)]
    public void Understand_ATimeWordAfterWhatOrWhichAsksATime(string question, QuestionType type) => Q(question).Type.ShouldBe(type);

    [Theory]
    [InlineData("The fleet grew to 48 boats, up from 31 when the scheme was announced in May.", null)]
    [InlineData("Twelve boats were reported missing overnight.", null)]
    [InlineData("The harbour master said 48 boats were out.", "The harbour master")]
    public void Attribution_APassiveReportingVerbNamesNoSource(string sentence, string? source) =>
        ReportBot.Core.Claims.AttributionFinder.Find(sentence).ShouldBe(source);

    [Theory]
    [InlineData("How far did the ferry company's shares fall after the strike?", FigureMeasure.Share)]
    [InlineData("How much have bus fares risen since January?", FigureMeasure.Share)]
    [InlineData("How much did the new pier cost?", FigureMeasure.Money)]
    [InlineData("How many ferries were cancelled?", FigureMeasure.Count)]
    public void Understand_HowFarDidItFallAsksAChange(string question, FigureMeasure measure) => Q(question).AskedMeasure.ShouldBe(measure);

    [Theory]
    [InlineData("The second ferry was bought in June from a Norwegian yard.", "June", "?-6-?")]
    [InlineData("More crews arrived between March and April, the port said.", "March and April", "?-3-?")]
    [InlineData("The pier was shut in mid-October.", "October", "?-10-?")]
    public void Date_AMonthAloneAfterAWordOfTime(string sentence, string text, string key)
    {
        var (t, k) = ReportAnswers.NearestDate(sentence, Q("When did it happen?"));
        (t, k).ShouldBe((text, key));
    }

    [Fact]
    public void Date_AMonthAloneIsNoDateWithoutAWordOfTime_AndAgreesWithAYearAlone()
    {
        ReportAnswers.NearestDate("May the ferry sail on time.", Q("When does the ferry sail?")).Text.ShouldBeNull();
        ReportAnswers.Agree(AnswerKind.Date, "?-1-?", "2024-?-?").ShouldBeTrue();
        ReportAnswers.Agree(AnswerKind.Date, "?-1-?", "?-2-?").ShouldBeFalse();
        ReportAnswers.Agree(AnswerKind.Date, "?-9-22", "1914-?-?").ShouldBeFalse();
    }

    [Fact]
    public void Days_AreReadWithMonthAndDay_NotFromADateline()
    {
        AnswerLanguage.DayOf("How full was the reservoir on Friday, Sept. 5?").ShouldBe(("sep", 5));
        AnswerLanguage.DaysIn("OSLO, May 4 (Nordic Wire) - The reservoir was 80 percent full on 9 May.").ShouldBe([("may", 9)]);
        AnswerLanguage.DaysIn("The reservoir was 80 percent full on Friday.").ShouldBeEmpty();
    }

    [Fact]
    public void RelativeClause_AfterAName_IsOpenUntilACommaClosesIt()
    {
        AnswerLanguage.RelativeClauseAfterName().Match("It is the worst since the Grey Moor Flood, which drowned about").Groups["name"].Value.ShouldBe("Grey Moor Flood");
        AnswerLanguage.RelativeClauseAfterName().IsMatch("The Grey Moor Flood, which began on Monday, drowned about").ShouldBeFalse();
    }

    [Fact]
    public void Name_InTheStatementOfThePost_NotInALaterClause()
    {
        var q = Q("Who is the acting harbour master at Pellow Quay?");
        ReportAnswers.NearestName("Mary Cole, the port's head of safety and marine services, has been acting harbour master since 2 May, when port director Tom Hale began medical leave.", q)
            .Text.ShouldBe("Mary Cole");
    }

    [Theory]
    [InlineData("The office opens today and closes on 12 June.", true)]
    [InlineData("She is head of legal and democratic services.", false)]
    [InlineData("He was acting head until 2 May, when Ann Lowe took over.", true)]
    public void Statements_AreSplitAtAndBeforeAVerbOrSubject_NotInsideAPhrase(string sentence, bool split) =>
        AnswerLanguage.CoordinateBreak().IsMatch(sentence).ShouldBe(split);

    [Fact]
    public void List_OfLines_IsItsLines_WithoutBulletsOrShortAddresses()
    {
        ReportAnswers.LinesOf("- Millbrook Library, Station Road\n- The Oakfield Hall\n- St Bede's Church").ShouldBe(["Millbrook Library", "Oakfield Hall", "St Bede's Church"]);
    }

    [Fact]
    public void List_ANameDeniedIsNotAnItem_AndContradictsOnlyAListThatGivesIt()
    {
        var q = Q("Which bridges were closed after the storm?");
        var p = ReportAnswers.SubjectAndPredicate(q).Predicate;
        ReportAnswers.ListNoun(q).ShouldBe(ReportAnswers.ItemKey("bridge"));
        var denied = ReportAnswers.DeniedItem("Holm Bridge, upstream of the town, was never closed.", p, ReportAnswers.ListNoun(q));
        denied.ShouldBe("Holm Bridge");
        ReportAnswers.DeniedItem("Holm Road, upstream of the town, was never closed.", p, ReportAnswers.ListNoun(q)).ShouldBeNull(); // not a bridge
        var not = ReportAnswers.ItemKey("not " + denied);
        ReportAnswers.Agree(AnswerKind.List, not, "holm bridge|mill bridge").ShouldBeFalse();
        ReportAnswers.Agree(AnswerKind.List, not, "mill bridge|ferry bridge").ShouldBeTrue();
    }

    [Theory]
    [InlineData("The survey reached 2,100 households in Leeds, 1,900 in York and 1,300 in Hull.", true)]
    [InlineData("The count rose from 2,100 households to 1,900 households.", false)]
    [InlineData("Some 2,100 residents left and 1,900 people were treated.", false)]
    public void Figures_ListedForOneNoun_AreParts(string sentence, bool parts)
    {
        var s = S("r", "2026-01-01", sentence);
        var figures = QuantityExtractor.Extract(sentence).Select(q => new FigureClaim(q, s, 1, "2026-01-01", null, null)).ToList();
        figures.Count.ShouldBeGreaterThan(1);
        FigureComparison.AreParts(figures).ShouldBe(parts);
    }

    [Fact]
    public void Name_HoldingThePostOfAnotherOrganisation_DoesNotAnswer()
    {
        var q = Q("Who is the head teacher of Millfield High School?");
        ReportAnswers.NearestName("Dr Ruth Lane, the current head teacher of Fernbank Academy, will be head teacher of the merged school.", q).Text.ShouldBeNull();
        ReportAnswers.NearestName("Tom Hale, the head teacher of Millfield High School, said the merger was right.", q).Text.ShouldBe("Tom Hale");
    }

    [Fact]
    public void Newer_OnlyWhenSurelyLater()
    {
        DisagreementNotes.SurelyAfter("2025-06-02", "2025-05-30").ShouldBeTrue();
        DisagreementNotes.SurelyAfter("2025-06-02", "2025").ShouldBeFalse(); // a year alone may be December
        DisagreementNotes.SurelyAfter("2025-06-02", "2025-06").ShouldBeFalse();
        DisagreementNotes.SurelyAfter("2026", "2025-12-31").ShouldBeTrue();
    }

    [Fact]
    public void List_ANameThatOpensTheSentenceIsItsFirstItem()
    {
        ReportAnswers.ListOf("Millbrook Infants, St Bede's and Oakfield Juniors were shut on Friday.").ShouldBe(["Millbrook Infants", "St Bede's", "Oakfield Juniors"]);
        ReportAnswers.ListOf("However, Leeds and York stayed open.").ShouldNotContain("However");
    }

    [Theory]
    [InlineData("Why was the ferry cancelled?", "The ferry was cancelled because of a fault in the ramp.", "a fault in the ramp")]
    [InlineData("Why was the ferry cancelled?", "The operator blamed the cancellation on gale-force winds.", "gale-force winds")]
    [InlineData("What caused the blackout?", "Engineers said a squirrel in the substation was the most likely cause.", "a squirrel in the substation")]
    [InlineData("What caused the blackout?", "Neighbours allege that a contractor's digger cut the cable and caused the blackout.", "a contractor's digger cut the cable and")]
    [InlineData("Why did the bridge close?", "The bridge closed after cracks were found in a pier.", "cracks were found in a pier")]
    [InlineData("Why was the ferry cancelled?", "The union blamed a shortage of crew for the cancelled ferry.", "a shortage of crew")]
    [InlineData("Why is the library closing?", "Critics say the real motive is money, not safety.", "money")]
    [InlineData("What caused the barges to collide?", "The inspectors found the collision was caused mainly by a skipper asleep at the wheel.", "a skipper asleep at the wheel")]
    [InlineData("Why is the bakery raising its bread prices?", "The bakery will raise bread prices by 10p a loaf from May, citing the cost of flour.", "the cost of flour")]
    [InlineData("Why did the choir's conductor resign?", "The conductor, Ines Varga, resigned last week for family reasons.", "family reasons")]
    [InlineData("Why did the choir's conductor resign?", "The conductor resigned in March for undisclosed health reasons.", "undisclosed health reasons")]
    [InlineData("On what grounds were the permits refused?", "The council refused the permits on the grounds that the site floods every winter.", "the site floods every winter")]
    [InlineData("On what grounds were the permits refused?", "Letters refusing the permits give one reason: the site floods every winter.", "the site floods every winter")]
    public void Cause_IsReadAfterOrBeforeItsCue(string question, string sentence, string cause)
    {
        var q = Q(question);
        ReportAnswers.CauseOf(sentence, q, ReportAnswers.SubjectAndPredicate(q).Predicate).Text.ShouldBe(cause);
    }

    [Theory]
    [InlineData("Why was the ferry cancelled?", "Crews worked late because the tide was high.")] // the reason of something else
    [InlineData("Why did the bridge close?", "The bridge closed after midnight.")] // a time, not a cause
    [InlineData("Why did the bridge close?", "The bridge closed on Monday, the council said.")]
    [InlineData("Why did the bridge close?", "The reason is still unclear, the council said of the bridge closure.")]
    [InlineData("Why did the choir's conductor resign?", "The conductor resigned for the second time in 2019.")] // "for" without reasons
    public void Cause_NoneIsReadWhereTheSentenceGivesNoneForWhatIsAsked(string question, string sentence)
    {
        var q = Q(question);
        ReportAnswers.CauseOf(sentence, q, ReportAnswers.SubjectAndPredicate(q).Predicate).Text.ShouldBeNull();
    }

    [Fact]
    public void Cause_TwoCausesAgreeWhenTheyShareAWord_AndADeniedCauseIsAnotherSide()
    {
        var q = Q("What caused the blackout?");
        var p = ReportAnswers.SubjectAndPredicate(q).Predicate;
        var squirrel = ReportAnswers.CauseOf("A squirrel in the substation was the most likely cause of the blackout.", q, p).Key;
        var again = ReportAnswers.CauseOf("The blackout was caused by a squirrel, the utility said.", q, p).Key;
        var denied = ReportAnswers.CauseOf("Inspectors found no evidence of a squirrel in the substation before the blackout.", q, p);
        var cable = ReportAnswers.CauseOf("The blackout was caused by a cut cable.", q, p).Key;
        ReportAnswers.Agree(AnswerKind.Reason, squirrel, again).ShouldBeTrue();
        denied.Text.ShouldBe("no evidence of a squirrel in the substation before the blackout");
        ReportAnswers.Agree(AnswerKind.Reason, squirrel, denied.Key).ShouldBeFalse();
        ReportAnswers.Agree(AnswerKind.Reason, squirrel, cable).ShouldBeFalse();
    }

    [Theory]
    [InlineData("What made the ferry passengers sick?")]
    [InlineData("What is driving the rise in rents at Osterby?")]
    [InlineData("What prompted the recall of the kettles?")]
    [InlineData("What's the main reason for the delay?")]
    [InlineData("How come the bridge is still shut?")]
    public void Cause_QuestionsThatAskWhatMadeOrDroveSomething_AskAReason(string question) =>
        Q(question).Type.ShouldBe(QuestionType.Reason);

    [Theory]
    // "put … to" moves a date; only "put … down to" gives a cause.
    [InlineData("Why has the opening of the pool been pushed back?", "The pool's opening has been put back by a year to the 2031 season.")]
    // The second "because" gives another reason of "pulling out", not a reason of the flood.
    [InlineData("What caused the flooding at the quarry?", "The firm is pulling out because it is cheaper to leave a flooded quarry idle, and because its Welsh site makes money.")]
    // A question in a report (an FAQ's) asks; it gives no cause.
    [InlineData("What caused the outage?", "Q: Was the outage caused by hackers?")]
    public void Cause_NoneIsReadFromAMovedDateAnotherCausesReasonOrAQuestion(string question, string sentence)
    {
        var q = Q(question);
        ReportAnswers.CauseOf(sentence, q, ReportAnswers.SubjectAndPredicate(q).Predicate).Text.ShouldBeNull();
    }

    [Theory]
    [InlineData("Officials dismissed claims that the outage had been caused by hackers, calling them baseless.")]
    [InlineData("Rumours that the outage was caused by hackers were denied by the utility.")]
    [InlineData("The utility has again denied reports, shared widely online, that the outage was the result of hackers.")]
    public void Cause_ACauseTheSentenceDisputes_IsReadAsDenied(string sentence)
    {
        var q = Q("What caused the outage?");
        var cause = ReportAnswers.CauseOf(sentence, q, ReportAnswers.SubjectAndPredicate(q).Predicate);
        cause.Key.ShouldBe("!" + ReportAnswers.CauseOf("The outage was caused by hackers.", q, ReportAnswers.SubjectAndPredicate(q).Predicate).Key);
        cause.Text.ShouldBe("not hackers");
    }

    [Fact]
    public void Cause_ADisputedCauseIsNoSideAgainstAnotherCause_OnlyAgainstItself()
    {
        var q = Q("What caused the outage?");
        // Each report's cause is the one it gives: the disputed one only when it gives none; a passage that attributes the
        // cause outright answers for its report below the usual floor (it says "the fault", not "the outage").
        var answers = ReportAnswers.Read(q, [
            S("a", "2026-03-01", "Officials dismissed claims that the outage had been caused by hackers."),
            S("b", "2026-03-02", "Rumours that the outage was caused by hackers were denied by the utility.", 0.95),
            S("b", "2026-03-02", "Its report attributed the fault to a worn bearing in the main transformer.", 0.36),
        ], ComparisonOptions.Default);
        answers.Single(a => a.Passage.ReportId == "b").Text.ShouldBe("a worn bearing in the main transformer");
        var comparison = AnswerComparison.Compare(AnswerKind.Reason, answers);
        comparison.Sides.Select(side => side.Text).ShouldBe(["a worn bearing in the main transformer"]);

        var gainsaid = ReportAnswers.Read(q, [
            S("a", "2026-03-01", "Officials dismissed claims that the outage had been caused by hackers."),
            S("c", "2026-03-03", "Police said the outage was caused by hackers."),
        ], ComparisonOptions.Default);
        AnswerComparison.Compare(AnswerKind.Reason, gainsaid).Sides.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("The shelter is at the community hall, 400 Fenwick Lane Rd, the county said.")]
    [InlineData("Highway 9 and Route 66 stayed closed overnight.")]
    [InlineData("6/ 16:40 - Evac point OPEN at the fairground.")]
    [InlineData("Passengers on Flight 212 were rebooked.")]
    [InlineData("Only kettles from batch codes 4410 to 4476 are affected.")]
    [InlineData("The meeting moved to Room 101 after lunch.")]
    [InlineData("Item 4: Harbour wall repairs - update from the engineers")]
    [InlineData("Sea water flooded Levels 9 and 10 overnight.")]
    [InlineData("4.2 Suspected case: a guest who stayed at the hotel, with onset of a cough.")]
    [InlineData("4. CASE DEFINITIONS\n4.2 Suspected case: a guest who stayed at the hotel.")]
    [InlineData("The fair ran between 18 and 21 August 2024.")]
    [InlineData("Trains are cancelled from 3 to 5 May.")]
    [InlineData("Platforms 3 and 4 stayed shut.")]
    public void Figures_ANumberThatNamesSomethingIsNoCount(string sentence) =>
        QuantityExtractor.Extract(sentence).ShouldBeEmpty();

    [Fact]
    public void Figures_AFigureWithTheSameNounGivenAsTheEarlierValueIsTheEarlierValue()
    {
        var figures = QuantityExtractor.Extract("The spill is now put at 240 tonnes, revised down from the 310 tonnes first reported by the owner.");
        figures.Select(f => (f.Value, f.IsPrevious)).ShouldBe([(240, false), (310, true)]);
        // Two figures of different nouns are two things, not a before and an after.
        QuantityExtractor.Extract("The ship carried 240 tonnes of fuel, up from 30 crew last year.").ShouldAllBe(f => !f.IsPrevious);
    }

    [Fact]
    public void Figures_ADecimalInsideASentenceOrADayAloneIsStillAFigure()
    {
        QuantityExtractor.Extract("The spill covered 4.2 hectares, the agency said.").Single().Value.ShouldBe(4.2);
        QuantityExtractor.Extract("Between 18 and 21 volunteers turned up each day.").Select(q => q.Value).ShouldBe([18, 21]);
    }

    [Theory]
    [InlineData("Two weeks after the quake, the port reopened.", "Two", "after")]
    [InlineData("The pier was sold 40 years ago.", "40", "ago")]
    [InlineData("Six days later the road was clear.", "Six", "later")]
    [InlineData("The gate had jammed for five days before the storm.", "five", "before")]
    public void Durations_AStretchMeasuredFromAnotherEvent_IsKnownByTheWordAfterIt(string sentence, string figure, string word)
    {
        var end = sentence.IndexOf(figure, StringComparison.Ordinal) + figure.Length;
        AnswerLanguage.ElapsedAfter().Match(sentence, end).Groups["w"].Value.ShouldBe(word);
    }

    [Fact]
    public void Durations_AStretchOfItsOwn_IsNotMeasuredFromAnything()
    {
        const string sentence = "Repairs will take 30 weeks in total, the engineers said.";
        AnswerLanguage.ElapsedAfter().IsMatch(sentence, sentence.IndexOf("30", StringComparison.Ordinal) + 2).ShouldBeFalse();
    }

    [Fact]
    public void Figures_ALowerCaseLevelOrRoomBeforeAFigureIsNoName() =>
        QuantityExtractor.Extract("The river reached a level 3 metres above normal.").Single().Value.ShouldBe(3);

    [Fact]
    public void Figures_AShortUnitIsComparedAsItsWord_AndShownAsWritten()
    {
        var q = QuantityExtractor.Extract("Fire now ~400 ac and spotting ahead.").Single();
        (q.Unit, q.UnitStem).ShouldBe(("ac", QuantityExtractor.Extract("It burned 400 acres.").Single().UnitStem));
        QuantityExtractor.Extract("About 400 people lined Fenwick Road.").Single().Value.ShouldBe(400);
    }

    [Fact]
    public void Figures_AProductCodeIsNotTheCountedNoun_AndAddingIsAnIncrement()
    {
        var q = QuantityExtractor.Extract("The recall adds about 9,000 XR-220 chargers sold in Ireland.").Single();
        (q.Unit, q.IsIncrement).ShouldBe(("chargers", true));
        QuantityExtractor.Extract("Engineers logged two pre-launch KT-90 kettles failing.").Single().Unit.ShouldBe("kettles");
        // "… was also taken": a thing in addition to those counted before.
        QuantityExtractor.Extract("A silver clock, valued at £40,000, was also taken from the hall.").Single().IsIncrement.ShouldBeTrue();
        QuantityExtractor.Extract("About 60 volunteers were also drafted in on Sunday.").Single().IsIncrement.ShouldBeTrue();
        QuantityExtractor.Extract("The depot employs 500 people and also runs a training school.").Single().IsIncrement.ShouldBeFalse();
    }

    [Theory]
    [InlineData("The cost of the bypass has risen by £12 million to £80 million.", 12_000_000, true)]
    [InlineData("The cost of the bypass has risen by £12 million to £80 million.", 80_000_000, false)]
    [InlineData("The ferry's crew grew by about 40 over the summer, to 310.", 40, true)]
    [InlineData("The bill is now £80 million, an increase of £12 million on the budget.", 12_000_000, true)]
    [InlineData("The bill is now £80 million, an increase of £12 million on the budget.", 80_000_000, false)]
    [InlineData("The crew was cut by 40 over the winter.", 40, false)]
    public void Figures_ARiseByAnAmount_IsAnAdditionToAnEarlierFigure_NotTheFigure(string sentence, double value, bool increment) =>
        QuantityExtractor.Extract(sentence).Single(q => q.Value == value).IsIncrement.ShouldBe(increment);

    [Theory]
    [InlineData("The pier closed because the pilings had rotted.", true)]
    [InlineData("Crews blamed the outage on a failed transformer.", true)]
    [InlineData("The fields were swapped, so that correct dates looked wrong.", true)]
    [InlineData("The pier closed on Monday.", false)]
    public void Why_ASentenceGivingAReason(string sentence, bool gives) => AnswerLanguage.CausalLink().IsMatch(sentence).ShouldBe(gives);

    [Theory]
    [InlineData("Viewers get 20% off their first order with the code FERRY20.", true)]
    [InlineData("This episode is brought to you by Skarv Outdoor.", true)]
    [InlineData("The code of conduct was brought in by the council.", false)]
    [InlineData("The ferry company cut fares by 20% for islanders.", false)]
    public void Furniture_ASponsorsReadInsideAReport(string sentence, bool furniture) => AnswerLanguage.SponsorRead().IsMatch(sentence).ShouldBe(furniture);

    [Theory]
    [InlineData("Owners should call 0800 555 0199 for a free collection.")]
    [InlineData("Tel: +47 (0)22 555 0100")]
    [InlineData("For bookings call (555) 014-2290 before noon.")]
    [InlineData("Harbour office Fax ( 4 ) 7713902 Email enquiries welcome")]
    [InlineData("The ruling is reported as Case No. 2026/HC/3318.")]
    [InlineData("Section 4.2 of the harbour bylaws covers moorings.")]
    public void Figures_PhoneNumbersReferencesAndSectionsAreNoCounts(string sentence) =>
        QuantityExtractor.Extract(sentence).ShouldBeEmpty();

    [Fact]
    public void Figures_ARowOfATableIsFigures_NotAPhoneNumber() =>
        QuantityExtractor.Extract("Skarvik Town 237 240 311 302 303").Select(q => q.Value).ShouldBe([237, 240, 311, 302, 303]);

    [Fact]
    public void Date_TheDateInTheClauseOfWhatIsAsked_BeforeANearerOneInAnotherClause() =>
        ReportAnswers.NearestDate("The ferry, laid up since 12 January, returned on 4 March.", Q("When did the ferry return?")).Text.ShouldBe("4 March");

    [Theory]
    [InlineData("The harbour master of Skarvik is Dr. Ada Quill-Berg, the port said.", "Dr. Ada Quill-Berg", "quill-berg")]
    [InlineData("The harbour master of Skarvik is Sean O'Neill.", "Sean O'Neill", "o'neill")]
    [InlineData("Skarvik's harbour master, Mary McDonald, said the pier was safe.", "Mary McDonald", "mcdonald")]
    [InlineData("ADA QUILL (harbour master, Skarvik): The pier is safe.", "ADA QUILL", "quill")]
    public void Name_HyphensApostrophesAndASpeakersLabel(string sentence, string text, string key)
    {
        var (t, k) = ReportAnswers.NearestName(sentence, Q("Who is the harbour master of Skarvik?"));
        (t, k).ShouldBe((text, key));
    }

    [Fact]
    public void Date_ADateGivenToAnotherVerbOfTheSentence_DoesNotAnswer()
    {
        var q = Q("When was the harbour agreement signed?");
        ReportAnswers.NearestDate("Both councils announced the new ferry timetable in April, citing the recently signed harbour agreement.", q).Text.ShouldBeNull();
        ReportAnswers.NearestDate("The harbour agreement was signed, the council said, on 4 March.", q).Text.ShouldBe("4 March");
    }

    [Fact]
    public void Figures_AnEmergencyNumberIsNoCount_AndLostTheirLivesIsDied()
    {
        QuantityExtractor.Extract("Flames were seen minutes before the first 999 call.").ShouldBeEmpty();
        QuantityExtractor.Extract("The coastguard took 300 calls overnight.").Single().Value.ShouldBe(300);
        Q("How many sailors lost their lives in the storm?").Verb.ShouldBe("died");
    }
}
