using StaffConductAssistant.Email;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Email;

public class SampleEmailTests
{
    private static EmailDraft Draft(string file)
    {
        using var stream = File.OpenRead(Path.Combine(TestPaths.SampleEmails, file));
        return ConcernExtractor.Extract(EmailReader.Read(stream), TestCues.Context);
    }

    [Fact]
    public void Staff_criticism_in_year_4_is_prefilled_with_poster_quote_and_screenshot()
    {
        var d = Draft("01-staff-criticism-year4.eml");
        Assert.Equal(new EmailPerson("Hannah Okafor", "hannah.okafor@mail.example.com"), d.Reporter);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 21, 14, 3, TimeSpan.Zero), d.SentAt);
        Assert.Equal("Year 4", d.Group);
        Assert.Equal("Daniel Price", d.PostedBy);
        Assert.Contains("can't be bothered to mark homework", d.Quote);
        Assert.Contains("useless and should not be teaching", d.Quote);
        Assert.Contains(" … ", d.Quote);
        Assert.Contains("staff-criticism", d.Conduct);
        Assert.Equal(["Oliver", "Amara"], d.NamedChildren);
        Assert.Contains("Miss Turner", d.NamedStaff);
        Assert.Contains("Mrs Jenkin", d.NamedStaff);
        var attachment = Assert.Single(d.Attachments);
        Assert.Equal("whatsapp-screenshot.png", attachment.Name);
        Assert.Equal("image/png", attachment.ContentType);
        Assert.True(attachment.Size > 0);
        Assert.True(d.IsLikelyConcern);
        Assert.StartsWith("Body line 5", d.SourceOf("postedBy")!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Outlook_inline_forward_of_a_screenshot_complaint_reads_the_parent_not_the_teacher()
    {
        var d = Draft("02-forwarded-private-message-reception.eml");
        Assert.Equal(new EmailPerson("Tom Wheeler", "tom.wheeler@mail.example.org"), d.Reporter);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 22, 40, 0, TimeSpan.Zero), d.SentAt);
        Assert.Equal("Reception Robins", d.Group);
        Assert.Equal("Lucy Barnes", d.PostedBy);
        Assert.Equal("this is what they say about our kids", d.Quote);
        Assert.Contains("teacher-screenshot", d.Conduct);
        Assert.Equal(["Freddie"], d.NamedChildren);
        Assert.Equal(["Mrs Collins"], d.NamedStaff);
        Assert.Empty(d.Attachments);
        Assert.True(d.IsLikelyConcern);
    }

    [Fact]
    public void Threatening_post_in_year_6_quotes_only_the_posters_words()
    {
        var d = Draft("03-threatening-language-year6.eml");
        Assert.Equal("gemma.lloyd@mail.example.net", d.Reporter!.Email);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 19, 55, 10, TimeSpan.Zero), d.SentAt);
        Assert.Equal("Year 6", d.Group);
        Assert.Equal("Craig Mercer", d.PostedBy);
        Assert.StartsWith("if that PE teacher drops my lad", d.Quote, StringComparison.Ordinal);
        Assert.Contains("sort him out", d.Quote);
        Assert.DoesNotContain("calm down mate", d.Quote);
        Assert.Contains("threats", d.Conduct);
        Assert.Equal(["Mr Hughes"], d.NamedStaff);
        Assert.True(d.IsLikelyConcern);
    }

    [Fact]
    public void Commercial_links_in_the_nursery_group_name_the_poster_in_brackets()
    {
        var d = Draft("04-commercial-links-nursery.eml");
        Assert.Equal("Priya Shah", d.Reporter!.Name);
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 12, 30, 0, TimeSpan.Zero), d.SentAt);
        Assert.Equal("Nursery Owls", d.Group);
        Assert.Equal("Kelly Dawson", d.PostedBy);
        Assert.Null(d.Quote);
        Assert.Contains("commercial-links", d.Conduct);
        Assert.Contains(d.Suggestions, s => s.ConductId == "commercial-links" && s.Words.Contains("petition"));
        Assert.Empty(d.Attachments);
        Assert.True(d.IsLikelyConcern);
    }

    [Fact]
    public void Lost_pe_kit_is_not_a_whatsapp_concern()
    {
        var d = Draft("05-not-a-concern-lost-kit.eml");
        Assert.Equal("Rob Evans", d.Reporter!.Name);
        Assert.False(d.IsLikelyConcern);
        Assert.Null(d.PostedBy);
        Assert.Null(d.Quote);
        Assert.Empty(d.Conduct);
        Assert.Contains("Couldn't tell who posted the message.", d.Warnings);
    }

    [Fact]
    public void Email_forwarded_as_an_attachment_is_read_from_the_innermost_author()
    {
        var d = Draft("06-forward-as-attachment-year1.eml");
        Assert.Equal(new EmailPerson("Anna Kowalska", "anna.kowalska@mail.example.com"), d.Reporter);
        Assert.Equal(new DateTimeOffset(2026, 11, 14, 10, 12, 0, TimeSpan.Zero), d.SentAt);
        Assert.Equal("Political posts in Year 1 group", d.Subject);
        Assert.Equal("Year 1 Kingfishers", d.Group);
        Assert.Equal("Steve Rowe and Imran Malik", d.PostedBy);
        Assert.Equal("shouldn't be allowed near our kids", d.Quote);
        Assert.Contains("political", d.Conduct);
        Assert.Equal(["Zofia"], d.NamedChildren);
        Assert.Empty(d.Attachments);
        Assert.True(d.IsLikelyConcern);
    }

    [Fact]
    public void The_forwarder_of_an_attached_email_is_recorded_in_the_forward_chain()
    {
        using var stream = File.OpenRead(Path.Combine(TestPaths.SampleEmails, "06-forward-as-attachment-year1.eml"));
        var parsed = EmailReader.Read(stream);
        var hop = Assert.Single(parsed.ForwardChain);
        Assert.Equal("office.manager@stjohnspriory.example", hop.From!.Email);
        Assert.Equal(ForwardKind.Attached, hop.HowForwarded);
        Assert.DoesNotContain("Please see the attached", parsed.Body, StringComparison.Ordinal);
        Assert.Equal(64, parsed.RawSha256.Length);
    }

    [Fact]
    public void Known_groups_turn_a_bare_year_into_the_schools_only_class_in_that_year()
    {
        using var stream = File.OpenRead(Path.Combine(TestPaths.SampleEmails, "01-staff-criticism-year4.eml"));
        var context = TestCues.Context with { KnownGroups = ["Year 4 Tigers", "Year 5 Lions"] };
        var d = ConcernExtractor.Extract(EmailReader.Read(stream), context);
        Assert.Equal("Year 4 Tigers", d.Group);
        Assert.Contains("only Year 4 group", d.SourceOf("group")!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_email_read_twice_gives_the_same_draft()
    {
        foreach (var file in Directory.GetFiles(TestPaths.SampleEmails, "*.eml"))
        {
            var first = ConcernExtractor.Extract(EmailReader.Read(File.OpenRead(file)), TestCues.Context).ToApiJson();
            var second = ConcernExtractor.Extract(EmailReader.Read(File.OpenRead(file)), TestCues.Context).ToApiJson();
            Assert.Equal(first, second);
        }
    }

    [Fact]
    public void The_api_json_has_the_agreed_camel_case_shape()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Draft("01-staff-criticism-year4.eml").ToApiJson())!.AsObject();
        foreach (var key in new[] { "reporter", "sentAt", "group", "postedBy", "quote", "conduct", "namedChildren", "namedStaff", "attachments", "warnings", "sources", "suggestions" })
        {
            Assert.True(json.ContainsKey(key), key);
        }

        Assert.Equal("hannah.okafor@mail.example.com", (string?)json["reporter"]!["email"]);
        Assert.Equal("whatsapp-screenshot.png", (string?)json["attachments"]![0]!["name"]);
        Assert.Equal("staff-criticism", (string?)json["suggestions"]![0]!["conduct"]);
        Assert.Equal("2026-11-16T21:14:03+00:00", (string?)json["sentAt"]);
    }
}
