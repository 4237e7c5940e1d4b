using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace StaffConductAssistant.Email;

/// <summary>
/// Reads an email (raw MIME, or the HTML of a Teams message) down to the concerned
/// parent's own message: follows emails attached as message/rfc822 and emails pasted
/// inline under forward headers, iteratively, so depth never costs stack.
/// </summary>
public static class EmailReader
{
    private const string NotAnEmail = "This doesn't look like an email.";
    private const string EmptyEmail = "The email is empty.";

    static EmailReader()
    {
        // windows-1252 and friends are not built into .NET; register them once for MimeKit and us.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>Reads raw MIME (an .eml file or a Graph MIME download).</summary>
    /// <exception cref="EmailReadException">Empty, too large, or not an email; the message says which in plain English.</exception>
    public static ParsedEmail Read(Stream mime, EmailReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mime);
        options ??= EmailReaderOptions.Default;
        var bytes = ReadAllBounded(mime, options.MaxBytes);
        if (IsBlank(bytes))
        {
            throw new EmailReadException(EmailReadFailure.Empty, EmptyEmail);
        }

        MimeMessage top;
        try
        {
            // persistent: parts keep pointing into our buffer instead of copying it again.
            var parserOptions = ParserOptions.Default.Clone();
            parserOptions.MaxMimeDepth = options.MaxMimeDepth;
            top = MimeMessage.Load(parserOptions, new MemoryStream(bytes, writable: false), persistent: true);
        }
        catch (FormatException ex)
        {
            throw new EmailReadException(EmailReadFailure.NotAnEmail, NotAnEmail, ex);
        }

        if (!LooksLikeEmail(top))
        {
            throw new EmailReadException(EmailReadFailure.NotAnEmail, NotAnEmail);
        }

        var warnings = new List<string>();
        var hops = new List<ForwardHop>();
        var attachments = new List<EmailAttachment>();
        var current = top;
        var level = 0;
        LevelContent content;
        while (true)
        {
            content = Walk(current, level, attachments);
            if (content.NestedEmails.Count == 0)
            {
                break;
            }

            if (level >= options.MaxForwardDepth)
            {
                warnings.Add($"The email was forwarded more than {options.MaxForwardDepth} times; only the first {options.MaxForwardDepth} levels were read.");
                break;
            }

            if (content.NestedEmails.Count > 1)
            {
                warnings.Add($"{content.NestedEmails.Count} emails were attached together; only the first was read.");
            }

            hops.Add(new ForwardHop(PersonOf(current), DateOf(current), TextSanitizer.CleanLine(current.Subject), ForwardKind.Attached));
            current = content.NestedEmails[0];
            level++;
        }

        var body = string.Empty;
        var bodySource = BodySource.None;
        if (content.PlainBody is not null)
        {
            body = TextSanitizer.Clean(DecodeText(content.PlainBody), options.MaxBodyChars);
            bodySource = BodySource.PlainText;
        }

        if (body.Trim().Length == 0 && content.HtmlBody is not null)
        {
            body = HtmlText.ToPlainText(DecodeText(content.HtmlBody), options.MaxBodyChars);
            bodySource = BodySource.Html;
        }

        // Only a lone email with nothing in it is "empty"; a forward whose inner email is blank
        // (or lies past the depth cap) still has a sender and a chain worth showing.
        if (body.Trim().Length == 0 && attachments.Count == 0 && level == 0)
        {
            throw new EmailReadException(EmailReadFailure.Empty, "The email is empty: it has no text and no attachments.");
        }

        // No maintained .msg reader is served (MsgReader is not on the package feed; bench/extraction/README.md):
        // say so plainly instead of guessing at the binary (CFB) format.
        foreach (var msg in attachments.Where(a => a.Name.EndsWith(".msg", StringComparison.OrdinalIgnoreCase) || a.ContentType == "application/vnd.ms-outlook"))
        {
            warnings.Add($"'{msg.Name}' is an Outlook .msg file, which the app can't read; it is kept as evidence. To have it read, open it in Outlook and forward it as an email.");
        }

        var from = PersonOf(current);
        if (from is null)
        {
            warnings.Add("The forwarded email has no sender; the forwarder is shown instead.");
            from = hops.Count > 0 ? hops[^1].From : null;
        }

        var fromSource = hops.Count == 0
            ? "From header of the email"
            : string.Create(CultureInfo.InvariantCulture, $"From header of the innermost email (attached {hops.Count} level{(hops.Count == 1 ? string.Empty : "s")} deep)");
        var parsed = new ParsedEmail
        {
            From = from,
            FromSource = fromSource,
            Date = DateOf(current),
            Subject = TextSanitizer.CleanLine(current.Subject),
            MessageId = current.MessageId is { } id ? TextSanitizer.CleanLine(id, 998) : null,
            Body = body,
            BodySource = bodySource,
            Attachments = attachments,
            RawSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };

        return ApplyInlineForwards(parsed, hops, warnings, options, outerKnown: true);
    }

    /// <summary>
    /// Reads only the HTML of a Teams message (when the original email isn't available):
    /// finds the pasted "From: / Sent:" headers in the text to recover the parent's email.
    /// </summary>
    /// <summary>The warning every draft read from Teams' HTML carries (callers may replace it with a more precise one).</summary>
    public const string TeamsHtmlOnlyWarning = "Only the part of the email shown in Teams could be read.";

    public static ParsedEmail ReadHtml(string html, EmailReaderOptions? options = null)
    {
        options ??= EmailReaderOptions.Default;
        if (string.IsNullOrWhiteSpace(html))
        {
            throw new EmailReadException(EmailReadFailure.Empty, EmptyEmail);
        }

        var byteCount = Encoding.UTF8.GetByteCount(html);
        if (byteCount > options.MaxBytes)
        {
            throw TooLarge(byteCount, options.MaxBytes);
        }

        var text = PastedText.Unjoin(HtmlText.ToPlainText(html, options.MaxBodyChars));
        if (text.Length == 0)
        {
            throw new EmailReadException(EmailReadFailure.Empty, EmptyEmail);
        }

        var warnings = new List<string> { TeamsHtmlOnlyWarning };
        var parsed = new ParsedEmail
        {
            Body = text,
            BodySource = BodySource.TeamsMessageHtml,
            RawSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html))),
        };
        var result = ApplyInlineForwards(parsed, [], warnings, options, outerKnown: false);
        if (result.From is null)
        {
            result = result with { Warnings = [.. result.Warnings, "Couldn't find who wrote the original email."] };
        }

        return result;
    }

    /// <summary>If the body holds pasted forwards, the innermost one is the parent's email.</summary>
    private static ParsedEmail ApplyInlineForwards(ParsedEmail parsed, List<ForwardHop> hops, List<string> warnings, EmailReaderOptions options, bool outerKnown)
    {
        var split = InlineForwards.Split(parsed.Body, options.AssumedTimeZone);
        if (split.Blocks.Count == 0)
        {
            return parsed with { ForwardChain = hops, Warnings = warnings };
        }

        // A reply chain is not a forward: the parent replying ("RE: …", or quoting their own earlier email under it)
        // is still the author, and the earlier emails are context for the same concern.
        if (outerKnown && parsed.From is { } outer && (IsReply(parsed.Subject)
            || split.Blocks.Any(b => b.From is { Email.Length: > 0 } f && string.Equals(f.Email, outer.Email, StringComparison.OrdinalIgnoreCase))))
        {
            return parsed with { ForwardChain = hops, Warnings = warnings };
        }

        if (outerKnown)
        {
            hops.Add(new ForwardHop(parsed.From, parsed.Date, parsed.Subject, ForwardKind.Inline));
        }

        for (var k = 0; k < split.Blocks.Count - 1; k++)
        {
            var b = split.Blocks[k];
            hops.Add(new ForwardHop(b.From, b.Date, b.Subject ?? string.Empty, ForwardKind.Inline));
        }

        var inner = split.Blocks[^1];
        if (inner.RawDate is not null && inner.Date is null)
        {
            warnings.Add("Couldn't read the date of the original email.");
        }

        return parsed with
        {
            From = inner.From ?? parsed.From,
            FromSource = inner.From is null
                ? parsed.FromSource
                : string.Create(CultureInfo.InvariantCulture, $"'From:' line of the innermost forwarded email pasted into the body (forward {split.Blocks.Count} of {split.Blocks.Count})"),
            Date = inner.Date ?? (inner.RawDate is null ? parsed.Date : null),
            Subject = inner.Subject ?? parsed.Subject,
            MessageId = null, // Pasted forwards do not carry the original Message-ID.
            Body = split.InnermostBody,
            ForwardChain = hops,
            Warnings = warnings,
        };
    }

    /// <summary>"RE: Year 4 group" but not "RE: FW: …" (a reply to a forward is still a forward of the parent's email).</summary>
    private static bool IsReply(string subject)
    {
        var s = subject.TrimStart();
        return (s.StartsWith("re:", StringComparison.OrdinalIgnoreCase) || s.StartsWith("aw:", StringComparison.OrdinalIgnoreCase))
               && !s.Contains("fw:", StringComparison.OrdinalIgnoreCase) && !s.Contains("fwd:", StringComparison.OrdinalIgnoreCase);
    }

    private sealed record LevelContent(TextPart? PlainBody, TextPart? HtmlBody, List<MimeMessage> NestedEmails);

    /// <summary>Walks one message's parts with an explicit stack (no recursion).</summary>
    private static LevelContent Walk(MimeMessage message, int level, List<EmailAttachment> attachments)
    {
        TextPart? plain = null, html = null;
        var nested = new List<MimeMessage>();
        if (message.Body is null)
        {
            return new LevelContent(null, null, nested);
        }

        var stack = new Stack<MimeEntity>();
        stack.Push(message.Body);
        while (stack.Count > 0)
        {
            var entity = stack.Pop();
            switch (entity)
            {
                case Multipart multipart:
                    for (var k = multipart.Count - 1; k >= 0; k--)
                    {
                        stack.Push(multipart[k]);
                    }

                    break;
                case MessagePart { Message: { } inner }:
                    nested.Add(inner);
                    break;
                case TextPart text when !text.IsAttachment && text.FileName is null && text.IsPlain && plain is null:
                    plain = text;
                    break;
                case TextPart text when !text.IsAttachment && text.FileName is null && text.IsHtml && html is null:
                    html = text;
                    break;
                case TextPart text when !text.IsAttachment && text.FileName is null && (text.IsPlain || text.IsHtml):
                    // A further alternative or body fragment, not a file.
                    break;
                case MimePart part:
                    attachments.Add(ToAttachment(part, level, attachments.Count + 1));
                    break;
            }
        }

        return new LevelContent(plain, html, nested);
    }

    private static EmailAttachment ToAttachment(MimePart part, int level, int index)
    {
        var contentType = part.ContentType.MimeType.ToLowerInvariant();
        var name = part.FileName;
        if (string.IsNullOrWhiteSpace(name))
        {
            name = string.Create(CultureInfo.InvariantCulture, $"attachment-{index}")
                   + (MimeTypes.TryGetExtension(contentType, out var ext) ? ext : string.Empty);
        }

        // Keep only the file name: a sender-chosen path must never become one of ours.
        name = name.Replace('\\', '/');
        name = TextSanitizer.CleanLine(name[(name.LastIndexOf('/') + 1)..], 200);
        if (name.Length == 0)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"attachment-{index}");
        }

        long size = 0;
        if (part.Content is not null)
        {
            using var counter = new CountingStream();
            part.Content.DecodeTo(counter);
            size = counter.Length;
        }

        return new EmailAttachment(name, contentType, size, level, part);
    }

    /// <summary>
    /// Decodes a text part. Mail programs often label windows-1252 text as iso-8859-1 or send no
    /// charset at all, so: no charset → UTF-8 if valid, else windows-1252; latin1/ascii → windows-1252.
    /// </summary>
    internal static string DecodeText(TextPart part)
    {
        if (part.Content is null)
        {
            return string.Empty;
        }

        using var ms = new MemoryStream();
        part.Content.DecodeTo(ms);
        var bytes = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        var charset = part.ContentType.Charset?.Trim().ToLowerInvariant();
        var windows1252 = Encoding.GetEncoding(1252);
        switch (charset)
        {
            case null or "":
                try
                {
                    return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    return windows1252.GetString(bytes);
                }

            case "iso-8859-1" or "iso8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "windows-1252" or "cp1252":
                return windows1252.GetString(bytes);
            default:
                try
                {
                    return Encoding.GetEncoding(charset).GetString(bytes);
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException)
                {
                    // Unknown charset name, or one .NET refuses to decode (utf-7 is disabled since .NET 5, SYSLIB0001):
                    // UTF-8 with replacement characters is the least bad guess, and ASCII text survives it intact.
                    return Encoding.UTF8.GetString(bytes);
                }
        }
    }

    /// <summary>Garbage parses as "an email" too; insist on a sender and some other real header.</summary>
    private static bool LooksLikeEmail(MimeMessage message)
    {
        var hasFrom = message.From.Mailboxes.Any(m => !string.IsNullOrWhiteSpace(m.Address));
        var headers = message.Headers;
        var hasOther = headers.Contains(HeaderId.Date) || headers.Contains(HeaderId.Subject) || headers.Contains(HeaderId.MessageId);
        return hasFrom && hasOther;
    }

    private static EmailPerson? PersonOf(MimeMessage message)
    {
        var mailbox = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        if (mailbox is null)
        {
            return null;
        }

        return new EmailPerson(TextSanitizer.CleanLine(mailbox.Name ?? string.Empty, 200), TextSanitizer.CleanLine(mailbox.Address ?? string.Empty, 320).ToLowerInvariant());
    }

    private static DateTimeOffset? DateOf(MimeMessage message) =>
        message.Headers.Contains(HeaderId.Date) && message.Date != DateTimeOffset.MinValue ? message.Date : null;

    private static byte[] ReadAllBounded(Stream stream, long maxBytes)
    {
        // A caller's whole buffer, exposed (DraftReader does): used as it is, not copied. For a 20 MB email each copy
        // is 20 MB more garbage on the large-object heap (bench/reliability/memory.py).
        if (stream is MemoryStream { Position: 0 } whole && whole.TryGetBuffer(out var exposed) && exposed is { Offset: 0, Array: { } array }
            && exposed.Count == array.Length)
        {
            if (array.LongLength > maxBytes)
            {
                throw TooLarge(array.LongLength, maxBytes);
            }

            whole.Position = array.Length;
            return array;
        }

        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > maxBytes)
            {
                throw TooLarge(remaining, maxBytes);
            }

            var exact = new byte[remaining];
            stream.ReadExactly(exact);
            return exact;
        }

        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + read > maxBytes)
            {
                throw TooLarge(ms.Length + read, maxBytes);
            }

            ms.Write(buffer, 0, read);
        }

        return ms.ToArray();
    }

    private static EmailReadException TooLarge(long size, long max) =>
        new(EmailReadFailure.TooLarge, string.Create(
            CultureInfo.InvariantCulture,
            $"The email is too large to read ({size / 1048576.0:0.#} MB; the limit is {max / 1048576.0:0.#} MB)."));

    private static bool IsBlank(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not (0x20 or 0x09 or 0x0A or 0x0D or 0x00))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Counts decoded bytes without keeping them, to size attachments cheaply.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
