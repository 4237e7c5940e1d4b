namespace StaffConductAssistant.Email;

/// <summary>Limits and assumptions for <see cref="EmailReader"/>.</summary>
public sealed record EmailReaderOptions
{
    public static EmailReaderOptions Default { get; } = new();

    /// <summary>Largest email accepted, in bytes (25 MB: the common mail-server limit).</summary>
    public long MaxBytes { get; init; } = 25L * 1024 * 1024;

    /// <summary>
    /// How many forwards deep we follow before stopping with a warning. Real chains are a few deep; each level attached
    /// costs the parser about 100 KB, and an email attached 1,000 deep took the process 140 MB higher (issue 16), so the
    /// parser itself stops nesting just past this (<see cref="MaxMimeDepth"/>).
    /// </summary>
    public int MaxForwardDepth { get; init; } = 50;

    /// <summary>MimeKit's nesting limit: an attached forward is two levels (multipart, then message/rfc822).</summary>
    public int MaxMimeDepth => MaxForwardDepth * 2 + 8;

    /// <summary>Cap on the body text kept for the innermost email.</summary>
    public int MaxBodyChars { get; init; } = 200_000;

    /// <summary>
    /// Time zone assumed for inline forward dates written without one ("Sent: 17 November 2026 22:40").
    /// The school is in Banbury, so UK time.
    /// </summary>
    public TimeZoneInfo AssumedTimeZone { get; init; } = FindUkTimeZone();

    private static TimeZoneInfo FindUkTimeZone()
    {
        foreach (var id in new[] { "Europe/London", "GMT Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var tz))
            {
                return tz;
            }
        }

        return TimeZoneInfo.Utc;
    }
}

/// <summary>Why an email could not be read.</summary>
public enum EmailReadFailure
{
    Empty,
    NotAnEmail,
    TooLarge,
}

/// <summary>Thrown when the input cannot be treated as an email; <see cref="Exception.Message"/> is plain English for staff.</summary>
public sealed class EmailReadException : Exception
{
    public EmailReadException()
    {
    }

    public EmailReadException(string message)
        : base(message)
    {
    }

    public EmailReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EmailReadException(EmailReadFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    public EmailReadFailure Reason { get; }
}
