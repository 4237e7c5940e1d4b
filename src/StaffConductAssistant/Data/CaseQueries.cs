using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Data;

/// <summary>
/// The access rule's <see cref="CaseScope"/> as a database filter, and a stored concern as the rule's
/// <see cref="CaseFacts"/>: the only place the rule meets the database, so a list and a single case agree.
/// </summary>
public static class CaseQueries
{
    /// <summary>The concerns <paramref name="scope"/> includes; the same test as <see cref="CaseScope.Includes"/>, in SQL.</summary>
    /// <param name="headmistressIds">The Headmistress's Entra object id (in local mode, every configured Headmistress), for cases that name her.</param>
    public static IQueryable<Concern> VisibleTo(this IQueryable<Concern> concerns, CaseScope scope, IReadOnlyCollection<string> headmistressIds)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Nothing)
        {
            return concerns.Where(c => false);
        }

        var me = UserKey(scope.UserId);
        var asGiven = scope.UserId;
        var heads = headmistressIds.Select(UserKey).ToList();
        var all = scope.All;
        var safeguarding = scope.Safeguarding;
        var headNamed = scope.HeadmistressNamed && heads.Count > 0;

        // CasePerson user ids are stored lower case (UserKey); the logger's id is compared as given and lower case.
        return concerns.Where(c =>
            (!c.People.Any(p => p.Kind == CasePersonKind.Named && p.UserId == me) || c.People.Any(p => p.Kind == CasePersonKind.Shared && p.UserId == me))
            && (all
                || (safeguarding && c.Safeguarding)
                || (headNamed && c.People.Any(p => p.Kind == CasePersonKind.Named && heads.Contains(p.UserId)))
                || c.LoggedByUserId == asGiven || c.LoggedByUserId == me
                || c.People.Any(p => (p.Kind == CasePersonKind.Shared || p.Kind == CasePersonKind.TaskOwner) && p.UserId == me)));
    }

    /// <summary>What the access rule needs about a stored concern; its <see cref="Concern.People"/> must be loaded (and its <see cref="Concern.SiteBan"/>, for site-ban steps).</summary>
    public static CaseFacts ToFacts(this Concern c, IReadOnlyCollection<string> headmistressIds)
    {
        ArgumentNullException.ThrowIfNull(c);
        var named = c.People.Where(p => p.Kind == CasePersonKind.Named).Select(p => p.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var shared = c.People.Where(p => p.Kind == CasePersonKind.Shared).Select(p => p.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var owners = c.People.Where(p => p.Kind == CasePersonKind.TaskOwner).Select(p => p.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new CaseFacts(
            c.Id,
            c.State,
            c.LoggedByUserId,
            named,
            shared,
            c.Safeguarding,
            headmistressIds.Any(named.Contains),
            c.ProposedByUserId,
            c.SiteBan?.State)
        {
            TaskOwners = owners,
        };
    }

    /// <summary>User ids are kept lower case wherever the rule compares them in SQL.</summary>
    public static string UserKey(string userId) => (userId ?? string.Empty).Trim().ToLowerInvariant();
}
