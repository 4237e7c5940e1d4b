using System.Globalization;
using System.Net.Mail;
using System.Text.Json;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>What staff confirm in the "Log WhatsApp concern" form (or the tab's form, or the API).</summary>
public sealed record ConcernForm
{
    public Guid? DraftId { get; init; }

    public string? ReporterName { get; init; }

    public string? ReporterEmail { get; init; }

    public string? SentAt { get; init; }

    public string? Group { get; init; }

    public string? PostedBy { get; init; }

    public string? Quote { get; init; }

    public IReadOnlyList<string> Conduct { get; init; } = [];

    public IReadOnlyList<string> NamedChildren { get; init; } = [];

    public IReadOnlyList<string> NamedStaff { get; init; } = [];

    public bool ChildAtRisk { get; init; }

    public string? Notes { get; init; }

    /// <summary>Which parent record the concern is about: a record's id, <see cref="ParentChoice.NewValue"/>, or empty to let the app decide.</summary>
    public string? ParentId { get; init; }

    /// <summary>The posting parent's own email address, when staff know it: the strongest match to a record.</summary>
    public string? PostedByEmail { get; init; }

    public const int MaxText = 4000;

    public const int MaxEmail = 254;

    public const int MaxNames = 30;

    public const int MaxName = 120;

    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd", "d MMM yyyy HH:mm", "d MMM yyyy, HH:mm",
        "d MMMM yyyy HH:mm", "d MMM yyyy", "d MMMM yyyy", "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "d/M/yyyy",
    ];

    /// <summary>Reads the dialog's submitted inputs (Adaptive Card input values are strings; multi-select is comma-separated).</summary>
    public static ConcernForm FromCardData(JsonElement? data)
    {
        string? Text(string name) =>
            data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;

        return new ConcernForm
        {
            DraftId = Guid.TryParse(Text("draftId"), out var id) ? id : null,
            ReporterName = Text("reporterName"),
            ReporterEmail = Text("reporterEmail"),
            SentAt = Text("sentAt"),
            Group = Text("group"),
            PostedBy = Text("postedBy"),
            Quote = Text("quote"),
            Conduct = SplitList(Text("conduct"), ','),
            NamedChildren = SplitList(Text("namedChildren"), ',', ';'),
            NamedStaff = SplitList(Text("namedStaff"), ',', ';'),
            ChildAtRisk = string.Equals(Text("childAtRisk"), "true", StringComparison.OrdinalIgnoreCase),
            Notes = Text("notes"),
            ParentId = Text("parentId"),
            PostedByEmail = Text("postedByEmail"),
        };
    }

    public static IReadOnlyList<string> SplitList(string? value, params char[] separators) =>
        string.IsNullOrWhiteSpace(value)
            ? []
            : [.. value.Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Plain-English problems, keyed by field; empty when the form can be logged.</summary>
    public IReadOnlyDictionary<string, string> Validate(ISet<string> knownConductIds)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Group))
        {
            errors["group"] = "Say which class or year group the WhatsApp group is for.";
        }

        if (string.IsNullOrWhiteSpace(PostedBy))
        {
            errors["postedBy"] = "Say which parent posted the message (as far as you know).";
        }

        else if (Subjects.ParentNames.NamesSeveral(PostedBy))
        {
            var names = Subjects.ParentNames.Split(PostedBy);
            errors["postedBy"] = $"This names {names.Count} parents ({string.Join("; ", names)}). A concern is about one parent, so each has their own record: "
                + $"write here the one whose post this concern is about, and name {string.Join(" and ", names.Skip(1))} in the notes so SLT can follow it up.";
        }

        if (string.IsNullOrWhiteSpace(Quote))
        {
            errors["quote"] = "Say what was posted, in the reporter's words if you have them.";
        }

        if (Conduct.Count == 0)
        {
            errors["conduct"] = "Choose at least one kind of conduct from the policy.";
        }
        else if (Conduct.FirstOrDefault(c => !knownConductIds.Contains(c)) is { } unknown)
        {
            errors["conduct"] = $"\"{unknown}\" is not one of the policy's kinds of conduct.";
        }

        if (!string.IsNullOrWhiteSpace(ReporterEmail) && !MailAddress.TryCreate(ReporterEmail.Trim(), out _))
        {
            errors["reporterEmail"] = "That email address doesn't look right. Correct it or leave it empty.";
        }

        if (!string.IsNullOrWhiteSpace(PostedByEmail) && (PostedByEmail.Length > MaxEmail || !MailAddress.TryCreate(PostedByEmail.Trim(), out _)))
        {
            errors["postedByEmail"] = "That email address doesn't look right. Correct it or leave it empty.";
        }

        if (ParentId is { Length: > 0 } parent && !string.Equals(parent.Trim(), ParentChoice.NewValue, StringComparison.OrdinalIgnoreCase)
            && !int.TryParse(parent, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            errors["parentId"] = "Choose one of the parents offered, or a new parent record.";
        }

        if (!string.IsNullOrWhiteSpace(SentAt) && ParseSentAt() is null)
        {
            errors["sentAt"] = "Write the date like 16 Nov 2026 21:14, or leave it empty.";
        }

        foreach (var (name, value) in new[] { ("reporterName", ReporterName), ("group", Group), ("postedBy", PostedBy) })
        {
            if (value is { Length: > 200 })
            {
                errors[name] = "This is too long (200 characters at most).";
            }
        }

        // Server-side limits on every stored field (the card's maxLength is only a hint).
        if (ReporterEmail is { Length: > MaxEmail })
        {
            errors["reporterEmail"] = $"This is too long ({MaxEmail} characters at most).";
        }

        if (SentAt is { Length: > 64 })
        {
            errors["sentAt"] = "This is too long (64 characters at most).";
        }

        foreach (var (name, list) in new[] { ("namedChildren", NamedChildren), ("namedStaff", NamedStaff) })
        {
            if (list.Count > MaxNames || list.Any(n => n.Length > MaxName))
            {
                errors[name] = $"Name at most {MaxNames} people here, each in {MaxName} characters at most.";
            }
        }

        if (Quote is { Length: > MaxText } || Notes is { Length: > MaxText })
        {
            errors[Quote is { Length: > MaxText } ? "quote" : "notes"] = $"This is too long ({MaxText} characters at most).";
        }

        return errors;
    }

    /// <summary>UK times: a date typed without a zone is school (Europe/London) time.</summary>
    public DateTimeOffset? ParseSentAt()
    {
        if (string.IsNullOrWhiteSpace(SentAt))
        {
            return null;
        }

        var text = SentAt.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && HasZone(text))
        {
            return withOffset;
        }

        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.GetCultureInfo("en-GB"), DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            var zone = UkZone();
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }

        return null;
    }

    public static string FormatSentAt(DateTimeOffset? value) =>
        value is { } v ? TimeZoneInfo.ConvertTime(v, UkZone()).ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB")) : string.Empty;

    private static bool HasZone(string text) => text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || (text.Length > 19 && text[19..].Contains('-', StringComparison.Ordinal));

    private static TimeZoneInfo UkZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out var zone) ? zone : TimeZoneInfo.Utc;
}
