using StaffConductAssistant.Hosting;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ProposeResponse;

/// <summary>A letter the school sends for a response option, with {placeholders} filled from the case.</summary>
public sealed record LetterTemplate(string Id, string ResponseId, string Title, string Subject, string Text)
{
    /// <summary>The stored version these words are (<see cref="Data.LetterTemplateVersion"/>); 0 for the shipped file's text.</summary>
    public int Version { get; init; }
}

/// <summary>
/// The school's letter templates, as data (letter-templates.json beside this file) so wording changes need no code.
/// Placeholders: {parentName}, {group}, {date}, {policyQuotes}, {moderatorName} (from the roster); {signature} is
/// left in the proposed text and filled only when the letter goes out, with whoever decided (<see cref="Sign"/>).
/// </summary>
public sealed partial class LetterTemplates
{
    public const string FileName = "letter-templates.json";

    public LetterTemplates(IReadOnlyList<LetterTemplate> templates)
    {
        All = templates;
    }

    public IReadOnlyList<LetterTemplate> All { get; }

    public LetterTemplate? Find(string? id) => All.FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    /// <summary>Response ids that come with a letter (a cautionary notice, a meeting invitation).</summary>
    public bool IsLetterResponse(string responseId) => All.Any(t => t.ResponseId == responseId);

    /// <summary>The template to start from for the chosen responses: the first chosen one that has a letter.</summary>
    public LetterTemplate? ForResponses(IEnumerable<string> responseIds) =>
        responseIds.Select(r => All.FirstOrDefault(t => t.ResponseId == r)).FirstOrDefault(t => t is not null);

    public static LetterTemplates LoadFrom(string path)
    {
        using var stream = File.OpenRead(path);
        var file = JsonSerializer.Deserialize<TemplateFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{path} is empty.");
        var templates = file.Templates ?? [];
        if (templates.Count == 0 || templates.Any(t => string.IsNullOrWhiteSpace(t.Id) || string.IsNullOrWhiteSpace(t.Text)))
        {
            throw new InvalidOperationException($"{path} must list templates, each with an id and a text.");
        }

        return new LetterTemplates(templates);
    }

    /// <summary>The letter for this case: placeholders filled, the policy's words quoted for each kind of conduct found.</summary>
    public static string Fill(LetterTemplate template, Concern concern, PolicyCatalogue catalogue, Moderator? moderator = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(concern);
        ArgumentNullException.ThrowIfNull(catalogue);
        var quotes = ConcernLists.Read(concern.ConductIdsJson)
            .Select(catalogue.FindConduct)
            .OfType<ConductKind>()
            .Select(c => $"• “{c.Quote}”")
            .ToList();
        var date = SchoolTime.LongDate(concern.EmailSentAt ?? concern.LoggedAt);
        return template.Text
            .Replace("{parentName}", concern.PostedBy, StringComparison.Ordinal)
            .Replace("{moderatorName}", moderator?.ParentName ?? NoModerator, StringComparison.Ordinal)
            .Replace("{group}", concern.Group, StringComparison.Ordinal)
            .Replace("{date}", date, StringComparison.Ordinal)
            .Replace("{policyQuotes}", quotes.Count > 0 ? string.Join('\n', quotes) : "• “Messages posted on the WhatsApp Year Groups should be supportive and respectful of all other group users”", StringComparison.Ordinal);
    }

    /// <summary>Every placeholder a letter's text may use: what <see cref="Fill"/> and <see cref="Sign"/> replace.</summary>
    public static readonly IReadOnlyList<string> BodyPlaceholders = ["{parentName}", "{group}", "{date}", "{policyQuotes}", "{moderatorName}", SignaturePlaceholder];

    /// <summary>
    /// The placeholders one template's text may use: the common ones, and those its shipped text uses, which the
    /// feature that sends it fills (a site ban's letters name its scope and dates: SiteBans.SiteBanLetters).
    /// </summary>
    public static IReadOnlyList<string> PlaceholdersFor(LetterTemplate shipped)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        return [.. BodyPlaceholders, .. UnknownPlaceholders(shipped.Text, BodyPlaceholders)];
    }

    /// <summary>The placeholders a subject may use: what <see cref="SubjectFor"/> replaces.</summary>
    public static readonly IReadOnlyList<string> SubjectPlaceholders = ["{group}"];

    /// <summary>
    /// The {words} in a text that are not in <paramref name="known"/>, in the order written: an edited template that
    /// names one would go out with the braces in it, so the editor refuses it (a typo like {parentname} included).
    /// </summary>
    public static IReadOnlyList<string> UnknownPlaceholders(string text, IReadOnlyList<string> known)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(known);
        return Placeholder().Matches(text).Select(m => m.Value).Where(p => !known.Contains(p, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
    }

    [GeneratedRegex(@"\{[^{}\r\n]{0,60}\}")]
    private static partial Regex Placeholder();

    /// <summary>What {moderatorName} becomes when the roster has no moderator for the group: plainly not a name.</summary>
    public const string NoModerator = "[no moderator is on the roster for this group]";

    public const string SignaturePlaceholder = "{signature}";

    /// <summary>
    /// The letter as it goes out, signed by whoever decided, by name and title (DfE: letters are normally signed by
    /// the head; when the acting Headmistress decided, she signs as acting Headmistress). Before a decision the
    /// placeholder stays, so nobody signs for someone who has not decided.
    /// </summary>
    public static string Sign(string text, Concern concern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(concern);
        return concern.DecidedByName is { Length: > 0 } name
            ? text.Replace(SignaturePlaceholder, name + "\n" + Title(concern.DecidedByRole), StringComparison.Ordinal)
            : text;
    }

    public static string Title(StaffRole? role) => role == StaffRole.ActingHeadmistress ? "Acting Headmistress" : "Headmistress";

    /// <summary>The subject for this case (a template's subject may name the group).</summary>
    public static string SubjectFor(LetterTemplate? template, Concern concern)
    {
        ArgumentNullException.ThrowIfNull(concern);
        return (template?.Subject ?? "St John's Priory School").Replace("{group}", concern.Group, StringComparison.Ordinal);
    }

    /// <summary>The group's current moderator on the roster, if the school has been told of one.</summary>
    public static Moderator? ModeratorFor(IEnumerable<Moderator> roster, string group)
    {
        ArgumentNullException.ThrowIfNull(roster);
        return roster.Where(m => m.RetiredAt is null)
            .OrderByDescending(m => m.UpdatedAt)
            .FirstOrDefault(m => string.Equals(m.Group.Trim(), group.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private sealed class TemplateFile
    {
        public List<LetterTemplate>? Templates { get; set; }
    }
}
