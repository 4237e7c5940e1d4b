using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StaffConductAssistant.Email;

/// <summary>Where a prefilled value came from, in words staff can check against the email.</summary>
public sealed record FieldSource(string Explanation)
{
    public override string ToString() => Explanation;
}

/// <summary>A conduct item the email's words suggest, with the words that suggested it.</summary>
public sealed record ConductSuggestion(string ConductId, IReadOnlyList<string> Words, FieldSource Source);

/// <summary>A file attached to the email, as listed on the form.</summary>
public sealed record AttachmentInfo(string Name, string ContentType, long Size);

/// <summary>
/// The prefill for a "WhatsApp concern" form. Every value is a suggestion for staff to
/// confirm; <see cref="Sources"/> says where each one came from.
/// </summary>
public sealed record EmailDraft
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public EmailPerson? Reporter { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string Subject { get; init; } = string.Empty;

    /// <summary>Canonical class/year group, e.g. "Year 4" or "Reception Robins".</summary>
    public string? Group { get; init; }

    /// <summary>The parent whose post is the concern (names joined with " and " when several).</summary>
    public string? PostedBy { get; init; }

    /// <summary>What was posted, as the reporter quoted it; fragments joined with " … ".</summary>
    public string? Quote { get; init; }

    public IReadOnlyList<ConductSuggestion> Suggestions { get; init; } = [];

    public IReadOnlyList<string> Conduct => [.. Suggestions.Select(s => s.ConductId)];

    public IReadOnlyList<string> NamedChildren { get; init; } = [];

    public IReadOnlyList<string> NamedStaff { get; init; } = [];

    public IReadOnlyList<AttachmentInfo> Attachments { get; init; } = [];

    /// <summary>A WhatsApp chat pasted into or attached to the email, message by message (empty when there is none).</summary>
    public IReadOnlyList<ChatMessage> Timeline { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsLikelyConcern { get; init; }

    /// <summary>0–1: how much this reads like a WhatsApp group concern.</summary>
    public double ConcernScore { get; init; }

    public IReadOnlyList<string> ConcernReasons { get; init; } = [];

    /// <summary>Field name (camelCase, as in the API) → where its value came from, in field order.</summary>
    public IReadOnlyList<KeyValuePair<string, FieldSource>> Sources { get; init; } = [];

    /// <summary>Where the named field's value came from, or null when it was left empty.</summary>
    public FieldSource? SourceOf(string field) =>
        Sources.FirstOrDefault(s => string.Equals(s.Key, field, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The JSON the HTTP API returns (camelCase).</summary>
    public JsonObject ToApiJsonObject()
    {
        var sources = new JsonObject();
        foreach (var (field, source) in Sources)
        {
            sources[field] = source.Explanation;
        }

        return new JsonObject
        {
            ["reporter"] = Reporter is null ? null : new JsonObject { ["name"] = Reporter.Name, ["email"] = Reporter.Email },
            ["sentAt"] = SentAt?.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["subject"] = Subject,
            ["group"] = Group,
            ["postedBy"] = PostedBy,
            ["quote"] = Quote,
            ["conduct"] = new JsonArray([.. Conduct.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["namedChildren"] = new JsonArray([.. NamedChildren.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["namedStaff"] = new JsonArray([.. NamedStaff.Select(c => (JsonNode?)JsonValue.Create(c))]),
            ["attachments"] = new JsonArray([.. Attachments.Select(a => (JsonNode?)new JsonObject
            {
                ["name"] = a.Name,
                ["contentType"] = a.ContentType,
                ["size"] = a.Size,
            })]),
            // Added for issue 14; "time" is the phone's wall-clock time as the chat shows it, so it has no offset.
            ["timeline"] = TimelineJson(Timeline),
            ["warnings"] = new JsonArray([.. Warnings.Select(w => (JsonNode?)JsonValue.Create(w))]),
            ["isLikelyConcern"] = IsLikelyConcern,
            ["concernScore"] = ConcernScore,
            ["concernReasons"] = new JsonArray([.. ConcernReasons.Select(r => (JsonNode?)JsonValue.Create(r))]),
            ["sources"] = sources,
            ["suggestions"] = new JsonArray([.. Suggestions.Select(s => (JsonNode?)new JsonObject
            {
                ["conduct"] = s.ConductId,
                ["words"] = new JsonArray([.. s.Words.Select(w => (JsonNode?)JsonValue.Create(w))]),
                ["source"] = s.Source.Explanation,
            })]),
        };
    }

    /// <summary>[{time, author, text, source}]: the API's "timeline" and the stored ChatTimeline evidence.</summary>
    public static JsonArray TimelineJson(IReadOnlyList<ChatMessage> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return new JsonArray([.. timeline.Select(m => (JsonNode?)new JsonObject
        {
            ["time"] = m.Time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            ["author"] = m.Author,
            ["text"] = m.Text,
            ["source"] = m.Source,
        })]);
    }

    /// <summary>The API JSON as a string.</summary>
    public string ToApiJson() => ToApiJsonObject().ToJsonString(JsonOptions);
}

/// <summary>A conduct item from the policy catalogue and the phrases that hint at it.</summary>
public sealed record ConductCue(string ConductId, IReadOnlyList<string> Phrases);

/// <summary>What the school knows that helps the extractor; everything may be empty.</summary>
public sealed record ExtractionContext
{
    public static ExtractionContext Empty { get; } = new();

    /// <summary>Canonical group names the school has, e.g. "Reception Robins", "Year 1 Kingfishers".</summary>
    public IReadOnlyList<string> KnownGroups { get; init; } = [];

    /// <summary>Staff names, e.g. "Miss Turner" or "Emma Turner".</summary>
    public IReadOnlyList<string> KnownStaff { get; init; } = [];

    /// <summary>Conduct ids and their cue phrases (from the policy catalogue).</summary>
    public IReadOnlyList<ConductCue> ConductCues { get; init; } = [];

    /// <summary>Role words that name a particular member of staff.</summary>
    public IReadOnlyDictionary<string, string> StaffRoles { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Headmistress"] = "Mrs Jenkin",
    };
}
