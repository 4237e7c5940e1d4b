using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.Tasks;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.SiteBans;

/// <summary>
/// The site ban in the Concerns tab: its steps on the case page, SLT recording the parent's representations (with
/// their file), the decider's review, and the list of who is banned. Every call asks the access rule: a case the
/// person may not see (or that does not exist) is "not found", a step they may not take is 403, and bad input is 400
/// with nothing changed.
/// </summary>
public static class SiteBanEndpoints
{
    /// <param name="Id">The step's id: what "Try sending again" names (<c>siteBanStepId</c>).</param>
    /// <param name="Until">For a confirmation: the ban's last day it set.</param>
    public sealed record StepView(int Id, string Step, DateTimeOffset At, string? By, string? Role, string? Text, int? EvidenceId, DateOnly? ReviewOn, DateOnly? Until, string? LetterStatus, string? LetterDetail, string? Letter);

    /// <param name="Until">Plain words: where it stands and until when ("Banned until …").</param>
    /// <param name="BannedUntil">A confirmed ban's last day (school time), or null before it is confirmed.</param>
    /// <param name="CanRetryLetter">May press "Try sending again" on a letter that failed (the rule for response letters).</param>
    public sealed record SiteBanView(
        int CaseId, int Version, string State, string StateLabel, string Scope, DateTimeOffset StartedAt, DateOnly RepresentationsBy, DateOnly? ReviewOn,
        DateOnly? BannedUntil, string Until, IReadOnlyList<StepView> Steps, bool CanRecordRepresentation, bool CanConfirm, bool CanLift, bool CanRetryLetter);

    public sealed record BannedParent(int CaseId, string Parent, int? ParentId, string Group, string State, string StateLabel, DateTimeOffset Since, string Until, DateOnly? BannedUntil, DateOnly? ReviewOn);

    /// <param name="ReviewOn">yyyy-MM-dd, for a confirmation: the review, on or before <paramref name="Until"/>.</param>
    /// <param name="Until">yyyy-MM-dd, for a confirmation: the ban's last day.</param>
    public sealed record ReviewRequest(string? Decision, string? Reasons, string? ReviewOn, string? Until = null);

    public sealed record StepResult(string? Note);

    public static void MapSiteBans(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/site-bans", ListAsync);
        api.MapGet("/concerns/{id:int}/site-ban", GetAsync);
        api.MapPost("/concerns/{id:int}/site-ban/representations", RepresentAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.Invokes);
        api.MapPost("/concerns/{id:int}/site-ban/review", ReviewAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.Invokes);
    }

    /// <summary>Plain words for where a ban stands.</summary>
    public static string Label(SiteBanState state) => state switch
    {
        SiteBanState.Provisional => "Provisional: waiting for the parent's representations",
        SiteBanState.UnderReview => "Waiting for the Headmistress's review",
        SiteBanState.Confirmed => "Confirmed",
        SiteBanState.Lifted => "Lifted",
        _ => state.ToString(),
    };

    public static string Until(SiteBan ban)
    {
        ArgumentNullException.ThrowIfNull(ban);
        return ban.State switch
        {
            SiteBanState.Provisional => $"Until the Headmistress's review: representations close on {TaskHandler.Day(ban.RepresentationsBy)}",
            SiteBanState.UnderReview when ban.Until is { } last => $"Banned until {TaskHandler.Day(last)} at the latest: the Headmistress's review is due now",
            SiteBanState.UnderReview => "Until the Headmistress's review, which is due now",
            SiteBanState.Confirmed when ban.Until is { } last && ban.ReviewOn is { } review => $"Banned until {TaskHandler.Day(last)}, reviewed on {TaskHandler.Day(review)}",
            SiteBanState.Confirmed when ban.ReviewOn is { } review => $"Until its review on {TaskHandler.Day(review)}",
            SiteBanState.Lifted => "Lifted: the parent may come onto the site",
            _ => "Until it is reviewed",
        };
    }

    public static string Describe(SiteBanStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Action switch
        {
            null => "Banned provisionally; representations invited",
            SiteBanAction.RecordRepresentation => "The parent's representations recorded",
            SiteBanAction.RepresentationDatePassed => "The date for representations passed: the review is due",
            SiteBanAction.Confirm => "Confirmed after review",
            SiteBanAction.Lift => "Lifted after review",
            SiteBanAction.ReviewDateReached => "The review date came: the review is due",
            SiteBanAction.Expire => "Ended on its last day: lifted by the app",
            _ => step.Action.ToString()!,
        };
    }

    internal static async Task<Results<Ok<IReadOnlyList<BannedParent>>, ProblemHttpResult>> ListAsync(CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.ViewSiteBans);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        // Only bans on cases the rule lets this person see: an SLT member a case names does not see its ban here either.
        var rows = await db.Concerns.AsNoTracking().VisibleTo(CaseAccess.ScopeOf(me.Member), roles.Value.HeadmistressIds())
            .Where(c => c.SiteBan != null && c.SiteBan.State != SiteBanState.Lifted)
            .Include(c => c.SiteBan)
            .ToListAsync(ct);
        IReadOnlyList<BannedParent> list = rows
            .OrderByDescending(c => c.SiteBan!.StartedAt)
            .Select(c => new BannedParent(c.Id, c.PostedBy, c.ParentId, c.Group, c.SiteBan!.State.ToString(), Label(c.SiteBan.State), c.SiteBan.StartedAt, Until(c.SiteBan), c.SiteBan.Until, c.SiteBan.ReviewOn))
            .ToList();
        return TypedResults.Ok(list);
    }

    internal static async Task<Results<Ok<SiteBanView>, NotFound>> GetAsync(int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CaseChanges changes, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).Include(x => x.SiteBan).ThenInclude(b => b!.Steps).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return TypedResults.NotFound();
        }

        var facts = c.ToFacts(roles.Value.HeadmistressIds());
        if (!CaseAccess.CanSee(me.Member, facts))
        {
            await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.CasePage, ct);
            return TypedResults.NotFound();
        }

        if (c.SiteBan is not { } ban)
        {
            return TypedResults.NotFound();
        }

        var allowed = CaseAccess.Allowed(me.Member, facts);
        return TypedResults.Ok(new SiteBanView(
            c.Id, c.Version, ban.State.ToString(), Label(ban.State), ban.Scope, ban.StartedAt, ban.RepresentationsBy, ban.ReviewOn, ban.Until, Until(ban),
            ban.Steps.OrderBy(s => s.At).ThenBy(s => s.Id).Select(s => new StepView(
                s.Id, Describe(s), s.At, s.ByName ?? (s.ByUserId == AuditLog.AppActor ? "the app" : null), s.ByRole?.ToString(), s.Text, s.EvidenceId, s.ReviewOn, s.Until,
                s.LetterStatus?.ToString(), s.LetterDetail, s.LetterText)).ToList(),
            allowed.Contains(CaseOperation.RecordRepresentation), allowed.Contains(CaseOperation.ConfirmSiteBan), allowed.Contains(CaseOperation.LiftSiteBan),
            allowed.Contains(CaseOperation.RetryLetter)));
    }

    /// <summary>A multipart form: <c>text</c> (what the parent said) and, optionally, <c>file</c> (their letter).</summary>
    internal static async Task<IResult> RepresentAsync(int id, HttpRequest request, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, SiteBanHandler handler, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (step, refused) = await StepAsync(id, me, db, roles, clock, CaseOperation.RecordRepresentation, request.HttpContext.User, ct);
        if (refused is not null)
        {
            return refused;
        }

        if (!request.HasFormContentType)
        {
            return BadRequest("Send the representation as a form: the parent's words, and their letter as a file if there is one. Nothing has changed.");
        }

        var form = await request.ReadFormAsync(ct);
        RepresentationFile? file = null;
        if (form.Files.GetFile("file") is { Length: > 0 } upload)
        {
            if (upload.Length > SiteBanHandler.MaxFileBytes)
            {
                return BadRequest("The file is larger than 10 MB. Nothing has changed.");
            }

            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            file = new RepresentationFile(upload.FileName, upload.ContentType, buffer.ToArray());
        }

        return await RunAsync(db, () => handler.RecordRepresentationAsync(step!, form["text"].ToString(), file, ct));
    }

    internal static async Task<IResult> ReviewAsync(int id, ReviewRequest request, HttpContext http, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, SiteBanHandler handler, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var confirm = string.Equals(request?.Decision, "confirm", StringComparison.OrdinalIgnoreCase);
        if (!confirm && !string.Equals(request?.Decision, "lift", StringComparison.OrdinalIgnoreCase))
        {
            // Asked before the rule only in what it says: nothing of the case is shown.
            return BadRequest("Choose whether the ban is confirmed or lifted. Nothing has changed.");
        }

        var (step, refused) = await StepAsync(id, me, db, roles, clock, confirm ? CaseOperation.ConfirmSiteBan : CaseOperation.LiftSiteBan, http.User, ct);
        return refused ?? await RunAsync(db, () => handler.ReviewAsync(step!, confirm, request!.Reasons, request.ReviewOn, request.Until, ct));
    }

    /// <summary>The case loaded for a change, and the rule's answer: 404 for a case not seen, 403 for a step not allowed.</summary>
    private static async Task<(CaseStep? Step, IResult? Refused)> StepAsync(
        int id, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, TimeProvider clock, CaseOperation operation, ClaimsPrincipal user, CancellationToken ct)
    {
        var c = await db.Concerns.Include(x => x.Actions).Include(x => x.People).Include(x => x.Meetings).Include(x => x.Tasks).Include(x => x.SiteBan).ThenInclude(b => b!.Steps)
            .AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        var facts = c?.ToFacts(roles.Value.HeadmistressIds());
        if (c is null || !CaseAccess.CanSee(me.Member, facts!))
        {
            return (null, Results.NotFound());
        }

        var access = CaseAccess.Check(me.Member, facts!, operation);
        if (!access.Allowed)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message));
        }

        return (new CaseStep(me.Member, access.Role!.Value, c, facts!, clock.GetUtcNow(), user.FindFirstValue("name"), null, CaseOrigin.None), null);
    }

    private static async Task<IResult> RunAsync(AppDbContext db, Func<Task<CaseOutcome>> run)
    {
        try
        {
            var outcome = await run();
            return outcome.IsProblem ? BadRequest(outcome.Note ?? "That can't be done. Nothing has changed.") : Results.Ok(new StepResult(outcome.Note));
        }
        catch (WorkflowException e)
        {
            db.ChangeTracker.Clear();
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Message + " Nothing has changed.");
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Someone else changed this case at the same moment, so nothing was done. Reload the page and try again.");
        }
    }

    private static IResult BadRequest(string message) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: message);
}
