using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.CaseCard;

/// <summary>A concern with everything its card shows: history, guidance, the latest steps of its trail.</summary>
public sealed record CaseView(
    Concern Concern,
    CaseFacts Facts,
    IReadOnlyList<string> ConductIds,
    IReadOnlyList<string> NamedChildren,
    IReadOnlyList<string> NamedStaff,
    IReadOnlyList<string> ProposedResponseIds,
    IReadOnlyList<EarlierCase> ParentHistory,
    Guidance Guidance,
    IReadOnlyList<AuditEntry> Audit,
    Moderator? GroupModerator = null,
    LegalHold? Hold = null)
{
    /// <summary>The parent's earlier cases a card or page considers: enough for the guide, never the whole table.</summary>
    public const int MaxHistory = 20;

    /// <summary>Similar cases considered for precedents, newest first.</summary>
    public const int MaxPrecedents = 50;

    /// <summary>The latest steps of the trail a card shows (the case page shows it all).</summary>
    public const int MaxSteps = 10;

    /// <summary>Audit actions that record who looked, not what happened: on the case page, not on cards.</summary>
    public static IReadOnlySet<string> ViewActions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        AuditActions.Viewed, AuditActions.EvidenceDownloaded, AuditActions.AccessRefused,
    };

    /// <summary>
    /// Loads one case for one viewer. <paramref name="visible"/> narrows the other cases to those the viewer may see
    /// (the access rule's scope), so history and precedents never show a case they could not open.
    /// </summary>
    /// <param name="hide">A further, in-memory test for shared audiences (the SLT channel): true hides a case. It is given the
    /// other case as read for history (<see cref="Summary"/>: its state, dates, conduct, responses and people).</param>
    public static async Task<CaseView?> LoadAsync(
        AppDbContext db,
        PolicyCatalogue catalogue,
        int concernId,
        Func<IQueryable<Concern>, IQueryable<Concern>> visible,
        IReadOnlyCollection<string> headmistressIds,
        DateTimeOffset now,
        CancellationToken cancellationToken,
        Func<Concern, CancellationToken, Task<bool>>? hide = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(visible);
        // A request about the case (CaseActionDispatcher) has it tracked already, with what the card shows: a tracking
        // query would run several commands to hand back that same instance, so it is used as it is.
        var concern = db.Concerns.Local.FirstOrDefault(c => c.Id == concernId) is { } tracked
                      && db.Entry(tracked).Collection(c => c.Actions).IsLoaded && db.Entry(tracked).Collection(c => c.People).IsLoaded
                      && db.Entry(tracked).Collection(c => c.Meetings).IsLoaded && db.Entry(tracked).Collection(c => c.Tasks).IsLoaded
                      && db.Entry(tracked).Reference(c => c.SiteBan).IsLoaded
            ? tracked
            : await db.Concerns.Include(c => c.Actions).Include(c => c.People).Include(c => c.Meetings).Include(c => c.Tasks).Include(c => c.SiteBan).ThenInclude(b => b!.Steps).AsSplitQuery()
                .SingleOrDefaultAsync(c => c.Id == concernId, cancellationToken);
        if (concern is null)
        {
            return null;
        }

        var conduct = ConcernLists.Read(concern.ConductIdsJson);
        var others = visible(db.Concerns.AsNoTracking()).Where(c => c.Id != concern.Id);
        var loggedAt = concern.LoggedAt;
        var id = concern.Id;
        var earlier = await SameParent(others, concern)
            .Where(c => c.LoggedAt <= loggedAt || c.Id < id)
            .OrderByDescending(c => c.LoggedAt)
            .Take(MaxHistory)
            .Select(Summary)
            .ToListAsync(cancellationToken);
        var similar = conduct.Count == 0
            ? []
            : await OtherParents(others, concern)
                .Where(MentionsAny(conduct))
                .OrderByDescending(c => c.LoggedAt)
                .Take(MaxPrecedents)
                .Select(Summary)
                .ToListAsync(cancellationToken);
        if (hide is not null)
        {
            earlier = await WithoutAsync(earlier, hide, cancellationToken);
            similar = await WithoutAsync(similar, hide, cancellationToken);
        }

        var history = earlier.Select(ToEarlierCase).ToList();
        var precedents = similar.Where(c => ConcernLists.Read(c.ConductIdsJson).Intersect(conduct).Any()).Select(ToEarlierCase).ToList();
        var guidance = ProportionalityGuide.Assess(catalogue, new GuidanceRequest(
            conduct,
            concern.ChildAtRisk || ConcernLists.Read(concern.NamedChildrenJson).Count > 0,
            history,
            precedents,
            now));

        // The card shows the latest steps, never who looked: those are left out in SQL and the read stops at the limit,
        // so a case refreshed thousands of times (every refresh is a view in its trail) costs no more to draw.
        var subject = AuditSubjects.Case(concern.Id);
        var audit = (await db.AuditEntries.AsNoTracking()
                .Where(a => a.Subject == subject && a.Action != AuditActions.Viewed && a.Action != AuditActions.EvidenceDownloaded && a.Action != AuditActions.AccessRefused)
                .OrderByDescending(a => a.At)
                .Take(MaxSteps)
                .ToListAsync(cancellationToken))
            .OrderBy(a => a.At)
            .ToList();

        // The roster is small (one row per class group): read it whole and match the group as staff typed it.
        var roster = await db.Moderators.AsNoTracking().Where(m => m.RetiredAt == null).ToListAsync(cancellationToken);

        // The legal hold in force, if any (issue 11): SLT place or lift it from the card.
        var hold = await db.LegalHolds.AsNoTracking().Where(h => h.ConcernId == id && h.ReleasedAt == null).FirstOrDefaultAsync(cancellationToken);
        return new CaseView(
            concern,
            concern.ToFacts(headmistressIds),
            conduct,
            ConcernLists.Read(concern.NamedChildrenJson),
            ConcernLists.Read(concern.NamedStaffJson),
            ConcernLists.Read(concern.ProposedResponseIdsJson),
            history,
            guidance,
            audit,
            ProposeResponse.LetterTemplates.ModeratorFor(roster, concern.Group),
            hold);
    }

    /// <summary>
    /// The parent key has one definition: the parent record (issue 11), so "Dan Smith" and "Daniel Smith" merged are one
    /// history and two namesakes kept apart are two. Only a concern not yet linked to a record (the start-up link runs
    /// after every migration) falls back to the name as typed.
    /// </summary>
    public static IQueryable<Concern> SameParent(IQueryable<Concern> concerns, Concern concern)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(concern);
        if (concern.ParentId is { } parentId)
        {
            return concerns.Where(c => c.ParentId == parentId);
        }

        var key = concern.PostedByKey;
        return concerns.Where(c => c.ParentId == null && c.PostedByKey == key);
    }

    /// <summary>Everyone else's concerns: the complement of <see cref="SameParent"/>.</summary>
    public static IQueryable<Concern> OtherParents(IQueryable<Concern> concerns, Concern concern)
    {
        ArgumentNullException.ThrowIfNull(concerns);
        ArgumentNullException.ThrowIfNull(concern);
        if (concern.ParentId is { } parentId)
        {
            return concerns.Where(c => c.ParentId == null || c.ParentId != parentId);
        }

        var key = concern.PostedByKey;
        return concerns.Where(c => c.ParentId != null || c.PostedByKey != key);
    }

    public static EarlierCase ToEarlierCase(Concern c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(
            c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.LoggedAt,
            ConcernLists.Read(c.ConductIdsJson),
            c.State switch
            {
                CaseState.Closed or CaseState.ActionsInProgress or CaseState.Approved => EarlierOutcome.ActionsTaken,
                CaseState.Rejected => EarlierOutcome.Rejected,
                CaseState.Withdrawn => EarlierOutcome.Withdrawn,
                _ => EarlierOutcome.Open,
            },
            c.State is CaseState.Closed or CaseState.ActionsInProgress or CaseState.Approved ? ConcernLists.Read(c.ProposedResponseIdsJson) : []);
    }

    /// <summary>
    /// What history and precedents read of another case: the columns <see cref="ToEarlierCase"/> uses and the people (for
    /// the access rule's <c>hide</c>), not the proposal, letter, quote and notes that make a concern's row a few KB.
    /// </summary>
    private static readonly Expression<Func<Concern, Concern>> Summary = c => new Concern
    {
        Id = c.Id,
        State = c.State,
        LoggedAt = c.LoggedAt,
        LoggedByUserId = c.LoggedByUserId,
        Group = c.Group,
        PostedBy = c.PostedBy,
        PostedByKey = c.PostedByKey,
        ConductIdsJson = c.ConductIdsJson,
        ProposedResponseIdsJson = c.ProposedResponseIdsJson,
        Safeguarding = c.Safeguarding,
        People = c.People.ToList(),
    };

    /// <summary>Cases whose conduct list (JSON text) names any of these ids: one LIKE per id, OR-ed, in the database.</summary>
    private static Expression<Func<Concern, bool>> MentionsAny(IReadOnlyList<string> conductIds)
    {
        var c = Expression.Parameter(typeof(Concern), "c");
        var column = Expression.Property(c, nameof(Concern.ConductIdsJson));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression? any = null;
        foreach (var id in conductIds.Distinct(StringComparer.Ordinal))
        {
            // Quoted, so "bullying" never matches inside another id.
            var test = Expression.Call(column, contains, Expression.Constant("\"" + id + "\""));
            any = any is null ? test : Expression.OrElse(any, test);
        }

        return Expression.Lambda<Func<Concern, bool>>(any ?? Expression.Constant(false), c);
    }

    private static async Task<List<Concern>> WithoutAsync(List<Concern> cases, Func<Concern, CancellationToken, Task<bool>> hide, CancellationToken ct)
    {
        var kept = new List<Concern>(cases.Count);
        foreach (var c in cases)
        {
            if (!await hide(c, ct))
            {
                kept.Add(c);
            }
        }

        return kept;
    }
}
