using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Data;
using StaffConductAssistant.Email;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Features.ConcernsTab;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>
/// The same draft as the Teams dialog, over HTTP, for the tab's "Log from an email file" and for scripts:
/// <c>POST /api/email-drafts</c> with a raw email, then <c>POST /api/concerns</c> with the corrected fields.
/// </summary>
public static class EmailDraftEndpoints
{
    public const string MessageRfc822 = "message/rfc822";

    public static IEndpointRouteBuilder MapLogConcernApi(this IEndpointRouteBuilder endpoints)
    {
        // Authenticated like the tab: Teams SSO, or the development sign-in in local mode on loopback only.
        var api = endpoints.MapGroup("/api").RequireAuthorization(TabAuthentication.Policy).AddEndpointFilter<StaffOnlyFilter>();
        api.MapPost("/email-drafts", CreateDraftAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.DraftUploads);
        api.MapPost("/concerns", LogAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<Results<Ok<System.Text.Json.Nodes.JsonObject>, ProblemHttpResult>> CreateDraftAsync(
        HttpContext http,
        CurrentStaff me,
        DraftReader reader,
        ConcernLogger logger,
        CaseCardBuilder cards,
        AppDbContext db,
        Microsoft.Extensions.Options.IOptions<RolesOptions> roles,
        CancellationToken cancellationToken)
    {
        var who = me.Member;
        var access = CaseAccess.Check(who, SchoolOperation.LogConcern);
        if (!access.Allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);
        }

        if (!http.Request.ContentType?.StartsWith(MessageRfc822, StringComparison.OrdinalIgnoreCase) ?? true)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the email itself",
                detail: $"Send the raw email with Content-Type {MessageRfc822} (an .eml file).");
        }

        if (http.Request.ContentLength > DraftReader.MaxEmailBytes)
        {
            return TooLarge();
        }

        byte[] raw;
        // Sized from Content-Length (already checked against the limit), so a 20 MB email is one 20 MB buffer handed on
        // as it is, not a doubling series of copies and a final one (about 100 MB of large-object garbage per email,
        // measured by bench/reliability/memory.py). Without a length (chunked) it grows as before.
        using (var buffer = new MemoryStream((int)Math.Clamp(http.Request.ContentLength ?? 0, 0, DraftReader.MaxEmailBytes)))
        {
            var read = 0L;
            var chunk = new byte[81920];
            int n;
            while ((n = await http.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                read += n;
                if (read > DraftReader.MaxEmailBytes)
                {
                    return TooLarge();
                }

                buffer.Write(chunk, 0, n);
            }

            raw = buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }

        ReadDraft draft;
        try
        {
            draft = reader.FromMime(raw);
        }
        catch (EmailReadException ex) when (ex.Reason == EmailReadFailure.TooLarge)
        {
            return TooLarge();
        }
        catch (EmailReadException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "This isn't an email I can read", detail: ex.Message);
        }

        var existing = await logger.FindExistingAsync(draft.Email.MessageId, draft.ContentSha256, cancellationToken);
        if (await logger.DraftQuotaProblemAsync(who.UserId, draft, cancellationToken) is { } quota)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: quota);
        }

        var record = await logger.SaveDraftAsync(draft, who.UserId, new DraftOrigin(null, null, null), cancellationToken);
        var json = draft.Draft.ToApiJsonObject();
        json["draftId"] = record.Id.ToString();
        if (existing is { } id)
        {
            // The Outlook pane and the tab show where the case is now (the state's plain words only), to those the
            // access rule lets see it; anyone else learns only that this email was logged.
            var logged = await db.Concerns.AsNoTracking().Include(c => c.People).SingleAsync(c => c.Id == id, cancellationToken);
            var seen = CaseAccess.CanSee(who, logged.ToFacts(roles.Value.HeadmistressIds()));
            json["alreadyLogged"] = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = id,
                ["url"] = cards.CaseUrl(id).ToString(),
                ["state"] = seen ? logged.State.ToString() : null,
                ["stateLabel"] = seen ? ConcernEndpoints.Label(logged.State) : "Already logged",
            };
        }
        else if (await logger.FindLikelyDuplicateAsync(draft.Draft, cancellationToken) is { } likely)
        {
            json["likelyDuplicate"] = new System.Text.Json.Nodes.JsonObject { ["id"] = likely, ["url"] = cards.CaseUrl(likely).ToString() };
            (json["warnings"] as System.Text.Json.Nodes.JsonArray)?.Add(LogConcernHandler.LikelyDuplicate(likely));
        }

        return TypedResults.Ok(json);
    }

    private static async Task<Results<Created<LoggedConcern>, ProblemHttpResult, Conflict<LoggedConcern>>> LogAsync(
        CurrentStaff me,
        [FromBody] ConcernApiRequest request,
        ConcernLogger logger,
        CaseCardBuilder cards,
        OutboxProcessor outbox,
        CancellationToken cancellationToken)
    {
        var who = me.Member;
        var form = request.ToForm();
        var result = await logger.LogAsync(form, who, null, cancellationToken);
        switch (result)
        {
            case LogResult.Created created:
                outbox.Wake();
                var url = cards.CaseUrl(created.Concern.Id);
                return TypedResults.Created(url, new LoggedConcern(created.Concern.Id, url.ToString()));
            case LogResult.Duplicate duplicate:
                return TypedResults.Conflict(new LoggedConcern(duplicate.ExistingId, cards.CaseUrl(duplicate.ExistingId).ToString()));
            case LogResult.Refused refused:
                return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: refused.Message);
            case LogResult.Invalid invalid:
                var details = new HttpValidationProblemDetails(invalid.Errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "Some details need correcting. Nothing has been logged.",
                };
                if (invalid.Parents is { Count: > 0 } parents)
                {
                    // The choices for "which parent is this?": ids and what staff already typed, never more of the record.
                    details.Extensions["parents"] = ParentOption.From(parents);
                }

                return TypedResults.Problem(details);
            default:
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This draft has expired",
                    detail: "Upload the email again. Nothing has been logged.");
        }
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "This email is too large",
        detail: string.Create(CultureInfo.InvariantCulture, $"Emails up to {DraftReader.MaxEmailBytes / (1024 * 1024)} MB can be logged."));
}

public sealed record LoggedConcern(int Id, string Url);

/// <summary>The tab's and scripts' form: the same fields as the Teams dialog.</summary>
public sealed record ConcernApiRequest(
    Guid? DraftId,
    string? Group,
    string? PostedBy,
    string? Quote,
    IReadOnlyList<string>? Conduct,
    IReadOnlyList<string>? NamedChildren,
    IReadOnlyList<string>? NamedStaff,
    string? ReporterName,
    string? ReporterEmail,
    string? SentAt,
    string? Notes,
    bool ChildAtRisk,
    string? ParentId = null,
    string? PostedByEmail = null)
{
    public ConcernForm ToForm() => new()
    {
        DraftId = DraftId,
        Group = Group,
        PostedBy = PostedBy,
        Quote = Quote,
        Conduct = Conduct ?? [],
        NamedChildren = NamedChildren ?? [],
        NamedStaff = NamedStaff ?? [],
        ReporterName = ReporterName,
        ReporterEmail = ReporterEmail,
        SentAt = SentAt,
        Notes = Notes,
        ChildAtRisk = ChildAtRisk,
        ParentId = ParentId,
        PostedByEmail = PostedByEmail,
    };
}
