namespace StaffConductAssistant.Graph;

public enum OriginalEmailStatus
{
    /// <summary>The message and the original email (.eml bytes) were read.</summary>
    Found,

    /// <summary>The message was read but no original email file could be found; use its HTML.</summary>
    MessageOnly,

    /// <summary>The original email is an Outlook .msg file, which the app can't read; the message HTML is available.</summary>
    UnsupportedFormat,

    /// <summary>The original email is bigger than the configured cap; it was not downloaded. The message HTML is available.</summary>
    TooLarge,

    /// <summary>Graph isn't configured, or the app has no permission to read the message.</summary>
    NotAvailable,

    /// <summary>The message has been deleted.</summary>
    Deleted,

    /// <summary>Graph says there is no such message.</summary>
    NotFound,

    /// <summary>Graph failed, or didn't answer within the time budget.</summary>
    Failed,
}

/// <summary>The Teams message as Graph returns it (the full HTML, not the invoke's preview).</summary>
public sealed record TeamsMessageDetails(
    string Id,
    string? Subject,
    string? BodyHtml,
    string? BodyContentType,
    string? FromUserId,
    string? FromDisplayName,
    DateTimeOffset? CreatedDateTime,
    string? WebUrl);

/// <summary>The original email's raw MIME bytes.</summary>
/// <param name="Source">Plain English, e.g. "the .eml file attached to the message".</param>
public sealed record OriginalEmailFile(string FileName, byte[] Content, string Source);

public sealed record OriginalEmailResult(
    OriginalEmailStatus Status,
    TeamsMessageDetails? Message = null,
    OriginalEmailFile? Email = null,
    string? Problem = null)
{
    /// <summary>Name of the email file that was seen but not read (TooLarge, UnsupportedFormat).</summary>
    public string? SkippedFileName { get; init; }

    public static OriginalEmailResult NotAvailable(string problem) => new(OriginalEmailStatus.NotAvailable, Problem: problem);

    public static OriginalEmailResult Failed(string problem) => new(OriginalEmailStatus.Failed, Problem: problem);
}
