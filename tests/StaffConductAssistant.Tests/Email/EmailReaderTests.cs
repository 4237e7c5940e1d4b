using System.Text;
using StaffConductAssistant.Email;

namespace StaffConductAssistant.Tests.Email;

public class EmailReaderTests
{
    private const string Headers = """
        From: Colleague <colleague@school.example>
        To: Office <office@school.example>
        Subject: FW: worried
        Date: Wed, 18 Nov 2026 08:02:41 +0000
        Message-ID: <outer@school.example>
        MIME-Version: 1.0

        """;

    private static MemoryStream Mime(string text) => new(Encoding.Latin1.GetBytes(text.ReplaceLineEndings("\r\n")));

    private static MemoryStream Mime(string headers, byte[] body) => new([.. Encoding.ASCII.GetBytes(headers.ReplaceLineEndings("\r\n")), .. body]);

    private static ParsedEmail Read(string text) => EmailReader.Read(Mime(text));

    [Fact]
    public void Outlook_inline_forward_without_separator_line_gives_the_original_author()
    {
        var parsed = Read(Headers + """
            Content-Type: text/plain; charset=utf-8

            See below.

            ________________________________
            From: Tom Wheeler <tom@parent.example>
            Sent: Tuesday, November 17, 2026 10:40 PM
            To: Office <office@school.example>
            Subject: Year 2 group

            Dear Office, something happened in the group.
            """);
        Assert.Equal(new EmailPerson("Tom Wheeler", "tom@parent.example"), parsed.From);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 22, 40, 0, TimeSpan.Zero), parsed.Date);
        Assert.Equal("Year 2 group", parsed.Subject);
        Assert.Equal("Dear Office, something happened in the group.", parsed.Body);
        Assert.Equal("colleague@school.example", Assert.Single(parsed.ForwardChain).From!.Email);
    }

    [Fact]
    public void Gmail_forward_is_followed_to_the_parent_and_summer_time_is_applied()
    {
        var parsed = Read(Headers + """
            Content-Type: text/plain; charset=utf-8

            FYI

            ---------- Forwarded message ---------
            From: *Tom Wheeler* <tom@parent.example>
            Date: Tue, 16 Jun 2026 at 22:40
            Subject: Year 2 group
            To: <office@school.example>

            The parent's words.
            """);
        Assert.Equal("Tom Wheeler", parsed.From!.Name);
        Assert.Equal(new DateTimeOffset(2026, 6, 16, 22, 40, 0, TimeSpan.FromHours(1)), parsed.Date);
        Assert.Equal("The parent's words.", parsed.Body);
    }

    [Fact]
    public void Apple_mail_forward_is_followed_to_the_parent()
    {
        var parsed = Read(Headers + """
            Content-Type: text/plain; charset=utf-8

            Sent from my iPhone

            Begin forwarded message:

            From: Tom Wheeler <tom@parent.example>
            Subject: Year 2 group
            Date: 17 November 2026 at 22:40:12 GMT
            To: office@school.example

            The parent's words.
            """);
        Assert.Equal("tom@parent.example", parsed.From!.Email);
        Assert.Equal(new DateTimeOffset(2026, 11, 17, 22, 40, 12, TimeSpan.Zero), parsed.Date);
        Assert.Equal("The parent's words.", parsed.Body);
    }

    [Fact]
    public void A_parent_writing_from_in_their_own_words_is_not_taken_for_a_forward()
    {
        var parsed = Read(Headers + """
            Content-Type: text/plain

            From: what I saw, the Year 4 group was unkind.
            """);
        Assert.Equal("colleague@school.example", parsed.From!.Email);
        Assert.Empty(parsed.ForwardChain);
    }

    [Fact]
    public void Emails_attached_three_deep_give_the_innermost_author_and_keep_every_levels_files()
    {
        static string Level(string from, string inner, string boundary) => $"""
            From: {from}
            Subject: level {from}
            Date: Mon, 16 Nov 2026 09:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="{boundary}"

            --{boundary}
            Content-Type: text/plain

            Forwarding.
            --{boundary}
            Content-Type: application/pdf; name="notes-{boundary}.pdf"
            Content-Disposition: attachment; filename="notes-{boundary}.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQK
            --{boundary}
            Content-Type: message/rfc822

            {inner}
            --{boundary}--
            """;

        var parent = """
            From: Parent Person <parent@home.example>
            Subject: The real concern
            Date: Sat, 14 Nov 2026 10:12:00 +0000
            Message-ID: <inner@home.example>
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="p"

            --p
            Content-Type: text/plain; charset=utf-8

            In the Year 3 WhatsApp group a parent was rude.
            --p
            Content-Type: image/jpeg
            Content-Disposition: attachment; filename="shot.jpg"
            Content-Transfer-Encoding: base64

            /9j/4AAQSkZJRg==
            --p--
            """;
        var text = Level("Head <head@school.example>", Level("Deputy <deputy@school.example>", Level("Office <office@school.example>", parent, "c"), "b"), "a");
        var parsed = Read(text);

        Assert.Equal(new EmailPerson("Parent Person", "parent@home.example"), parsed.From);
        Assert.Equal("The real concern", parsed.Subject);
        Assert.Equal("<inner@home.example>", "<" + parsed.MessageId + ">");
        Assert.Equal("In the Year 3 WhatsApp group a parent was rude.", parsed.Body);
        Assert.Equal(["head@school.example", "deputy@school.example", "office@school.example"], parsed.ForwardChain.Select(h => h.From!.Email));
        Assert.Equal(["notes-a.pdf", "notes-b.pdf", "notes-c.pdf", "shot.jpg"], parsed.Attachments.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(parsed.Attachments, a => a.ContentType == "message/rfc822");
        var shot = parsed.Attachments.Single(a => a.Name == "shot.jpg");
        Assert.Equal(3, shot.Level);
        Assert.Equal(Convert.FromBase64String("/9j/4AAQSkZJRg=="), shot.GetBytes());
        Assert.Equal(shot.Size, shot.GetBytes().Length);
    }

    [Fact]
    public void Html_only_body_is_turned_into_plain_text()
    {
        var parsed = Read(Headers + """
            Content-Type: text/html; charset=utf-8

            <html><head><style>p{color:red}</style></head><body><p>Hello &amp; welcome</p><p>Line<br>two</p></body></html>
            """);
        Assert.Equal(BodySource.Html, parsed.BodySource);
        Assert.Equal("Hello & welcome\n\nLine\ntwo", parsed.Body);
    }

    [Fact]
    public void Quoted_printable_and_base64_utf8_bodies_are_decoded()
    {
        var qp = Read(Headers + """
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Zo=C3=AB said =E2=80=9Chello=E2=80=9D and a soft=
             break.
            """);
        Assert.Equal("Zoë said “hello” and a soft break.", qp.Body);

        var b64 = Read(Headers + "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                       + Convert.ToBase64String(Encoding.UTF8.GetBytes("Siân’s mum")) + "\n");
        Assert.Equal("Siân’s mum", b64.Body);
    }

    [Fact]
    public void Latin1_windows1252_and_charsetless_bodies_are_decoded()
    {
        var latin1 = EmailReader.Read(Mime(Headers + "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n", [.. "Ren"u8, 0xE9, .. " caf"u8, 0xE9]));
        Assert.Equal("René café", latin1.Body);

        var cp1252 = EmailReader.Read(Mime(Headers + "Content-Type: text/plain; charset=windows-1252\n\n", [0x93, .. "quote"u8, 0x94, .. " "u8, 0x80]));
        Assert.Equal("“quote” €", cp1252.Body);

        var noCharsetUtf8 = EmailReader.Read(Mime(Headers + "Content-Type: text/plain\n\n", Encoding.UTF8.GetBytes("Zoë")));
        Assert.Equal("Zoë", noCharsetUtf8.Body);

        var noCharset1252 = EmailReader.Read(Mime(Headers + "Content-Type: text/plain\n\n", [.. "Zo"u8, 0xEB]));
        Assert.Equal("Zoë", noCharset1252.Body);
    }

    [Fact]
    public void Rfc2047_encoded_subject_and_display_name_are_decoded()
    {
        var parsed = Read("""
            From: =?utf-8?B?U2nDom4gTydCcmllbg==?= <sian@home.example>
            Subject: =?iso-8859-1?Q?Caf=E9_group_=96_worried?=
            Date: Mon, 16 Nov 2026 09:00:00 +0000
            Content-Type: text/plain

            Body.
            """);
        Assert.Equal("Siân O'Brien", parsed.From!.Name);
        Assert.Equal("Café group – worried", parsed.Subject);
    }

    [Fact]
    public void Garbage_bytes_are_rejected_as_not_an_email()
    {
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        var ex = Assert.Throws<EmailReadException>(() => EmailReader.Read(new MemoryStream(bytes)));
        Assert.Equal(EmailReadFailure.NotAnEmail, ex.Reason);
        Assert.Equal("This doesn't look like an email.", ex.Message);
    }

    [Fact]
    public void Plain_text_without_headers_is_rejected_as_not_an_email()
    {
        var ex = Assert.Throws<EmailReadException>(() => Read("Hello there,\nI'm worried about the Year 4 group.\n"));
        Assert.Equal(EmailReadFailure.NotAnEmail, ex.Reason);
    }

    [Fact]
    public void Empty_input_is_rejected_as_empty()
    {
        Assert.Equal(EmailReadFailure.Empty, Assert.Throws<EmailReadException>(() => EmailReader.Read(new MemoryStream())).Reason);
        Assert.Equal(EmailReadFailure.Empty, Assert.Throws<EmailReadException>(() => Read("\r\n  \r\n")).Reason);
        Assert.Equal(EmailReadFailure.Empty, Assert.Throws<EmailReadException>(() => EmailReader.ReadHtml("  ")).Reason);
    }

    [Fact]
    public void Oversized_input_is_rejected_with_its_own_reason()
    {
        var options = new EmailReaderOptions { MaxBytes = 1024 };
        var big = Headers + "Content-Type: text/plain\n\n" + new string('x', 4096);
        var ex = Assert.Throws<EmailReadException>(() => EmailReader.Read(Mime(big), options));
        Assert.Equal(EmailReadFailure.TooLarge, ex.Reason);
        Assert.Contains("too large", ex.Message, StringComparison.Ordinal);

        // Non-seekable streams are cut off too, without reading everything.
        var unseekable = new BufferedStream(new NonSeekable(Mime(big)));
        Assert.Equal(EmailReadFailure.TooLarge, Assert.Throws<EmailReadException>(() => EmailReader.Read(unseekable, options)).Reason);
    }

    [Fact]
    public void Teams_html_alone_finds_the_pasted_forward_headers()
    {
        var parsed = EmailReader.ReadHtml("""
            <div>Please look at this</div>
            <hr><div><b>From:</b> Tom Wheeler &lt;tom@parent.example&gt;<br><b>Sent:</b> 17 November 2026 22:40<br>
            <b>To:</b> Office<br><b>Subject:</b> Reception group</div>
            <p>Lucy Barnes posted <script>alert(1)</script>"this is what they say".</p>
            """);
        Assert.Equal(new EmailPerson("Tom Wheeler", "tom@parent.example"), parsed.From);
        Assert.Equal("Reception group", parsed.Subject);
        Assert.Equal("Lucy Barnes posted \"this is what they say\".", parsed.Body);
        Assert.Equal(BodySource.TeamsMessageHtml, parsed.BodySource);
        Assert.Contains("Only the part of the email shown in Teams could be read.", parsed.Warnings);
        var draft = ConcernExtractor.Extract(parsed, TestCues.Context);
        Assert.Equal("Lucy Barnes", draft.PostedBy);
        Assert.Contains("Only the part of the email shown in Teams could be read.", draft.Warnings);
    }

    [Fact]
    public void Body_text_never_contains_control_characters_or_markup()
    {
        var parsed = Read(Headers + "Content-Type: text/plain; charset=utf-8\n\nHi\u0007 there\u202E &lt;b&gt; <script>x</script>\u0000\n");
        Assert.DoesNotContain(parsed.Body, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain("<script", parsed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', parsed.Body);
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
