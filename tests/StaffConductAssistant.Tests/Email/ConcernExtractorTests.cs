using StaffConductAssistant.Email;

namespace StaffConductAssistant.Tests.Email;

public class ConcernExtractorTests
{
    private static EmailDraft Extract(string body, string subject = "Concern", ExtractionContext? context = null) =>
        ConcernExtractor.Extract(
            new ParsedEmail { From = new EmailPerson("Jane Parent", "jane@home.example"), Subject = subject, Body = body, Date = DateTimeOffset.UnixEpoch },
            context ?? TestCues.Context);

    [Theory]
    [InlineData("Something in the Yr 4 WhatsApp group.", "Year 4")]
    [InlineData("Something in the Y5 chat.", "Year 5")]
    [InlineData("Something in the year four class group.", "Year 4")]
    [InlineData("Something in the Year Two class group.", "Year 2")]
    [InlineData("Something in the Reception Robins WhatsApp.", "Reception Robins")]
    [InlineData("My son in 3M saw the group.", "Year 3")]
    [InlineData("The Nursery Owls parents group.", "Nursery Owls")]
    public void Group_mentions_are_normalised_to_a_canonical_name(string body, string expected) =>
        Assert.Equal(expected, Extract(body).Group);

    [Fact]
    public void A_group_mentioned_near_whatsapp_beats_one_mentioned_in_passing()
    {
        var d = Extract("My older boy is in Year 6 and Year 6 is fine.\nBut the Year 2 WhatsApp group was awful last night.");
        Assert.Equal("Year 2", d.Group);
    }

    [Fact]
    public void A_known_class_name_alone_finds_its_group()
    {
        var context = TestCues.Context with { KnownGroups = ["Year 1 Kingfishers", "Year 1 Herons"] };
        Assert.Equal("Year 1 Kingfishers", Extract("The Kingfishers WhatsApp group got heated.", context: context).Group);
    }

    [Theory]
    [InlineData("Last night a message from Sean O'Brien said we are all idiots.", "Sean O'Brien")]
    [InlineData("Mary-Jane McDonald's post in the group was rude.", "Mary-Jane McDonald")]
    [InlineData("The photo was sent by Amir Khan to the whole group.", "Amir Khan")]
    [InlineData("Then Lucy Barnes, the mum of Freddie, shared a screenshot.", "Lucy Barnes")]
    public void The_poster_is_found_from_common_phrasings(string body, string expected) =>
        Assert.Equal(expected, Extract(body).PostedBy);

    [Fact]
    public void The_reporter_and_staff_are_never_the_poster()
    {
        var d = Extract("Jane Parent posted a reply. Miss Turner posted the homework.");
        Assert.Null(d.PostedBy);
        Assert.Contains("Couldn't tell who posted the message.", d.Warnings);
        Assert.Equal(["Miss Turner"], d.NamedStaff);
    }

    [Fact]
    public void Curly_quotes_in_the_posters_sentence_become_the_quote()
    {
        var d = Extract("In the WhatsApp group Ben Cole wrote \u201Cthe teachers here are useless\u201D and \u201Cjoke school\u201D. Someone else said \u201Cenough\u201D.");
        Assert.Equal("the teachers here are useless … joke school", d.Quote);
        Assert.Contains("staff-criticism", d.Conduct);
    }

    [Fact]
    public void A_quoted_block_after_a_posting_sentence_becomes_the_quote()
    {
        var d = Extract("Ben Cole posted this in the class group:\n> You will regret this\n> see you at the gate\n\nI'm worried.");
        Assert.Equal("You will regret this see you at the gate", d.Quote);
        Assert.Contains("threats", d.Conduct);
    }

    [Fact]
    public void Children_are_found_but_not_adults()
    {
        var d = Extract("My daughter Poppy was upset. A child called Max was named in the Year 3 group by Ben Cole who posted about Max's behaviour. Mrs Green knows.\nJane (mum of Poppy and Isla)");
        Assert.Equal(["Poppy", "Max", "Isla"], d.NamedChildren);
        Assert.Equal("Ben Cole", d.PostedBy);
        Assert.Equal(["Mrs Green"], d.NamedStaff);
    }

    [Fact]
    public void Cues_match_on_word_boundaries_only()
    {
        var d = Extract("In the group someone posted a barcode and a threatening message.");
        Assert.DoesNotContain("commercial-links", d.Conduct); // "barcode" is not "code"
        Assert.DoesNotContain("threats", d.Conduct);          // "threatening" is not the cue "threat"
    }

    [Fact]
    public void An_email_without_a_group_chat_is_not_a_likely_concern_even_with_worried_words()
    {
        var d = Extract("I'm worried my son has lost his coat.");
        Assert.False(d.IsLikelyConcern);
        Assert.Contains("No class or year group found.", d.Warnings);
    }

    [Fact]
    public void Forwarding_too_deep_stops_with_a_warning_instead_of_failing()
    {
        var mime = "From: Parent <p@home.example>\r\nSubject: inner\r\nDate: Mon, 16 Nov 2026 09:00:00 +0000\r\n\r\nWords.\r\n";
        for (var i = 0; i < 5; i++)
        {
            mime = $"From: F{i} <f{i}@school.example>\r\nSubject: fw\r\nDate: Mon, 16 Nov 2026 09:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\nContent-Type: message/rfc822\r\n\r\n{mime}\r\n--b{i}--\r\n";
        }

        var parsed = EmailReader.Read(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mime)), new EmailReaderOptions { MaxForwardDepth = 3 });
        Assert.Equal(3, parsed.ForwardChain.Count);
        Assert.Contains(parsed.Warnings, w => w.Contains("forwarded more than 3 times", StringComparison.Ordinal));
    }
}
