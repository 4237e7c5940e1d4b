using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Tests.Subjects;

/// <summary>Issue 11: third parties hidden in what a parent is sent, pure.</summary>
public sealed class RedactorTests
{
    private static Redactor For(params RedactionTerm[] terms) => new(terms, ["Daniel Price", "Dan Price"], ["daniel@example.org"]);

    [Fact]
    public void Other_parents_children_and_staff_are_hidden_and_the_subject_is_not()
    {
        var redactor = For(
            new("Hannah Okafor", RedactionCategory.OtherParent),
            new("Tobias Price", RedactionCategory.Child),
            new("Mrs Smith", RedactionCategory.Staff));

        var text = redactor.Redact("Daniel Price wrote that hannah  okafor lies, that Tobias Price cries and Mrs Smith is useless. Hannah agreed; Tobias too.");

        Assert.Equal("Daniel Price wrote that [another parent 1] lies, that [a child 1] cries and [a member of staff 1] is useless. [another parent 1] agreed; [a child 1] too.", text);
        Assert.Equal([("Hannah Okafor", 2), ("Tobias Price", 2), ("Mrs Smith", 1)], redactor.Redactions.Select(r => (r.Label, r.Count)));
    }

    [Fact]
    public void A_name_word_that_is_an_ordinary_word_in_lower_case_is_kept()
    {
        var redactor = For(new RedactionTerm("Will Turner", RedactionCategory.Staff));

        Assert.Equal("I will speak to [a member of staff 1].", redactor.Redact("I will speak to Will."));
    }

    [Fact]
    public void Email_addresses_other_than_the_subjects_are_hidden()
    {
        var redactor = For();

        var text = redactor.Redact("From hannah.okafor@mail.example.com to Daniel@Example.org");

        Assert.Equal("From [an email address 1] to Daniel@Example.org", text);
    }

    [Fact]
    public void A_name_shown_by_SLT_is_left_in_and_the_others_are_still_hidden()
    {
        var redactor = For(new RedactionTerm("Hannah Okafor", RedactionCategory.OtherParent), new("Tobias", RedactionCategory.Child));
        redactor.Redact("Hannah Okafor and Tobias");
        var hannah = redactor.Redactions.Single(r => r.Label == "Hannah Okafor").Key;

        var text = redactor.Redact("Hannah Okafor and Tobias", new HashSet<string> { hannah });

        Assert.Equal("Hannah Okafor and [a child 1]", text);
    }

    [Fact]
    public void The_same_name_has_the_same_key_every_time()
    {
        var a = For(new RedactionTerm("Hannah Okafor", RedactionCategory.OtherParent));
        var b = For(new RedactionTerm("hannah okafor", RedactionCategory.OtherParent));
        a.Redact("Hannah Okafor");
        b.Redact("Hannah Okafor");

        Assert.Equal(a.Redactions.Single().Key, b.Redactions.Single().Key);
    }

    [Fact]
    public void The_subjects_own_name_given_as_a_term_is_never_hidden()
    {
        var redactor = For(new RedactionTerm("Dan Price", RedactionCategory.OtherParent));

        Assert.Equal("Dan Price said", redactor.Redact("Dan Price said"));
    }
}
