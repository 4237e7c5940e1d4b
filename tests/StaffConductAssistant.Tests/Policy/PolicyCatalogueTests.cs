using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Policy;

public class PolicyCatalogueTests
{
    private const string InappropriateHeading = "Please note, the school considers the following WhatsApp activity inappropriate:";
    private const string RepeatedBullet = "Using social media to publicly challenge school policies or discuss issues about individual children;";

    private static readonly string ShippedFolder = Path.Combine(TestPaths.RepositoryRoot, "src", "StaffConductAssistant", "Policy");
    private static readonly string CatalogueJson = File.ReadAllText(Path.Combine(ShippedFolder, PolicyCatalogue.CatalogueFileName));
    private static readonly string PolicyText = File.ReadAllText(TestPaths.SharedPolicyText);

    private static PolicyCatalogue Catalogue => PolicyCatalogue.Parse(CatalogueJson, PolicyText);

    [Fact]
    public void A_quote_cites_a_heading_that_names_a_part_of_the_policy_but_not_a_list_lead_in()
    {
        var catalogue = Catalogue;
        var inappropriate = catalogue.Conduct.Where(k => k.Heading.StartsWith("Please note", StringComparison.Ordinal)).ToList();
        var code = catalogue.Conduct.Where(k => k.Heading == "Code of Conduct").ToList();

        Assert.NotEmpty(inappropriate);
        Assert.All(inappropriate, k => Assert.Null(k.CitedHeading));
        Assert.NotEmpty(code);
        Assert.All(code, k => Assert.Equal("Code of Conduct", k.CitedHeading));
        Assert.All(catalogue.Responses.Where(r => r.Heading == "Raising Concerns"), r => Assert.Equal("Raising Concerns", r.CitedHeading));
    }

    [Fact]
    public void The_shipped_policy_is_byte_for_byte_the_schools_policy()
    {
        Assert.Equal(
            File.ReadAllBytes(TestPaths.SharedPolicyText),
            File.ReadAllBytes(Path.Combine(ShippedFolder, PolicyCatalogue.PolicyFileName)));
    }

    [Fact]
    public void The_catalogue_loads_from_the_build_output_as_the_app_does_at_start()
    {
        var catalogue = PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy"));

        Assert.Equal(Catalogue.Conduct.Select(c => (c.Id, c.Quote)), catalogue.Conduct.Select(c => (c.Id, c.Quote)));
        Assert.Equal(Catalogue.Responses, catalogue.Responses);
    }

    [Fact]
    public void Loading_from_a_folder_without_the_files_fails_with_a_clear_message()
    {
        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "no-such-folder")));

        Assert.Contains(PolicyCatalogue.CatalogueFileName, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grievances-about-people")]
    [InlineData("disrespectful-messages")]
    [InlineData("political-opinions")]
    [InlineData("private-conversations")]
    [InlineData("bullying")]
    [InlineData("inviting-non-parents")]
    [InlineData("cultural-insensitivity")]
    [InlineData("screenshot-of-teacher-messages")]
    [InlineData("commercial-campaign-appeal-links")]
    [InlineData("abusive-personal-comments")]
    [InlineData("anger-swearing-offensive-language")]
    [InlineData("bringing-school-into-disrepute")]
    [InlineData("aggressive-defamatory-libellous")]
    [InlineData("challenging-policies-or-discussing-children")]
    [InlineData("abusive-emails")]
    [InlineData("threatening-behaviour")]
    public void Every_kind_of_conduct_the_issue_names_is_in_the_catalogue_with_a_label_and_heading(string id)
    {
        var kind = Catalogue.FindConduct(id);

        Assert.NotNull(kind);
        Assert.False(string.IsNullOrWhiteSpace(kind.Label));
        Assert.Contains(kind.Heading, new[] { "Code of Conduct", InappropriateHeading });
        Assert.NotEmpty(kind.Cues);
    }

    [Fact]
    public void Every_bullet_the_policy_calls_inappropriate_has_an_entry()
    {
        var bullets = BulletsUnder(InappropriateHeading);

        Assert.Equal(8, bullets.Count);
        foreach (var bullet in bullets)
        {
            Assert.Contains(Catalogue.Conduct, c => c.Quote == bullet && c.Heading == InappropriateHeading);
        }
    }

    [Fact]
    public void The_repeated_bullet_has_one_entry()
    {
        Assert.Equal(2, BulletsUnder(InappropriateHeading).Count(b => b == RepeatedBullet));
        Assert.Single(Catalogue.Conduct, c => c.Quote == RepeatedBullet);
    }

    [Fact]
    public void Every_response_the_policy_allows_is_in_the_catalogue()
    {
        Assert.Equal(ResponseIds.All.Order(), Catalogue.Responses.Select(r => r.Id).Order());
        Assert.Contains("criminal behaviour", Catalogue.GetResponse(ResponseIds.Authorities).AppliesWhen, StringComparison.Ordinal);
        Assert.Contains("libellous or slanderous", Catalogue.GetResponse(ResponseIds.LegalAdvice).AppliesWhen, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_removal_from_the_group_is_something_the_school_can_only_ask_for()
    {
        Assert.Equal([ResponseIds.AskModeratorRemoval], Catalogue.Responses.Where(r => r.SchoolCanOnlyAsk).Select(r => r.Id));
        Assert.Contains("prerogative of that group's moderator", Catalogue.GetResponse(ResponseIds.AskModeratorRemoval).Quote, StringComparison.Ordinal);
    }

    [Fact]
    public void The_decision_and_proportionality_quotes_are_the_policys_words()
    {
        Assert.Equal("The final decision for how to respond to breaches of the code of conduct rests with the Headmistress.", Catalogue.DecisionQuote);
        Assert.Equal("The school will always respond to an incident in a proportional way.", Catalogue.ProportionalityQuote);
    }

    [Fact]
    public void Quotes_are_checked_word_for_word_forgiving_only_whitespace()
    {
        var spaced = CatalogueJson.Replace("Bringing the school into disrepute;", "Bringing  the school\\n into disrepute;", StringComparison.Ordinal);

        Assert.NotNull(PolicyCatalogue.Parse(spaced, PolicyText).FindConduct("bringing-school-into-disrepute"));
    }

    [Fact]
    public void A_tampered_quote_stops_start_up_with_a_message_naming_the_entry()
    {
        var tampered = CatalogueJson.Replace("Bringing the school into disrepute;", "Bringing the school into serious disrepute;", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(tampered, PolicyText));

        Assert.Contains("'bringing-school-into-disrepute'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not found word for word in the policy text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_policy_text_stops_start_up_naming_the_entry_it_breaks()
    {
        var edited = PolicyText.Replace("Send a cautionary notice to the parent;", "Send a warning letter to the parent;", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(CatalogueJson, edited));

        Assert.Contains("'cautionary-notice'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quote_under_the_wrong_heading_stops_start_up()
    {
        var moved = CatalogueJson.Replace(
            "\"heading\": \"Raising Concerns\",\n      \"quote\": \"Send a cautionary notice",
            "\"heading\": \"Code of Conduct\",\n      \"quote\": \"Send a cautionary notice",
            StringComparison.Ordinal);
        var misplaced = moved.Replace(
            "\"heading\": \"Code of Conduct\",\n      \"quote\": \"The group should never",
            "\"heading\": \"Raising Concerns\",\n      \"quote\": \"The group should never",
            StringComparison.Ordinal);
        Assert.NotEqual(moved, misplaced);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(misplaced, PolicyText));

        Assert.Contains("'grievances-about-people'", error.Message, StringComparison.Ordinal);
        Assert.Contains("not under the heading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_heading_stops_start_up()
    {
        var renamed = CatalogueJson.Replace("\"heading\": \"Code of Conduct\"", "\"heading\": \"Rules\"", StringComparison.Ordinal);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(renamed, PolicyText));

        Assert.Contains("heading \"Rules\" was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_entries_for_the_same_bullet_stop_start_up()
    {
        var duplicated = CatalogueJson.Replace(
            "Emails circulated or sent directly with abusive or personal comments about staff or pupils;",
            RepeatedBullet,
            StringComparison.Ordinal);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(duplicated, PolicyText));

        Assert.Contains("'abusive-emails'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"id\": \"bullying\"", "\"id\": \"threatening-behaviour\"", "used by more than one entry")]
    [InlineData("\"id\": \"bullying\"", "\"id\": \"Bullying\"", "not kebab-case")]
    [InlineData("\"severity\": \"severe\"", "\"severity\": \"extreme\"", "use low, moderate, high or severe")]
    [InlineData("\"flags\": [\"concernsChild\"]", "\"flags\": [\"child\"]", "has flag 'child'")]
    [InlineData("\"id\": \"site-ban\"", "\"id\": \"exclusion\"", "'site-ban'")]
    [InlineData("\"bully\", ", "\"Bully\", ", "cues must be lowercase")]
    [InlineData("\"conduct\": [", "\"conduct\": [[", "not valid JSON")]
    public void Malformed_catalogue_data_stops_start_up_with_a_clear_message(string find, string replace, string expected)
    {
        var broken = CatalogueJson.Replace(find, replace, StringComparison.Ordinal);
        Assert.NotEqual(CatalogueJson, broken);

        var error = Assert.Throws<PolicyCatalogueException>(() => PolicyCatalogue.Parse(broken, PolicyText));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("He said the teacher had better watch your back when she leaves tonight.", "threatening-behaviour")]
    [InlineData("She keeps posting her discount code for her skincare range.", "commercial-campaign-appeal-links")]
    [InlineData("He posted a screenshot of the message from the teacher about his son.", "screenshot-of-teacher-messages")]
    [InlineData("They were arguing about who to vote for in the election.", "political-opinions")]
    [InlineData("A few mums have been ganging up on one girl and saying nobody should play with her.", "bullying")]
    [InlineData("He called the teacher useless and incompetent.", "abusive-personal-comments")]
    [InlineData("She said she\u2019ll go to the local paper and leave a one-star review.", "bringing-school-into-disrepute")]
    public void Cues_in_a_report_suggest_the_conduct(string text, string expectedId)
    {
        Assert.Contains(Catalogue.SuggestConduct(text), s => s.Conduct.Id == expectedId);
    }

    [Fact]
    public void Cues_match_whole_words_and_an_ordinary_message_suggests_nothing()
    {
        Assert.Empty(Catalogue.SuggestConduct("Has anyone handed in a navy PE bag? Thanks, she is devoted to netball."));
    }

    private static List<string> BulletsUnder(string heading)
    {
        var lines = PolicyText.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).ToList();
        return lines
            .Skip(lines.IndexOf(heading) + 1)
            .SkipWhile(l => l.Length == 0)
            .TakeWhile(l => l.StartsWith("- ", StringComparison.Ordinal))
            .Select(l => l[2..])
            .ToList();
    }
}
