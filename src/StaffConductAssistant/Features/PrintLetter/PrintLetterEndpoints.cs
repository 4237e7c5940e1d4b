using StaffConductAssistant.Hosting;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.PrintLetter;

/// <summary>
/// The approved letter as a page to print, for schools that post letters: exactly the approved text, signed by
/// whoever decided, with a site ban's dates filled in as the emailed letter has them. Only for a case the person may see (else "not found"), and only once it is approved.
/// </summary>
public static class PrintLetterEndpoints
{
    public static void MapPrintLetter(this RouteGroupBuilder api) => api.MapGet("/concerns/{id:int}/letter", PrintAsync);

    internal static async Task<IResult> PrintAsync(int id, CurrentStaff me, AppDbContext db, EditLetterTemplates.LetterTemplateLibrary letters, IOptions<RolesOptions> roles, CaseChanges changes, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).Include(x => x.SiteBan).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CaseAccess.Check(me.Member, c.ToFacts(roles.Value.HeadmistressIds()), CaseOperation.View).Allowed)
        {
            if (c is not null)
            {
                await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.CasePage, ct);
            }

            return Results.NotFound();
        }

        var approved = c.State is CaseState.Approved or CaseState.ActionsInProgress or CaseState.Closed
            && c.DecidedProposalSha256 is not null && c.DecidedProposalSha256 == c.ProposalSha256;
        if (!approved || c.LetterText is null)
        {
            return Results.Problem(title: "This case has no approved letter to print.", statusCode: StatusCodes.Status404NotFound);
        }

        await changes.RecordViewAsync(me.UserId, CaseAccess.BestRole(me.Member.Roles), AuditActions.Viewed, id, AuditSurfaces.CasePage, ct);
        return Results.Content(Page(LetterTemplates.SubjectFor(await letters.UsedByAsync(db, c, ct), c), SiteBans.SiteBanLetters.FillDates(LetterTemplates.Sign(c.LetterText, c), c.SiteBan), c.DecidedAt ?? c.UpdatedAt), "text/html; charset=utf-8");
    }

    /// <summary>A plain A4 page: the school's heading, the date, the letter; no app chrome, so it prints as a letter.</summary>
    public static string Page(string subject, string text, DateTimeOffset date)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(subject))
            .Append("</title><style>@page{size:A4;margin:25mm}body{font:12pt/1.5 Georgia,serif;max-width:160mm;margin:2em auto}header{text-align:center;margin-bottom:2em}p{margin:0 0 1em}.date{text-align:right}</style></head><body>")
            .Append("<header><strong>St John's Priory School</strong><br>Banbury</header>")
            .Append("<p class=\"date\">").Append(WebUtility.HtmlEncode(SchoolTime.LongDate(date))).Append("</p>")
            .Append("<p><strong>").Append(WebUtility.HtmlEncode(subject)).Append("</strong></p>");
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split("\n\n"))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return html.Append("</body></html>").ToString();
    }
}
