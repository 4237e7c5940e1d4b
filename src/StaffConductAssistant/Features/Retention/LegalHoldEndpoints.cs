using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.Retention;

/// <summary>
/// A legal hold on one case, from its page in the Concerns tab: SLT place it or lift it, each with a reason, through the
/// access rule (<see cref="CaseOperation.PlaceLegalHold"/>, <see cref="CaseOperation.ReleaseLegalHold"/>); both are audited.
/// While it stands the retention schedule neither tells about nor deletes anything of the case. The change itself is
/// <see cref="LegalHoldHandler"/>'s, shared with the card.
/// </summary>
public static class LegalHoldEndpoints
{
    public sealed record HoldRequest(string? Reason);

    public sealed record HoldView(bool Held, string? Reason, string? PlacedBy, DateTimeOffset? PlacedAt, bool CanChange, IReadOnlyList<HoldHistory> History);

    public sealed record HoldHistory(string Reason, string PlacedBy, DateTimeOffset PlacedAt, string? ReleasedBy, DateTimeOffset? ReleasedAt, string? ReleaseReason);

    public const string ReasonNeeded = "Say why (at most 2,000 characters). Nothing has changed.";

    public static void MapLegalHold(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/concerns/{id:int}/legal-hold", GetAsync);
        api.MapPost("/concerns/{id:int}/legal-hold", PlaceAsync).DisableAntiforgery();
        api.MapPost("/concerns/{id:int}/legal-hold/release", ReleaseAsync).DisableAntiforgery();
    }

    internal static async Task<Results<Ok<HoldView>, NotFound>> GetAsync(int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        if (await FactsAsync(db, id, roles, ct) is not { } facts || !CaseAccess.CanSee(me.Member, facts))
        {
            return TypedResults.NotFound();
        }

        var holds = await db.LegalHolds.AsNoTracking().Where(h => h.ConcernId == id).OrderByDescending(h => h.PlacedAt).ToListAsync(ct);
        var current = holds.FirstOrDefault(h => h.ReleasedAt is null);
        return TypedResults.Ok(new HoldView(
            current is not null, current?.Reason, current?.PlacedByUserId, current?.PlacedAt,
            CaseAccess.Check(me.Member, facts, current is null ? CaseOperation.PlaceLegalHold : CaseOperation.ReleaseLegalHold).Allowed,
            holds.Select(h => new HoldHistory(h.Reason, h.PlacedByUserId, h.PlacedAt, h.ReleasedByUserId, h.ReleasedAt, h.ReleaseReason)).ToList()));
    }

    internal static Task<Results<NoContent, NotFound, ProblemHttpResult>> PlaceAsync(
        int id, HoldRequest request, CurrentStaff me, AppDbContext db, LegalHoldHandler holds, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, request, me, db, holds, roles, clock, CaseOperation.PlaceLegalHold, ct);

    internal static Task<Results<NoContent, NotFound, ProblemHttpResult>> ReleaseAsync(
        int id, HoldRequest request, CurrentStaff me, AppDbContext db, LegalHoldHandler holds, IOptions<RolesOptions> roles, TimeProvider clock, CancellationToken ct) =>
        ChangeAsync(id, request, me, db, holds, roles, clock, CaseOperation.ReleaseLegalHold, ct);

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ChangeAsync(
        int id, HoldRequest request, CurrentStaff me, AppDbContext db, LegalHoldHandler holds, IOptions<RolesOptions> roles, TimeProvider clock, CaseOperation operation, CancellationToken ct)
    {
        if (await FactsAsync(db, id, roles, ct) is not { } facts || !CaseAccess.CanSee(me.Member, facts))
        {
            return TypedResults.NotFound();
        }

        var access = CaseAccess.Check(me.Member, facts, operation);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        var result = await holds.ChangeAsync(id, me.UserId, access.Role!.Value, operation, request?.Reason, clock.GetUtcNow(), AuditSurfaces.CasePage, ct);
        return result switch
        {
            HoldChange.Done => TypedResults.NoContent(),
            HoldChange.ReasonNeeded => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: ReasonNeeded),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: LegalHoldHandler.Message(result)),
        };
    }

    private static async Task<CaseFacts?> FactsAsync(AppDbContext db, int id, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).SingleOrDefaultAsync(x => x.Id == id, ct);
        return c?.ToFacts(roles.Value.HeadmistressIds());
    }
}
