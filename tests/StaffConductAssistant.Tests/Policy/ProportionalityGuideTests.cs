using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Policy;

public class ProportionalityGuideTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private static readonly PolicyCatalogue Catalogue = PolicyCatalogue.Parse(
        File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant", "Policy", PolicyCatalogue.CatalogueFileName)),
        File.ReadAllText(TestPaths.SharedPolicyText));

    private static Guidance Assess(
        string[] conduct,
        bool childAtRisk = false,
        EarlierCase[]? history = null,
        EarlierCase[]? similar = null) =>
        ProportionalityGuide.Assess(Catalogue, new GuidanceRequest(conduct, childAtRisk, history ?? [], similar ?? [], Now));

    private static EarlierCase Earlier(string id, int daysAgo, string conduct, EarlierOutcome outcome, params string[] responses) =>
        new(id, Now.AddDays(-daysAgo), [conduct], outcome, responses);

    private static string First(Guidance guidance) => guidance.RankedOptions[0].Option.Id;

    [Fact]
    public void A_first_low_incident_ranks_speaking_to_the_parent_first()
    {
        var guidance = Assess(["political-opinions"]);

        Assert.Equal(ResponseIds.SpeakToParent, First(guidance));
        Assert.Equal(Severity.Low, guidance.OverallSeverity);
        Assert.Empty(guidance.Flags);
        Assert.False(guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.SiteBan).Indicated);
        Assert.Equal("No earlier concerns about this parent.", guidance.HistorySummary);
    }

    [Fact]
    public void Every_option_is_ranked_once_with_a_reason()
    {
        var guidance = Assess(["abusive-personal-comments"]);

        Assert.Equal(ResponseIds.All.Order(), guidance.RankedOptions.Select(o => o.Option.Id).Order());
        Assert.Equal(Enumerable.Range(1, ResponseIds.All.Count), guidance.RankedOptions.Select(o => o.Rank));
        Assert.All(guidance.RankedOptions, o => Assert.False(string.IsNullOrWhiteSpace(o.Reason)));
        Assert.True(guidance.RankedOptions.SkipWhile(o => o.Indicated).All(o => !o.Indicated));
    }

    [Fact]
    public void A_repeat_incident_after_a_cautionary_notice_ranks_the_meeting_first()
    {
        var guidance = Assess(
            ["abusive-personal-comments"],
            history: [Earlier("C-12", 90, "grievances-about-people", EarlierOutcome.ActionsTaken, ResponseIds.SpeakToParent, ResponseIds.CautionaryNotice)]);

        Assert.Equal(ResponseIds.Meeting, First(guidance));
        Assert.Contains("Send a cautionary notice", guidance.RankedOptions[0].Reason, StringComparison.Ordinal);
        Assert.Equal(Severity.High, guidance.OverallSeverity);
        Assert.True(guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.AskModeratorRemoval).Indicated);
        Assert.Contains("1 earlier concern(s)", guidance.HistorySummary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeat_low_incident_after_speaking_to_the_parent_ranks_the_cautionary_notice_first()
    {
        var guidance = Assess(
            ["commercial-campaign-appeal-links"],
            history: [Earlier("C-3", 60, "commercial-campaign-appeal-links", EarlierOutcome.ActionsTaken, ResponseIds.SpeakToParent)]);

        Assert.Equal(ResponseIds.CautionaryNotice, First(guidance));
    }

    [Fact]
    public void Incidents_older_than_twelve_months_do_not_escalate()
    {
        var guidance = Assess(
            ["political-opinions"],
            history: [Earlier("C-1", 400, "political-opinions", EarlierOutcome.ActionsTaken, ResponseIds.CautionaryNotice)]);

        Assert.Equal(ResponseIds.SpeakToParent, First(guidance));
        Assert.Contains("older concern(s) are not counted", guidance.HistorySummary, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_or_withdrawn_earlier_concerns_do_not_count_against_the_parent()
    {
        var guidance = Assess(
            ["political-opinions"],
            history:
            [
                Earlier("C-1", 30, "political-opinions", EarlierOutcome.Rejected),
                Earlier("C-2", 20, "political-opinions", EarlierOutcome.Withdrawn),
            ]);

        Assert.Equal(ResponseIds.SpeakToParent, First(guidance));
    }

    [Fact]
    public void Repeated_serious_conduct_after_a_meeting_makes_a_site_ban_proportionate()
    {
        var guidance = Assess(
            ["bringing-school-into-disrepute"],
            history: [Earlier("C-7", 100, "abusive-personal-comments", EarlierOutcome.ActionsTaken, ResponseIds.Meeting)]);

        Assert.Equal(ResponseIds.SiteBan, First(guidance));
        Assert.True(guidance.RankedOptions[0].Indicated);
    }

    [Fact]
    public void Threats_point_to_the_authorities()
    {
        var guidance = Assess(["threatening-behaviour", "anger-swearing-offensive-language"]);

        Assert.Equal(ResponseIds.Authorities, First(guidance));
        var flag = Assert.Single(guidance.Flags, f => f.Kind == GuidanceFlagKind.ContactAuthorities);
        Assert.Contains("Contact the appropriate authorities (in cases of criminal behaviour);", flag.Message, StringComparison.Ordinal);
        Assert.True(guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.SiteBan).Indicated);
        Assert.Equal(Severity.Severe, guidance.OverallSeverity);
    }

    [Fact]
    public void Possibly_defamatory_statements_point_to_legal_advice()
    {
        var guidance = Assess(["aggressive-defamatory-libellous"]);

        Assert.Single(guidance.Flags, f => f.Kind == GuidanceFlagKind.SeekLegalAdvice);
        var legal = guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.LegalAdvice);
        Assert.True(legal.Indicated);
        Assert.True(legal.Rank <= 2);
        Assert.DoesNotContain(guidance.Flags, f => f.Kind == GuidanceFlagKind.ContactAuthorities);
    }

    [Fact]
    public void A_named_child_tells_staff_to_follow_safeguarding_and_inform_the_DSL()
    {
        var guidance = Assess(["screenshot-of-teacher-messages"], childAtRisk: true);

        var flag = Assert.Single(guidance.Flags);
        Assert.Equal(GuidanceFlagKind.Safeguarding, flag.Kind);
        Assert.Contains("safeguarding procedure", flag.Message, StringComparison.Ordinal);
        Assert.Contains("Designated Safeguarding Lead", flag.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conduct_about_individual_children_raises_safeguarding_even_if_not_ticked()
    {
        var guidance = Assess(["challenging-policies-or-discussing-children"]);

        Assert.Contains(guidance.Flags, f => f.Kind == GuidanceFlagKind.Safeguarding);
    }

    [Fact]
    public void Precedents_list_other_cases_with_the_same_conduct_and_their_outcomes()
    {
        var guidance = Assess(
            ["commercial-campaign-appeal-links"],
            similar:
            [
                Earlier("C-20", 200, "commercial-campaign-appeal-links", EarlierOutcome.ActionsTaken, ResponseIds.SpeakToParent, ResponseIds.AskModeratorRemoval),
                Earlier("C-21", 50, "political-opinions", EarlierOutcome.ActionsTaken, ResponseIds.CautionaryNotice),
                Earlier("C-22", 10, "commercial-campaign-appeal-links", EarlierOutcome.NoAction),
            ]);

        Assert.Equal(["C-22", "C-20"], guidance.Precedents.Select(p => p.CaseId));
        Assert.Contains("no action taken", guidance.Precedents[0].Summary, StringComparison.Ordinal);
        Assert.Contains("Ask the group's moderator", guidance.Precedents[1].Summary, StringComparison.Ordinal);
        Assert.Equal(["commercial-campaign-appeal-links"], guidance.Precedents[1].SharedConductIds);
    }

    [Fact]
    public void The_guidance_always_says_the_decision_is_the_Headmistresss()
    {
        foreach (var conduct in Catalogue.Conduct)
        {
            var guidance = Assess([conduct.Id]);

            Assert.Contains("The final decision for how to respond to breaches of the code of conduct rests with the Headmistress.", guidance.DecisionNote, StringComparison.Ordinal);
            Assert.Contains("proportional way", guidance.DecisionNote, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Removal_from_the_group_is_always_phrased_as_a_request_to_the_moderator()
    {
        foreach (var conduct in Catalogue.Conduct)
        {
            var option = Assess([conduct.Id]).RankedOptions.Single(o => o.Option.Id == ResponseIds.AskModeratorRemoval);

            Assert.True(option.Option.SchoolCanOnlyAsk);
            Assert.Contains("moderator", option.Reason, StringComparison.Ordinal);
            Assert.Contains("prerogative", option.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void At_most_three_options_are_recommended_even_for_a_repeated_threat_that_may_be_defamatory()
    {
        // The worst case: every reason to recommend something at once (crime, defamation, a repeat after a meeting).
        var guidance = Assess(
            ["threatening-behaviour", "aggressive-defamatory-libellous"],
            history: [Earlier("C-7", 100, "abusive-personal-comments", EarlierOutcome.ActionsTaken, ResponseIds.Meeting)]);

        var recommended = guidance.RankedOptions.Where(o => o.Indicated).Select(o => o.Option.Id).ToList();
        Assert.Equal([ResponseIds.Authorities, ResponseIds.SiteBan, ResponseIds.LegalAdvice], recommended);
        Assert.False(guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.SpeakToParent).Indicated);
    }

    [Fact]
    public void Every_kind_of_conduct_gets_one_to_three_recommendations()
    {
        EarlierCase[][] histories =
        [
            [],
            [Earlier("C-1", 30, "political-opinions", EarlierOutcome.ActionsTaken, ResponseIds.CautionaryNotice)],
            [Earlier("C-2", 30, "political-opinions", EarlierOutcome.ActionsTaken, ResponseIds.Meeting)],
        ];
        foreach (var conduct in Catalogue.Conduct)
        {
            foreach (var history in histories)
            {
                var count = Assess([conduct.Id], history: history).RankedOptions.Count(o => o.Indicated);
                Assert.InRange(count, 1, ProportionalityGuide.MaxRecommended);
            }
        }
    }

    [Fact]
    public void A_milder_rung_is_possible_not_recommended()
    {
        // A meeting for a repeat: the cautionary notice below it is listed as a milder alternative, not suggested.
        var guidance = Assess(
            ["abusive-personal-comments"],
            history: [Earlier("C-12", 90, "grievances-about-people", EarlierOutcome.ActionsTaken, ResponseIds.CautionaryNotice)]);

        var caution = guidance.RankedOptions.Single(o => o.Option.Id == ResponseIds.CautionaryNotice);
        Assert.False(caution.Indicated);
        Assert.Contains("milder alternative", caution.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_conduct_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Assess(["not-in-the-policy"]));
    }

    [Fact]
    public void The_same_request_gives_the_same_guidance()
    {
        var history = new[] { Earlier("C-1", 30, "bullying", EarlierOutcome.ActionsTaken, ResponseIds.CautionaryNotice) };

        var first = Assess(["bullying"], history: history);
        var second = Assess(["bullying"], history: history);

        Assert.Equal(first.RankedOptions, second.RankedOptions);
        Assert.Equal(first.Flags, second.Flags);
    }
}
