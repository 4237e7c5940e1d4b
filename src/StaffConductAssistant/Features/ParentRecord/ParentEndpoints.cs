using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.ConcernsTab;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Subjects;

namespace StaffConductAssistant.Features.ParentRecord;

/// <summary>
/// A parent's record and chronology (issue 11): every concern about them, across all groups, that the viewer may see
/// (the access rule's scope, as everywhere), and SLT's merge of two records and move of a concern to another record.
/// Parents are named by id in URLs, never by name; a name to look for travels in a POST body.
/// </summary>
public static class ParentEndpoints
{
    public static void MapParentRecords(this RouteGroupBuilder api)
    {
        api.MapGet("/parents/{id:int}", ChronologyAsync);
        api.MapPost("/parents/find", FindAsync).DisableAntiforgery();
        api.MapPost("/parents/{id:int}/merge", MergeAsync).DisableAntiforgery();
        api.MapPost("/concerns/{id:int}/parent", MoveAsync).DisableAntiforgery();
        api.MapEraseParent();
    }

    public sealed record ParentView(int Id, string Name, IReadOnlyList<string> OtherNames, string? Email, IReadOnlyList<string> Groups, IReadOnlyList<string> ChildrenClasses, bool Erased);

    public sealed record ChronologyEntry(
        int Id, DateTimeOffset LoggedAt, string Group, string PostedBy, string State, string StateLabel, bool Open, IReadOnlyList<string> Conduct,
        string? Quote, DateTimeOffset? ProposedAt, IReadOnlyList<string> Responses, DateTimeOffset? DecidedAt, string? Decision);

    /// <summary>
    /// <see cref="MergedIntoId"/> is set (and nothing else) when the record was merged: the tab opens that one instead.
    /// <see cref="Allowed"/> lists the record-wide operations this viewer may do (merge, subject access, erasure).
    /// </summary>
    public sealed record Chronology(ParentView? Parent, IReadOnlyList<ChronologyEntry> Concerns, IReadOnlyList<string> Allowed, int? MergedIntoId = null, bool MayMove = false);

    public sealed record FindRequest(string? Name);

    public sealed record MergeRequest(int? OtherParentId, string? Reason);

    public sealed record MoveRequest(int? ParentId, string? Reason);

    public sealed record Done(string Note, int ParentId);

    public const int MaxReason = 2000;

    internal static async Task<Results<Ok<Chronology>, NotFound>> ChronologyAsync(
        int id, CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct)
    {
        var parent = await db.Parents.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        if (parent is null)
        {
            return TypedResults.NotFound();
        }

        var scope = CaseAccess.ScopeOf(me.Member);
        if (parent.MergedIntoId is { } into)
        {
            return scope.All ? TypedResults.Ok(new Chronology(null, [], [], into)) : TypedResults.NotFound();
        }

        var heads = roles.Value.HeadmistressIds();
        var concerns = await db.Concerns.AsNoTracking().VisibleTo(scope, heads)
            .Where(c => c.ParentId == id)
            .OrderBy(c => c.LoggedAt).ThenBy(c => c.Id)
            .ToListAsync(ct);

        // Someone who sees no concern about this parent learns nothing of the record, not even that it exists.
        if (concerns.Count == 0 && !scope.All)
        {
            return TypedResults.NotFound();
        }

        ParentAudit.Record(db, me.UserId, CaseAccess.BestRole(me.Member.Roles).ToString(), ParentAudit.ChronologyViewed, id, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);

        var all = await FactsAsync(db, id, heads, ct);
        var allowed = new[] { SchoolOperation.MergeParents, SchoolOperation.ExportSubjectAccess, SchoolOperation.EraseParent }
            .Where(op => CaseAccess.Check(me.Member, all, op).Allowed).Select(op => op.ToString()).ToList();
        var entries = concerns.Select(c => new ChronologyEntry(
            c.Id, c.LoggedAt, c.Group, c.PostedBy, c.State.ToString(), ConcernEndpoints.Label(c.State), ConcernEndpoints.IsOpen(c.State),
            ConcernLists.Read(c.ConductIdsJson).Select(k => policy.FindConduct(k)?.Label ?? k).ToList(),
            c.Quote, c.ProposedAt,
            ConcernLists.Read(c.ProposedResponseIdsJson).Select(r => policy.FindResponse(r)?.Label ?? r).ToList(),
            c.DecidedAt, c.DecidedAt is null ? null : ConcernEndpoints.Label(c.State))).ToList();
        return TypedResults.Ok(new Chronology(ToView(parent), entries, allowed, null, CaseAccess.Check(me.Member, SchoolOperation.MergeParents).Allowed));
    }

    /// <summary>Parents on record whose name (or other name) has these words: for SLT choosing a record to merge or move to.</summary>
    internal static async Task<Results<Ok<IReadOnlyList<ParentView>>, ProblemHttpResult>> FindAsync(FindRequest request, CurrentStaff me, AppDbContext db, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.MergeParents);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        var key = ParentNames.Key(request.Name);
        if (key.Length < 2 || key.Length > 200)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Type at least two letters of the parent's name.");
        }

        var surname = ParentNames.SurnameKey(request.Name);
        var found = await db.Parents.AsNoTracking()
            .Where(p => p.MergedIntoId == null && p.ErasedAt == null)
            .Where(p => p.NameKey.Contains(key) || p.SurnameKey == surname)
            .OrderBy(p => p.NameKey).ThenBy(p => p.Id)
            .Take(20)
            .ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<ParentView>>([.. found.Select(ToView)]);
    }

    /// <summary>
    /// Merges the other record into this one: its concerns, names, groups and email come here, and it is kept, pointing
    /// at this one, so nothing that named it is lost. Both records' trails and each moved concern's trail record it.
    /// </summary>
    internal static async Task<Results<Ok<Done>, NotFound, ProblemHttpResult>> MergeAsync(
        int id, MergeRequest request, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct)
    {
        var school = CaseAccess.Check(me.Member, SchoolOperation.MergeParents);
        if (!school.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: school.Message);
        }

        var target = await db.Parents.SingleOrDefaultAsync(p => p.Id == id, ct);
        var source = request.OtherParentId is { } otherId ? await db.Parents.SingleOrDefaultAsync(p => p.Id == otherId, ct) : null;
        if (target is null || source is null)
        {
            return TypedResults.NotFound();
        }

        // Every concern of both records must be one this person may see (the access rule), before anything else is said.
        var heads = roles.Value.HeadmistressIds();
        var facts = (await FactsAsync(db, target.Id, heads, ct)).Concat(await FactsAsync(db, source.Id, heads, ct)).ToList();
        var access = CaseAccess.Check(me.Member, facts, SchoolOperation.MergeParents);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        if (Reason(request.Reason) is not { } reason)
        {
            return BadReason();
        }

        if (target.Id == source.Id || target.MergedIntoId is not null || source.MergedIntoId is not null || target.ErasedAt is not null || source.ErasedAt is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "These two records can't be merged: they are the same record, or one was merged or erased already. Nothing has changed.");
        }

        var now = clock.GetUtcNow();
        var moved = await db.Concerns.Where(c => c.ParentId == source.Id).ToListAsync(ct);
        foreach (var name in source.OtherNames.Prepend(source.Name))
        {
            target.Learn(name, null, null, now);
        }

        foreach (var group in source.Groups)
        {
            target.Learn(target.Name, group, null, now);
        }

        target.Learn(target.Name, null, source.Email, now);
        target.ChildrenClassesJson = ConcernLists.Write(target.ChildrenClasses.Union(source.ChildrenClasses, StringComparer.OrdinalIgnoreCase));
        target.Version++;
        source.MergedIntoId = target.Id;
        source.UpdatedAt = now;
        source.Version++;
        var role = access.Role!.Value.ToString();
        var ids = moved.Select(c => c.Id).ToList();
        ParentAudit.Record(db, me.UserId, role, ParentAudit.Merged, target.Id, now, reason: reason, details: new { from = source.Id, concerns = ids });
        ParentAudit.Record(db, me.UserId, role, ParentAudit.Merged, source.Id, now, reason: reason, details: new { into = target.Id, concerns = ids });
        foreach (var concern in moved)
        {
            Move(db, concern, source.Id, target.Id, me.UserId, role, reason, now);
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new Done(
            string.Create(CultureInfo.InvariantCulture, $"Merged. The {ids.Count} concern(s) about {source.Name} are now on this record, in one chronology."), target.Id));
    }

    /// <summary>SLT say a concern is about another parent: the concern's trail and both records' trails record it.</summary>
    internal static async Task<Results<Ok<Done>, NotFound, ProblemHttpResult>> MoveAsync(
        int id, MoveRequest request, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CaseChanges changes, TimeProvider clock, CancellationToken ct)
    {
        var concern = await db.Concerns.Include(c => c.People).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (concern is null)
        {
            return TypedResults.NotFound();
        }

        var facts = concern.ToFacts(roles.Value.HeadmistressIds());
        if (!CaseAccess.CanSee(me.Member, facts))
        {
            await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.CasePage, ct);
            return TypedResults.NotFound();
        }

        var access = CaseAccess.Check(me.Member, facts, CaseOperation.MoveToParent);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        var target = request.ParentId is { } parentId ? await db.Parents.SingleOrDefaultAsync(p => p.Id == parentId, ct) : null;
        if (target is null || target.MergedIntoId is not null || target.ErasedAt is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Choose the parent record the concern is about. Nothing has changed.");
        }

        if (Reason(request.Reason) is not { } reason)
        {
            return BadReason();
        }

        if (concern.ParentId == target.Id)
        {
            return TypedResults.Ok(new Done("The concern is already on that parent's record. Nothing has changed.", target.Id));
        }

        var now = clock.GetUtcNow();
        var from = concern.ParentId;
        target.Learn(concern.PostedBy, concern.Group, null, now);
        Move(db, concern, from, target.Id, me.UserId, access.Role!.Value.ToString(), reason, now);
        if (from is { } old)
        {
            ParentAudit.Record(db, me.UserId, access.Role!.Value.ToString(), ParentAudit.ConcernMoved, old, now, reason: reason, details: new { concernId = id, to = target.Id });
        }

        ParentAudit.Record(db, me.UserId, access.Role!.Value.ToString(), ParentAudit.ConcernMoved, target.Id, now, reason: reason, details: new { concernId = id, from });
        await changes.SaveAsync(concern, ct);
        return TypedResults.Ok(new Done($"Concern {id} is now on {target.Name}'s record.", target.Id));
    }

    /// <summary>One concern to another record, recorded in its own trail; its cards are redrawn (the history changed).</summary>
    private static void Move(AppDbContext db, Concern concern, int? from, int to, string actorId, string role, string reason, DateTimeOffset now)
    {
        concern.ParentId = to;
        var entry = AuditLog.Record(db, actorId, role, ParentAudit.ConcernMoved, AuditSubjects.Case(concern.Id), now,
            System.Text.Json.JsonSerializer.Serialize(new { from, to }));
        entry.Reason = reason;
        concern.Version++;
        concern.UpdatedAt = now;
        Outbox.Enqueue(db, CaseCard.CaseCopies.RefreshKind, new CaseCard.RefreshConcernCards(concern.Id), now);
    }

    /// <summary>What the access rule needs about every concern on a parent's record.</summary>
    internal static async Task<IReadOnlyList<CaseFacts>> FactsAsync(AppDbContext db, int parentId, IReadOnlyCollection<string> heads, CancellationToken ct) =>
        [.. (await db.Concerns.AsNoTracking().Include(c => c.People).Where(c => c.ParentId == parentId).ToListAsync(ct)).Select(c => c.ToFacts(heads))];

    internal static ParentView ToView(Parent p) => new(p.Id, p.Name, p.OtherNames, p.Email, p.Groups, p.ChildrenClasses, p.ErasedAt is not null);

    internal static string? Reason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReason ? null : reason.Trim();

    internal static ProblemHttpResult BadReason() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "Say why (at most 2,000 characters). Nothing has changed.");
}
