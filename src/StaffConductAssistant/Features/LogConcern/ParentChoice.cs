using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>The form's answer to "which parent is this?": link an existing record, create one, or ask.</summary>
public abstract record ParentResolution
{
    public sealed record Existing(Parent Parent) : ParentResolution;

    public sealed record Fresh(Parent Parent) : ParentResolution;

    /// <summary>The form must ask: these records may be the parent; the message says so in plain words.</summary>
    public sealed record Ask(IReadOnlyList<ParentSuggestion> Suggestions, string Message) : ParentResolution;
}

/// <summary>
/// Links the name typed on the form to a parent record (issue 11), through the pure <see cref="ParentMatcher"/>.
/// Suggestions are offered only to those who see every case (SLT, the Headmistress): to anyone else a list of parents
/// on record would tell them which parents have concerns logged about them. For them a single same-email or
/// same-name-in-the-same-group match links silently, anything else is a new record, and SLT merge later.
/// </summary>
public sealed class ParentChoice(AppDbContext db)
{
    /// <summary>The form's value for "a new parent record".</summary>
    public const string NewValue = "new";

    public static bool MaySeeSuggestions(StaffMember who) => CaseAccess.ScopeOf(who).All;

    /// <summary>The parents on record the typed name may be, best first (empty for those who may not see them).</summary>
    public async Task<ParentMatch> MatchAsync(string? typedName, string? group, string? email, CancellationToken cancellationToken)
    {
        var key = ParentNames.Key(typedName);
        var surname = ParentNames.SurnameKey(typedName);
        var mail = ParentMatcher.NormaliseEmail(email);
        if (key.Length == 0 && mail is null)
        {
            return new ParentMatch([], null);
        }

        // Indexed lookups only (surname, name, email): a short list whatever the number of parents held.
        var candidates = await db.Parents.AsNoTracking()
            .Where(p => p.MergedIntoId == null && p.ErasedAt == null)
            .Where(p => p.SurnameKey == surname || p.NameKey == key || (mail != null && p.Email == mail))
            .OrderBy(p => p.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        return ParentMatcher.Match(typedName, group, email, candidates.Select(p => p.ToCandidate()));
    }

    public async Task<ParentResolution> ResolveAsync(StaffMember who, string typedName, string group, string? email, string? chosen, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(who);
        if (string.Equals(chosen?.Trim(), NewValue, StringComparison.OrdinalIgnoreCase))
        {
            return new ParentResolution.Fresh(Parent.Create(typedName, group, email, now));
        }

        var match = await MatchAsync(typedName, group, email, cancellationToken);
        var suggestions = MaySeeSuggestions(who) ? match.Suggestions : [];
        if (int.TryParse(chosen, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            // Only a record the form could have offered for this name: a stale choice (the name was changed after the
            // suggestions were drawn) or a guessed id is asked again, never linked.
            if (suggestions.Any(s => s.Parent.Id == id) && await db.Parents.SingleOrDefaultAsync(p => p.Id == id, cancellationToken) is { } picked)
            {
                return new ParentResolution.Existing(picked);
            }

            return new ParentResolution.Ask(suggestions, "The parent's name has changed since the suggestions were made. Choose again which parent this is.");
        }

        if (match.Automatic is { } automatic && await db.Parents.SingleOrDefaultAsync(p => p.Id == automatic.Id, cancellationToken) is { } linked)
        {
            return new ParentResolution.Existing(linked);
        }

        if (suggestions.Count > 0)
        {
            return new ParentResolution.Ask(suggestions, "This may be a parent already on record. Choose which one, or choose a new parent record.");
        }

        return new ParentResolution.Fresh(Parent.Create(typedName, group, email, now));
    }
}

/// <summary>One choice for "which parent is this?" on the tab's and the pane's form.</summary>
public sealed record ParentOption(int Id, string Name, IReadOnlyList<string> OtherNames, IReadOnlyList<string> Groups, string Reason, bool Likely)
{
    public static IReadOnlyList<ParentOption> From(IEnumerable<ParentSuggestion> suggestions) =>
        [.. suggestions.Select(s => new ParentOption(s.Parent.Id, s.Parent.Name, s.Parent.OtherNames, s.Parent.Groups, s.Explanation,
            s.Reason is MatchReason.SameEmail or MatchReason.SameNameSameGroup))];

    /// <summary>"Daniel Smith (Year 4): a short form of the name, same group" for a card's choice.</summary>
    public string Title => Name + (Groups.Count > 0 ? " (" + string.Join(", ", Groups) + ")" : string.Empty) + ": " + Reason;
}
