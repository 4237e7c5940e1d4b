using MimeKit;

namespace StaffConductAssistant.Email;

/// <summary>A person as written in an email header: a display name and/or an address.</summary>
public sealed record EmailPerson(string Name, string Email)
{
    public override string ToString() => Name.Length > 0 ? Name : Email;
}

/// <summary>How a forwarded email was carried inside the one outside it.</summary>
public enum ForwardKind
{
    /// <summary>The email itself was attached (message/rfc822).</summary>
    Attached,

    /// <summary>The email was pasted into the body under a "From: / Sent:" header block.</summary>
    Inline,
}

/// <summary>One step of the forward chain: someone who forwarded the concern on, and when.</summary>
public sealed record ForwardHop(EmailPerson? From, DateTimeOffset? Date, string Subject, ForwardKind HowForwarded);

/// <summary>Where the readable body of the parent's email came from.</summary>
public enum BodySource
{
    None,
    PlainText,
    Html,
    TeamsMessageHtml,
}

/// <summary>
/// A file carried by the email (at any level of forwarding). Kept as evidence, so the bytes
/// stay available; they are decoded only when asked for.
/// </summary>
public sealed class EmailAttachment
{
    private readonly MimePart? _part;
    private readonly byte[]? _bytes;

    internal EmailAttachment(string name, string contentType, long size, int level, MimePart part)
    {
        Name = name;
        ContentType = contentType;
        Size = size;
        Level = level;
        _part = part;
    }

    /// <summary>For callers (and tests) that already hold the bytes.</summary>
    public EmailAttachment(string name, string contentType, byte[] bytes, int level = 0)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Name = name;
        ContentType = contentType;
        Size = bytes.Length;
        Level = level;
        _bytes = bytes;
    }

    /// <summary>File name, cleaned of paths and control characters.</summary>
    public string Name { get; }

    /// <summary>MIME type, e.g. "image/png".</summary>
    public string ContentType { get; }

    /// <summary>Decoded size in bytes.</summary>
    public long Size { get; }

    /// <summary>0 = attached to the outermost email; higher = inside forwarded emails.</summary>
    public int Level { get; }

    /// <summary>Writes the decoded bytes to <paramref name="destination"/>.</summary>
    public void CopyTo(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (_bytes is not null)
        {
            destination.Write(_bytes);
        }
        else
        {
            _part?.Content?.DecodeTo(destination);
        }
    }

    /// <summary>The decoded bytes.</summary>
    public byte[] GetBytes()
    {
        if (_bytes is not null)
        {
            return (byte[])_bytes.Clone();
        }

        using var ms = new MemoryStream(Size > 0 && Size < int.MaxValue ? (int)Size : 0);
        CopyTo(ms);
        return ms.ToArray();
    }
}

/// <summary>
/// The email as the concerned parent wrote it: the innermost message's headers and words,
/// plus who passed it on and everything attached along the way.
/// </summary>
public sealed record ParsedEmail
{
    /// <summary>The innermost author (the parent); null only when read from Teams HTML without headers.</summary>
    public EmailPerson? From { get; init; }

    /// <summary>Plain-English account of where <see cref="From"/> was found, for staff to check.</summary>
    public string FromSource { get; init; } = "From header of the email";

    public DateTimeOffset? Date { get; init; }

    public string Subject { get; init; } = string.Empty;

    public string? MessageId { get; init; }

    /// <summary>Plain text of the innermost message: no HTML, no control characters.</summary>
    public string Body { get; init; } = string.Empty;

    public BodySource BodySource { get; init; }

    /// <summary>Outermost first: who forwarded the concern on, ending just outside the parent's email.</summary>
    public IReadOnlyList<ForwardHop> ForwardChain { get; init; } = [];

    /// <summary>All files at every level, except the forwarded emails themselves.</summary>
    public IReadOnlyList<EmailAttachment> Attachments { get; init; } = [];

    /// <summary>Lower-case hex SHA-256 of the bytes we were given, to prove later what was read.</summary>
    public string RawSha256 { get; init; } = string.Empty;

    /// <summary>Plain-English notes about anything the reader had to guess or give up on.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
