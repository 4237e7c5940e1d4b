using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Tests.Subjects;

/// <summary>Issue 11: the typed name to a parent record, pure: short forms, several people, which match links by itself.</summary>
public sealed class ParentMatcherTests
{
    private static readonly ParentCandidate DanielSmithYear4 = new(1, "Daniel Smith", [], null, ["Year 4"]);
    private static readonly ParentCandidate DanielSmithYear6 = new(2, "Daniel Smith", [], null, ["Year 6"]);
    private static readonly ParentCandidate SarahSmithYear4 = new(3, "Sarah Smith", [], "sarah@example.org", ["Year 4"]);

    [Theory]
    [InlineData("dan", "daniel")]
    [InlineData("Steve", "Stephen")]
    [InlineData("steven", "stephen")]
    [InlineData("kate", "catherine")]
    [InlineData("sam", "samantha")]
    [InlineData("liz", "elizabeth")]
    public void A_short_form_of_a_first_name_is_the_same_first_name(string a, string b)
    {
        Assert.True(ParentNames.SameFirstName(a.ToLowerInvariant(), b.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("dan", "david")]
    [InlineData("sarah", "sam")]
    [InlineData("jo", "john")]
    [InlineData("imran", "steve")]
    public void Different_first_names_are_not_the_same(string a, string b)
    {
        Assert.False(ParentNames.SameFirstName(a, b));
    }

    [Theory]
    [InlineData("Steve Rowe and Imran Malik", 2)]
    [InlineData("Steve Rowe & Imran Malik", 2)]
    [InlineData("Steve Rowe, Imran Malik and Kelly Dawson", 3)]
    [InlineData("Mr and Mrs Barnes", 2)]
    public void A_text_that_names_several_people_is_seen_as_several(string text, int people)
    {
        Assert.True(ParentNames.NamesSeveral(text));
        Assert.Equal(people, ParentNames.Split(text).Count);
    }

    [Theory]
    [InlineData("Daniel Smith")]
    [InlineData("Mary-Jane O'Brien")]
    [InlineData("Andrea Anderson")]
    [InlineData("Brandon Orr")]
    public void One_persons_name_is_one_person(string text)
    {
        Assert.False(ParentNames.NamesSeveral(text));
    }

    [Fact]
    public void The_same_name_in_the_same_group_links_by_itself()
    {
        var match = ParentMatcher.Match("daniel  SMITH", "Year 4", null, [DanielSmithYear4, DanielSmithYear6, SarahSmithYear4]);

        Assert.Equal(1, match.Automatic?.Id);
        Assert.Equal([MatchReason.SameNameSameGroup, MatchReason.SameNameOtherGroup], match.Suggestions.Select(s => s.Reason));
    }

    [Fact]
    public void A_short_form_in_the_same_group_is_offered_but_never_linked_by_itself()
    {
        var match = ParentMatcher.Match("Dan Smith", "Year 4", null, [DanielSmithYear4, DanielSmithYear6, SarahSmithYear4]);

        Assert.Null(match.Automatic);
        var only = Assert.Single(match.Suggestions);
        Assert.Equal((1, MatchReason.ShortFormSameGroup), (only.Parent.Id, only.Reason));
    }

    [Fact]
    public void A_namesake_in_another_group_is_offered_but_never_linked_by_itself()
    {
        var match = ParentMatcher.Match("Daniel Smith", "Year 1", null, [DanielSmithYear4]);

        Assert.Null(match.Automatic);
        Assert.Equal(MatchReason.SameNameOtherGroup, Assert.Single(match.Suggestions).Reason);
    }

    [Fact]
    public void The_same_email_links_whatever_the_name()
    {
        var match = ParentMatcher.Match("S. Smith", "Year 5", " Sarah@Example.org ", [DanielSmithYear4, SarahSmithYear4]);

        Assert.Equal(3, match.Automatic?.Id);
    }

    [Fact]
    public void Two_records_with_the_same_name_in_the_same_group_are_offered_and_neither_is_chosen()
    {
        var twin = DanielSmithYear4 with { Id = 9 };

        var match = ParentMatcher.Match("Daniel Smith", "Year 4", null, [DanielSmithYear4, twin]);

        Assert.Null(match.Automatic);
        Assert.Equal(2, match.Suggestions.Count);
    }

    [Fact]
    public void Another_name_the_parent_is_known_by_matches_too()
    {
        var known = DanielSmithYear4 with { OtherNames = ["Danny Smith"] };

        var match = ParentMatcher.Match("Danny Smith", "Year 4", null, [known]);

        Assert.Equal(1, match.Automatic?.Id);
    }

    [Fact]
    public void A_different_first_name_with_the_same_surname_is_not_offered()
    {
        var match = ParentMatcher.Match("David Smith", "Year 4", null, [DanielSmithYear4, SarahSmithYear4]);

        Assert.Empty(match.Suggestions);
    }
}
