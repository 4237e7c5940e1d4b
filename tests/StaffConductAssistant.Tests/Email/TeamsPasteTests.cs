using System.Net;
using MimeKit;
using StaffConductAssistant.Email;
using StaffConductAssistant.Tests.Email.Corpus;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Email;

/// <summary>
/// Issue 14: an email pasted into a Teams chat gives the same draft as its .eml, both as the HTML Teams makes of it
/// (a paragraph per paragraph, a &lt;br&gt; per line, addresses escaped) and as the Agents Playground sends it
/// (textFormat plain, every line break lost, wrapped the way ConcernSuggestion wraps plain text).
/// </summary>
public class TeamsPasteTests
{
    public static TheoryData<string> Samples() => new(Directory.GetFiles(TestPaths.SampleEmails, "*.eml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Pasted_as_teams_html_it_gives_the_same_draft_as_the_eml(string file)
    {
        var (eml, pasted) = Paste(file);
        var html = string.Join(string.Empty, pasted.Split("\n\n").Select(p => "<p>" + string.Join("<br>", p.Split('\n').Select(WebUtility.HtmlEncode)) + "</p>"));
        AssertSameDraft(eml, Reader().FromHtml(html, null).Draft);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Pasted_into_the_playground_with_its_lines_run_together_it_gives_the_same_draft_as_the_eml(string file)
    {
        var (eml, pasted) = Paste(file);
        var runTogether = pasted.Replace("\n", string.Empty, StringComparison.Ordinal);
        var html = "<p>" + WebUtility.HtmlEncode(runTogether).ReplaceLineEndings("<br>") + "</p>"; // as ConcernSuggestion wraps textFormat plain
        var draft = Reader().FromHtml(html, null).Draft;
        AssertSameDraft(eml, draft);
        Assert.DoesNotContain(draft.NamedStaff, s => s.EndsWith("Dear", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_together_headers_and_names_are_split_back_into_lines()
    {
        var text = PastedText.Unjoin("From: Hannah Okafor <hannah@mail.example.com>Sent: Monday, 16 November 2026 21:14To: Office <office@school.example>"
                                     + "Subject: Year 4 groupDear Miss Turner,I am writing about the group.The moderator knows.Kind regards,Hannah");
        Assert.Equal(
            ["From: Hannah Okafor <hannah@mail.example.com>", "Sent: Monday, 16 November 2026 21:14", "To: Office <office@school.example>",
             "Subject: Year 4 group", "Dear Miss Turner,I am writing about the group.", "The moderator knows.", "Kind regards,", "Hannah"],
            text.Split('\n'));
    }

    [Fact]
    public void Text_with_its_line_breaks_is_left_alone()
    {
        const string text = "Dear Mrs Jenkin,\nDaniel Price posted in the group.TheEnd";
        Assert.Equal(text, PastedText.Unjoin(text));
    }

    private static StaffConductAssistant.Features.LogConcern.DraftReader Reader() => CorpusTests.Reader();

    /// <summary>The draft from the .eml, and the parent's email as staff would paste it (headers, a blank line, the body).</summary>
    private static (EmailDraft Eml, string Pasted) Paste(string file)
    {
        var raw = File.ReadAllBytes(Path.Combine(TestPaths.SampleEmails, file));
        var eml = Reader().FromMime(raw).Draft;
        var message = MimeMessage.Load(new MemoryStream(raw));
        // Forwarded as an attachment: staff paste the parent's email itself.
        while (message.BodyParts.OfType<MessagePart>().FirstOrDefault() is { Message: { } inner })
        {
            message = inner;
        }

        var from = message.From.Mailboxes.First();
        var pasted = $"From: {from.Name} <{from.Address}>\nSent: {message.Date:ddd, dd MMM yyyy HH:mm:ss} +0000\nTo: {message.To}\nSubject: {message.Subject}\n\n"
                     + (message.TextBody ?? string.Empty).ReplaceLineEndings("\n").Trim();
        return (eml, pasted);
    }

    private static void AssertSameDraft(EmailDraft eml, EmailDraft pasted)
    {
        Assert.Equal(eml.Reporter, pasted.Reporter);
        Assert.Equal(eml.SentAt?.UtcDateTime, pasted.SentAt?.UtcDateTime);
        Assert.Equal(eml.Group, pasted.Group);
        Assert.Equal(eml.PostedBy, pasted.PostedBy);
        Assert.Equal(eml.Quote, pasted.Quote);
        Assert.Equal(eml.Conduct, pasted.Conduct);
        Assert.Equal(eml.NamedChildren, pasted.NamedChildren);
        Assert.Equal(eml.NamedStaff, pasted.NamedStaff);
        Assert.Equal(eml.IsLikelyConcern, pasted.IsLikelyConcern);
    }
}

/// <summary>Hostile pastes: a huge run-together message is still read quickly.</summary>
public class HostilePasteTests
{
    [Fact]
    public void A_2_MB_run_together_paste_is_read_in_well_under_the_forms_time()
    {
        var unit = "From: A <a@b.example>Sent: 16 November 2026 21:14To: c@d.exampleSubject: x yDear Miss Turner,Daniel Price posted 21:14Hi.The end.Thanks,Bob ";
        var text = string.Concat(Enumerable.Repeat(unit, 2_000_000 / unit.Length));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var parsed = EmailReader.ReadHtml("<p>" + System.Net.WebUtility.HtmlEncode(text) + "</p>");
        clock.Stop();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.NotNull(parsed.From);
    }
}
