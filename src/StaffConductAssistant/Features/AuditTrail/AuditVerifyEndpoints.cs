using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.AuditTrail;

/// <summary>
/// Checks the audit chain end to end (<see cref="AuditChain.VerifyAsync"/>): from the command line
/// (<c>dotnet StaffConductAssistant.dll audit verify</c>, exit code 1 when it is broken) and from the tab, for SLT.
/// </summary>
public static class AuditVerifyEndpoints
{
    public const string Verb = "audit";

    public sealed record VerifyResult(bool Intact, long Entries, string HeadHash, long? BrokenSeq, Guid? BrokenEntryId, string? Problem, string Message);

    public static void MapAuditVerify(this RouteGroupBuilder api) => api.MapPost("/audit/verify", VerifyAsync).DisableAntiforgery();

    internal static async Task<Results<Ok<VerifyResult>, ProblemHttpResult>> VerifyAsync(CurrentStaff me, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.VerifyAudit);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        var result = await AuditChain.VerifyAsync(db, ct);
        // The check itself is recorded, after it ran, so it never verifies its own entry.
        AuditLog.Record(db, me.UserId, access.Role!.Value.ToString(), AuditActions.AuditVerified, AuditSubjects.AuditTrail, clock.GetUtcNow(),
            System.Text.Json.JsonSerializer.Serialize(new { intact = result.Intact, entries = result.Entries, brokenSeq = result.FirstBreak?.Seq }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResult(result));
    }

    public static VerifyResult ToResult(AuditVerification v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new VerifyResult(v.Intact, v.Entries, v.HeadHash, v.FirstBreak?.Seq, v.FirstBreak?.EntryId, v.FirstBreak?.Problem, Describe(v));
    }

    public static string Describe(AuditVerification v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var count = v.Entries.ToString(CultureInfo.InvariantCulture);
        return v.FirstBreak is { } broken
            ? $"The audit trail is broken at {broken}. {count} entries were read up to there."
            : $"The audit trail is intact: {count} entries, each following the one before. Its end is {v.HeadHash}.";
    }

    /// <summary>The command line: reads the database the app is configured for, never migrates or serves.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        await using var scope = services.CreateAsyncScope();
        var result = await AuditChain.VerifyAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None);
        await output.WriteLineAsync(Describe(result));
        return result.Intact ? 0 : 1;
    }
}
