using System.IO.Compression;
using System.Text;
using StaffConductAssistant.Email;
using StaffConductAssistant.Email.Finders;

namespace StaffConductAssistant.Tests.Email;

/// <summary>Each finder on its own, on the phrasings it exists for and the ones it must leave alone.</summary>
public class FinderTests
{
    private static readonly ParsedEmail Parent = new() { From = new EmailPerson("Jane Parent", "jane@home.example"), Subject = "Concern", Date = DateTimeOffset.UnixEpoch };

    private static BodyText Body(string text) => new(text, 100_000);

    private static NameExclusions Excluded() => new(Parent);

    // ------------------------------------------------------------------ reporter

    [Fact]
    public void Reporter_and_date_say_which_header_they_came_from_and_a_missing_date_is_a_warning()
    {
        var sources = new List<KeyValuePair<string, FieldSource>>();
        var warnings = new List<string>();
        ReporterFinder.Describe(Parent with { Date = null, FromSource = "From header of the innermost email (attached 1 level deep)" }, sources, warnings);
        Assert.Equal("From header of the innermost email (attached 1 level deep)", Assert.Single(sources).Value.Explanation);
        Assert.Equal("The email has no date we could read.", Assert.Single(warnings));
    }

    // ------------------------------------------------------------------ group

    [Theory]
    [InlineData("in the yr 5 mums chat", "Year 5")]
    [InlineData("the Y6 grp tonite", "Year 6")]
    [InlineData("in the yr4 whatsapp", "Year 4")]
    [InlineData("the reception whatsapp", "Reception")]
    [InlineData("the nursery parents group", "Nursery")]
    [InlineData("Free clubs for children in Year 1 to Year 6.", null)]
    [InlineData("please contact reception@company.example", null)]
    public void Group_mentions_informal_and_ranges(string text, string? expected)
    {
        var group = GroupFinder.Find(Body(text), string.Empty, ExtractionContext.Empty, [], out var source);
        Assert.Equal(expected, group);
        Assert.Equal(expected is null, source is null);
    }

    // ------------------------------------------------------------------ poster

    [Theory]
    [InlineData("a parent, Marcus Doyle, has written in the group that", "Marcus Doyle")]
    [InlineData("jade in the yr 5 mums chat keeps putting stuff about", "Jade")]
    [InlineData("someone needs to stop tina in the reception whatsapp she keeps mocking the mums", "Tina")]
    [InlineData("One of the dads, Phil Marsh, said in the Year 4 group", "Phil Marsh")]
    [InlineData("Darren Hicks' messages in the Year 6 group", "Darren Hicks")]
    [InlineData("Big Dave (Dave Rooney, Alfie R's dad) has posted AGAIN", "Dave Rooney")]
    [InlineData("The parent concerned is Shelley Banks. Last night she", "Shelley Banks")]
    [InlineData("Dean Walsh and Kerry Lister have been having a row", "Dean Walsh and Kerry Lister")]
    [InlineData("A child called Max was named in the group.", null)]
    [InlineData("Someone in the Year 4 WhatsApp has started a rumour.", null)]
    [InlineData("Miss Turner posted the homework.", null)]
    public void Poster_phrasings(string text, string? expected)
    {
        var poster = PosterFinder.Find(Body(text), string.Empty, Excluded(), _ => false, out _, out _);
        Assert.Equal(expected, poster);
    }

    [Fact]
    public void Poster_is_not_read_from_a_pasted_chat_line()
    {
        var body = Body("See below.\n[19/11/2026, 21:04:33] Gina Tate: Lucy Barnes posted rubbish again");
        Assert.Null(PosterFinder.Find(body, string.Empty, Excluded(), body.IsChatLineAt, out _, out _));
    }

    [Fact]
    public void Poster_from_a_chat_is_the_named_author_or_else_the_first_other_author_whose_words_are_cues()
    {
        var chat = WhatsAppChat.Parse(
            "[19/11/2026, 21:02:11] Kate Morley: Is it non-uniform on Friday?\n[19/11/2026, 21:04:33] Gina Tate: the teachers are useless\n"
            + "[19/11/2026, 21:07:45] Jane Parent: That's not fair\n[19/11/2026, 21:08:00] Kelly Watts: agreed", "Body");
        var matcher = ConductCueMatcher.For([new ConductCue("abuse", ["useless"])]);
        Assert.Equal("Gina Tate", PosterFinder.FromTimeline(chat, null, Excluded(), matcher)!.Author);
        Assert.Equal("Kelly Watts", PosterFinder.FromTimeline(chat, "Kelly", Excluded(), matcher)!.Author);
        Assert.Null(PosterFinder.FromTimeline(chat, "Nobody", Excluded(), matcher));
    }

    // ------------------------------------------------------------------ quote

    [Fact]
    public void Quote_ignores_a_reply_chains_quoted_email()
    {
        var body = Body("Yes that's fine.\n\nOn Tue, 8 Dec 2026 at 15:00, Mr Branagh <j.branagh@school.example> wrote:\n> Dear parents, please reply.");
        Assert.Null(QuoteFinder.Find(body, [], _ => false, out _));
    }

    [Fact]
    public void Quote_from_a_chat_is_the_posters_run_of_messages_without_media()
    {
        var chat = WhatsAppChat.Parse("23/11/2026, 20:14 - Paula Brett: that kid hit my son\n23/11/2026, 20:14 - Paula Brett: <Media omitted>\n"
                                      + "23/11/2026, 20:15 - Paula Brett: Keep your kids away from him\n23/11/2026, 20:21 - Sam Otway: not here", "Body");
        var quote = QuoteFinder.FromTimeline(chat, chat[2], out var source);
        Assert.Equal("that kid hit my son … Keep your kids away from him", quote);
        Assert.Contains("Body line 1", source!.Explanation, StringComparison.Ordinal);
    }

    // ------------------------------------------------------------------ children and staff

    [Theory]
    [InlineData("that boy Max is feral", "Max")]
    [InlineData("Max is my son.", "Max")]
    [InlineData("George's dad, Andy Kemp, posted", "George")]
    [InlineData("i am Lily-Mae's grandma", "Lily-Mae")]
    public void Children_phrasings(string text, string expected) =>
        Assert.Equal([expected], ChildrenFinder.Find(Body(text), Excluded(), ExtractionContext.Empty, out _));

    [Fact]
    public void Staff_are_titled_names_and_roles_but_not_the_reporter_signing_with_a_title()
    {
        var staff = StaffFinder.Find(Body("Dear Headmistress, Mr. Okonjo and Miss Osei know. Mrs Parent"), string.Empty, ExtractionContext.Empty, Excluded(), out _);
        Assert.Equal(["Mrs Jenkin", "Mr Okonjo", "Miss Osei"], staff);
    }

    // ------------------------------------------------------------------ conduct

    [Fact]
    public void A_parents_own_screenshot_is_not_a_teachers_private_message_but_a_teachers_email_is()
    {
        var matcher = ConductCueMatcher.For([new ConductCue("screenshot-of-teacher-messages", ["screenshot"])]);
        var own = ConductFinder.Find(Body("I've attached a screenshot of what he posted in the group."), string.Empty, [], matcher, []);
        var staffs = ConductFinder.Find(Body("She shared a screenshot of your email in the group."), string.Empty, [], matcher, []);
        Assert.Empty(own);
        Assert.Equal("screenshot-of-teacher-messages", Assert.Single(staffs).ConductId);
    }

    [Fact]
    public void Conduct_is_read_from_an_attached_chat_too()
    {
        var matcher = ConductCueMatcher.For([new ConductCue("political-opinions", ["vote"])]);
        var chat = WhatsAppChat.Parse("27/11/2026, 19:30 - Darren Pike: Anyone who votes Reform", "Attachment _chat.txt");
        var found = Assert.Single(ConductFinder.Find(Body("Export attached."), string.Empty, chat, matcher, []));
        Assert.Contains("Attachment _chat.txt line 1", found.Source.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cue_matcher_is_built_once_per_cue_list_and_finds_other_forms_of_the_first_word()
    {
        IReadOnlyList<ConductCue> cues = [new ConductCue("p", ["vote", "picks on my", "sen"]), new ConductCue("c", ["code"])];
        var matcher = ConductCueMatcher.For(cues);
        Assert.Same(matcher, ConductCueMatcher.For([new ConductCue("p", ["vote", "picks on my", "sen"]), new ConductCue("c", ["code"])]));
        Assert.Equal(["vote", "picks on my"], matcher.Find("He votes Reform and keeps going on about how she pick on my\nson").Select(h => h.Phrase));
        Assert.Empty(matcher.Find("a barcode, devoted, sent, send"));
    }

    // ------------------------------------------------------------------ is it a concern

    [Theory]
    [InlineData("Is the nativity on the 8th? We've been going back and forth about it in the Year 2 WhatsApp.", false)]
    [InlineData("Thank you for your email. I am out of the office. Re: the WhatsApp group", false)]
    [InlineData("craig m is sayin the new teacher is a joke in the y6 grp", true)]
    [InlineData("I'm worried my son has lost his coat.", false)]
    public void Is_it_a_concern(string text, bool expected)
    {
        var body = Body(text);
        var matcher = ConductCueMatcher.For([new ConductCue("private-conversations", ["back and forth"]), new ConductCue("abusive", ["a joke"])]);
        var conduct = ConductFinder.Find(body, string.Empty, [], matcher, []);
        Assert.Equal(expected, ConcernAssessor.Assess(body, string.Empty, conduct, [], false, false).IsLikely);
    }

    // ------------------------------------------------------------------ WhatsApp chats

    [Fact]
    public void Ios_and_android_lines_continuations_system_lines_and_us_dates_are_read()
    {
        var chat = WhatsAppChat.Parse(
            "\u200e[19/11/2026, 18:01:10] Year 3 Parents: Messages and calls are end-to-end encrypted.\n"
            + "[19/11/2026, 9:04:33 PM] Gina Tate: first line\nsecond line\n"
            + "11/20/26, 21:05 - Sam Otway: US order\n"
            + "20/11/2026, 21:06 - Sam Otway joined using this group's invite link\n", "Body");
        Assert.Equal(2, chat.Count);
        Assert.Equal(new ChatMessage(new DateTime(2026, 11, 19, 21, 4, 33), "Gina Tate", "first line second line", "Body line 2"), chat[0]);
        Assert.Equal(new DateTime(2026, 11, 20, 21, 5, 0), chat[1].Time);
    }

    [Fact]
    public void A_zip_export_is_read_from_its_chat_txt_and_a_broken_zip_is_no_chat()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("_chat.txt").Open(), Encoding.UTF8);
            w.Write("[05/12/2026, 22:01:05] Sharon Ives: People like them\n");
        }

        var chat = WhatsAppChat.FromAttachment(new EmailAttachment("WhatsApp Chat - Y6.zip", "application/zip", ms.ToArray()));
        Assert.Equal("Sharon Ives", Assert.Single(chat).Author);
        Assert.Contains("_chat.txt", chat[0].Source, StringComparison.Ordinal);
        Assert.Empty(WhatsAppChat.FromAttachment(new EmailAttachment("broken.zip", "application/zip", [1, 2, 3, 4])));
        Assert.Empty(WhatsAppChat.FromAttachment(new EmailAttachment("photo.png", "image/png", [1, 2, 3])));
    }
}

/// <summary>Outlook .msg attachments: no maintained reader is served (MsgReader is not on the feed), so the form says so.</summary>
public class MsgAttachmentTests
{
    [Fact]
    public void An_attached_msg_file_is_kept_and_the_form_says_it_could_not_be_read()
    {
        const string mime = "From: Parent <p@home.example>\r\nSubject: see attached\r\nDate: Mon, 16 Nov 2026 09:00:00 +0000\r\n"
                            + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nThe email from the other mum is attached.\r\n"
                            + "--b\r\nContent-Type: application/vnd.ms-outlook; name=\"Year 4 group.msg\"\r\nContent-Disposition: attachment; filename=\"Year 4 group.msg\"\r\n"
                            + "Content-Transfer-Encoding: base64\r\n\r\n0M8R4KGxGuEAAAAAAAAAAAAAAAAAAAAAPgADAP7/CQAGAAAAAAAAAAAAAAABAAAA\r\n--b--\r\n";
        var parsed = EmailReader.Read(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(mime)));
        Assert.Equal("Year 4 group.msg", Assert.Single(parsed.Attachments).Name);
        Assert.Contains(parsed.Warnings, w => w.StartsWith("'Year 4 group.msg' is an Outlook .msg file, which the app can't read", StringComparison.Ordinal));
    }
}
