using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.ShareCase;

/// <summary>SLT let a member of staff the concern names read it (never act on it). Who shared, with whom and when is recorded.</summary>
public static class ShareEndpoint
{
    public sealed record ShareRequest(string? UserId, string? Reason);

    internal static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ShareAsync(
        int id, ShareRequest request, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CaseChanges changes, TimeProvider clock, CancellationToken ct)
    {
        var c = await db.Concerns.Include(x => x.People).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CaseAccess.CanSee(me.Member, c.ToFacts(roles.Value.HeadmistressIds())))
        {
            return TypedResults.NotFound();
        }

        var access = CaseAccess.Check(me.Member, c.ToFacts(roles.Value.HeadmistressIds()), CaseOperation.Share);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        var user = CaseQueries.UserKey(request.UserId ?? string.Empty);
        if (user.Length == 0 || user.Length > 64 || string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 2000)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "Choose who to share the case with, and say why (at most 2,000 characters). Nothing has changed.");
        }

        if (!c.People.Any(p => p.Kind == CasePersonKind.Shared && p.UserId == user))
        {
            var now = clock.GetUtcNow();
            c.People.Add(new CasePerson { UserId = user, Kind = CasePersonKind.Shared, At = now, ByUserId = me.UserId });
            var entry = AuditLog.Record(db, me.UserId, access.Role!.Value.ToString(), AuditActions.Shared, AuditSubjects.Case(c.Id), now,
                JsonSerializer.Serialize(new { userId = user }));
            entry.Reason = request.Reason.Trim();
            await changes.SaveAsync(c, ct);
        }

        return TypedResults.NoContent();
    }
}
