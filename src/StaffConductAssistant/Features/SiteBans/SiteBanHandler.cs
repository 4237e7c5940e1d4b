using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CarryOutAction;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Features.Tasks;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.SiteBans;

/// <summary>A file SLT attached with a representation (the parent's letter, an email they sent).</summary>
public sealed record RepresentationFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The site-ban due process (school-data-protection.md §4): the Headmistress's approval bans the parent provisionally
/// and invites representations by a date; SLT record what the parent says; after that, or once the date passes, whoever
/// decides the case reviews it and confirms the ban (with a review date) or lifts it, each in a letter she signs.
/// Every step goes through <see cref="SiteBanWorkflow"/>; the access rule has already said who may take it.
/// </summary>
public sealed class SiteBanHandler(AppDbContext db, CaseChanges changes, LetterTemplates letters, EditLetterTemplates.LetterTemplateLibrary library, PolicyCatalogue catalogue, IOptions<SiteBanOptions> options, IOptions<RolesOptions> roles)
{
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public const string ProvisionalTemplate = "site-ban-provisional";
    public const string ConfirmedTemplate = "site-ban-confirmed";
    public const string LiftedTemplate = "site-ban-lifted";

    /// <summary>
    /// On approval of a site ban: the ban is recorded provisional, the provisional letter goes (the approved one, or the
    /// template when the approved letter was another), and the decider has a review task due the school day after the
    /// date for representations. Called before the approval's one save; <see cref="ScheduleAsync"/> runs after it.
    /// </summary>
    public async Task OpenIfApprovedAsync(CaseStep x, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = x.Concern;
        if (c.SiteBan is not null || !ConcernLists.Read(c.ProposedResponseIdsJson).Contains(ResponseIds.SiteBan))
        {
            return;
        }

        var today = SchoolTime.Today(x.At);
        var by = SchoolDays.Add(today, options.Value.RepresentationSchoolDays);
        var ban = new SiteBan
        {
            Scope = options.Value.Scope,
            StartedAt = x.At,
            RepresentationsBy = by,
            DeciderUserId = x.UserId,
            UpdatedAt = x.At,
        };
        var step = NewStep(x, null, SiteBanState.Provisional, c.DecisionComment);

        // The letter she approved is sent by the approved actions when it is the site ban's own; otherwise this one goes.
        if (letters.Find(c.LetterTemplateId)?.ResponseId != ResponseIds.SiteBan || c.LetterText is null)
        {
            step.LetterTemplateId = ProvisionalTemplate;
            // The words SLT last saved in the Letters tab (issue 12 item 1), not the shipped file's.
            step.LetterText = Fill(await library.LatestAsync(db, ct), ProvisionalTemplate, c, ban, null, null, x);
            step.LetterStatus = ActionStatus.Pending;
            step.LetterDetail = "sending the provisional ban letter";
        }

        ban.Steps.Add(step);
        c.SiteBan = ban;
        c.Tasks.Add(ReviewTask(x, SchoolDays.Add(by, 1), $"Representations were invited by {TaskHandler.Day(by)}."));
        AuditLog.Record(db, x.UserId, x.Role.ToString(), SiteBanAudit.Provisional, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { representationsBy = by, to = nameof(SiteBanState.Provisional) }));
    }

    /// <summary>
    /// After the save that opened a ban or reviewed it: the letter, the date the app acts on, and the review task's
    /// reminders, which name the task and step by the ids the save gave them.
    /// </summary>
    public async Task ScheduleAsync(CaseStep x, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = x.Concern;
        if (c.SiteBan is not { } ban)
        {
            return;
        }

        var scheduled = false;
        foreach (var step in ban.Steps.Where(s => s.LetterStatus == ActionStatus.Pending && s.At == x.At))
        {
            Outbox.Enqueue(db, SiteBanLetterSender.Kind, new SendSiteBanLetter(c.Id, step.Id), x.At);
            scheduled = true;
        }

        if (ban.Steps.Any(s => s.At == x.At && s.Action is null))
        {
            // The morning after the last day for representations, the app moves the ban to review and tells SLT.
            Outbox.Enqueue(db, SiteBanDueHandler.Kind, new SiteBanDue(c.Id, SiteBanAction.RepresentationDatePassed, ban.RepresentationsBy, x.Origin.ServiceUrl, x.Origin.BotId, x.Origin.TenantId),
                x.At, Delay(SchoolDays.Add(ban.RepresentationsBy, 1), x.At));
            scheduled = true;
        }
        else if (ban.Steps.Any(s => s.At == x.At && s.Action == SiteBanAction.Confirm) && ban.ReviewOn is { } review)
        {
            Outbox.Enqueue(db, SiteBanDueHandler.Kind, new SiteBanDue(c.Id, SiteBanAction.ReviewDateReached, review, x.Origin.ServiceUrl, x.Origin.BotId, x.Origin.TenantId),
                x.At, Delay(review, x.At));

            // The morning after its last day the ban is over, and the app lifts it (the letter told the parent so).
            if (ban.Until is { } end)
            {
                Outbox.Enqueue(db, SiteBanDueHandler.Kind, new SiteBanDue(c.Id, SiteBanAction.Expire, end, x.Origin.ServiceUrl, x.Origin.BotId, x.Origin.TenantId),
                    x.At, Delay(end.AddDays(1), x.At));
            }

            scheduled = true;
        }

        foreach (var task in c.Tasks.Where(t => t.Kind == TaskKinds.ReviewSiteBan && t.DoneAt is null && t.CreatedAt == x.At))
        {
            TaskReminders.Schedule(db, c.Id, task, x.Origin, x.At);
            scheduled = true;
        }

        if (scheduled)
        {
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>SLT record the parent's reply (text, and the file if there is one, kept like evidence).</summary>
    public async Task<CaseOutcome> RecordRepresentationAsync(CaseStep x, string? text, RepresentationFile? file, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = x.Concern;
        var ban = c.SiteBan;
        text = text?.Trim();
        if (ban is null)
        {
            return CaseOutcome.Problem("This case has no site ban. Nothing has changed.");
        }

        if (string.IsNullOrEmpty(text))
        {
            return CaseOutcome.Problem("Write what the parent said (a summary is enough if their letter is attached). Nothing has changed.");
        }

        if (text.Length > SiteBanModel.MaxText)
        {
            return CaseOutcome.Problem($"The representation is too long ({SiteBanModel.MaxText.ToString(CultureInfo.InvariantCulture)} characters at most): attach the parent's letter as a file instead. Nothing has changed.");
        }

        if (file is { Content.Length: > MaxFileBytes })
        {
            return CaseOutcome.Problem("The file is larger than 10 MB. Nothing has changed.");
        }

        var to = SiteBanWorkflow.Apply(ban.State, SiteBanAction.RecordRepresentation, x.Role, null);
        var step = NewStep(x, SiteBanAction.RecordRepresentation, to, text);

        // The decider is told the review can be done now.
        Outbox.Enqueue(db, SiteBanDueHandler.TellKind, new TellAboutSiteBan(c.Id, ban.DeciderUserId,
            $"The parent's representations about the site ban were recorded on {TaskHandler.Day(SchoolTime.Today(x.At))}. You can review the ban now: confirm it or lift it.",
            x.Origin.ServiceUrl, x.Origin.BotId, x.Origin.TenantId), x.At);
        if (file is { Content.Length: > 0 })
        {
            var evidence = new ConcernEvidence
            {
                Kind = EvidenceKind.Representation,
                FileName = SafeName(file.FileName),
                ContentType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType,
                Size = file.Content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content)),
                Content = file.Content,
                ConcernId = c.Id,
            };
            db.Evidence.Add(evidence);

            // The step names the file by its id, so the file is saved first, in the same transaction.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            step.EvidenceId = evidence.Id;
            Record(x, ban, step, SiteBanAudit.Representation, new { evidenceId = evidence.Id });
            await changes.SaveAsync(c, ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            Record(x, ban, step, SiteBanAudit.Representation, null);
            await changes.SaveAsync(c, ct);
        }

        return CaseOutcome.Done("The representation is recorded. The review of the ban can be done now.");
    }

    /// <summary>
    /// The review: she confirms the ban until a last day, with a review on or before it, or lifts it; the second letter
    /// goes, signed by her.
    /// </summary>
    /// <param name="reviewOn">yyyy-MM-dd, for a confirmation.</param>
    /// <param name="until">yyyy-MM-dd, for a confirmation: the ban's last day (the letter gives the length of the ban).</param>
    public async Task<CaseOutcome> ReviewAsync(CaseStep x, bool confirm, string? reasons, string? reviewOn, string? until, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = x.Concern;
        var ban = c.SiteBan;
        reasons = reasons?.Trim();
        if (ban is null)
        {
            return CaseOutcome.Problem("This case has no site ban. Nothing has changed.");
        }

        if (string.IsNullOrEmpty(reasons) || reasons.Length > CaseCommand.MaxReason)
        {
            return CaseOutcome.Problem($"Give the reasons for the decision (at most {CaseCommand.MaxReason.ToString(CultureInfo.InvariantCulture)} characters): the parent is told them in the letter. Nothing has changed.");
        }

        var today = SchoolTime.Today(x.At);
        DateOnly? review = null;
        DateOnly? end = null;
        if (confirm)
        {
            if (!DateOnly.TryParseExact(reviewOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || day <= today || day > today.AddDays(options.Value.MaxReviewDays))
            {
                return CaseOutcome.Problem($"Choose the date the ban will be reviewed: after today, and within {options.Value.MaxReviewDays.ToString(CultureInfo.InvariantCulture)} days. Nothing has changed.");
            }

            if (!DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
                || last <= today || last > today.AddDays(options.Value.MaxBanDays))
            {
                return CaseOutcome.Problem($"Choose the last day of the ban: after today, and within {options.Value.MaxBanDays.ToString(CultureInfo.InvariantCulture)} days. The letter tells the parent how long it lasts. Nothing has changed.");
            }

            if (day > last)
            {
                return CaseOutcome.Problem($"The review must be on or before the ban's last day ({TaskHandler.Day(last)}): choose an earlier review date or a later last day. Nothing has changed.");
            }

            review = day;
            end = last;
        }

        var action = confirm ? SiteBanAction.Confirm : SiteBanAction.Lift;
        var to = SiteBanWorkflow.Apply(ban.State, action, x.Role, reasons);
        var heard = ban.Steps.Where(s => s.Action == SiteBanAction.RecordRepresentation).OrderBy(s => s.At).ToList();
        var step = NewStep(x, action, to, reasons);
        step.ReviewOn = review;
        step.Until = end;
        ban.ReviewOn = review;
        ban.Until = end;
        step.LetterTemplateId = confirm ? ConfirmedTemplate : LiftedTemplate;
        step.LetterText = Fill(await library.LatestAsync(db, ct), step.LetterTemplateId, c, ban, heard, reasons, x);
        step.LetterStatus = ActionStatus.Pending;
        step.LetterDetail = confirm ? "sending the letter confirming the ban" : "sending the letter lifting the ban";
        Record(x, ban, step, confirm ? SiteBanAudit.Confirmed : SiteBanAudit.Lifted, new { reviewOn = review, until = end });

        // The review is done: its task with it. A confirmed ban has its next review as a task, reminded before the day.
        foreach (var open in c.Tasks.Where(t => t.Kind == TaskKinds.ReviewSiteBan && t.DoneAt is null))
        {
            open.DoneAt = x.At;
            open.DoneByUserId = x.UserId;
        }

        if (review is { } next)
        {
            ban.DeciderUserId = x.UserId;
            c.Tasks.Add(ReviewTask(x, next, "The confirmed ban's review date."));
        }
        else if (ConcernActions.AllDone(c))
        {
            ConcernActions.CloseByApp(db, c, x.At.AddMilliseconds(1));
        }

        await changes.SaveAsync(c, ct);
        await ScheduleAsync(x, ct);
        return CaseOutcome.Done(confirm
            ? $"The ban is confirmed until {TaskHandler.Day(end!.Value)}, to be reviewed on {TaskHandler.Day(review!.Value)}. The letter is being sent, signed by you."
            : "The ban is lifted. The letter is being sent, signed by you.");
    }

    /// <summary>
    /// "Try sending again" on a site-ban letter Graph failed to send: the same words go, and the sender looks in Sent
    /// Items for the letter's marker first (<see cref="ExactlyOnceMail"/>), so a letter Graph did accept is not sent twice.
    /// </summary>
    public async Task<CaseOutcome> RetryLetterAsync(CaseStep x, int? stepId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        var c = x.Concern;
        var step = c.SiteBan?.Steps.FirstOrDefault(s => s.Id == stepId);
        if (step is null || step.LetterStatus != ActionStatus.Failed || step.LetterText is null)
        {
            return CaseOutcome.Problem("That letter is not waiting to be sent again, so nothing has changed.");
        }

        step.LetterStatus = ActionStatus.Pending;
        step.LetterDetail = "sending the letter again (the app looks in the school mailbox's Sent Items first, so it never goes twice)";
        AuditLog.Record(db, x.UserId, x.Role.ToString(), SiteBanAudit.LetterRetried, AuditSubjects.Case(c.Id), x.At,
            JsonSerializer.Serialize(new { stepId = step.Id }));
        Outbox.Enqueue(db, SiteBanLetterSender.Kind, new SendSiteBanLetter(c.Id, step.Id, Retry: true), x.At);
        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done("Sending the letter again. This card will show whether it went.");
    }

    /// <summary>The signer: the name the school knows them by (Roles:StaffNames), else the name Teams or sign-in gave.</summary>
    private string? SignerName(CaseStep x) => roles.Value.StaffNames.TryGetValue(x.UserId, out var name) ? name : x.Name;

    private SiteBanStep NewStep(CaseStep x, SiteBanAction? action, SiteBanState to, string? text) => new()
    {
        Action = action,
        To = to,
        At = x.At,
        ByUserId = x.UserId,
        ByName = SignerName(x),
        ByRole = x.Role,
        Text = text,
    };

    private void Record(CaseStep x, SiteBan ban, SiteBanStep step, string audit, object? details)
    {
        var from = ban.State;
        ban.State = step.To;
        ban.UpdatedAt = x.At;
        ban.Steps.Add(step);
        var entry = AuditLog.Record(db, x.UserId, x.Role.ToString(), audit, AuditSubjects.Case(x.Concern.Id), x.At,
            JsonSerializer.Serialize(new { from = from.ToString(), to = step.To.ToString(), details }));
        entry.Reason = step.Action is SiteBanAction.Confirm or SiteBanAction.Lift ? step.Text : null;
    }

    private CaseTask ReviewTask(CaseStep x, DateOnly due, string notes)
    {
        var owner = x.Concern.SiteBan?.DeciderUserId ?? x.UserId;
        return new CaseTask
        {
            Kind = TaskKinds.ReviewSiteBan,
            Title = "Review the site ban: confirm it or lift it",
            OwnerUserId = owner,
            OwnerName = roles.Value.StaffNames.TryGetValue(owner, out var name) ? name : owner == x.UserId ? x.Name : null,
            DueOn = due,
            Notes = notes,
            CreatedAt = x.At,

            // SLT are told if the review is overdue: whoever proposed the ban.
            CreatedByUserId = x.Concern.ProposedByUserId ?? x.UserId,
        };
    }

    /// <summary>A letter of the due process from its template, filled from the case and the ban, signed by whoever decided.</summary>
    private string Fill(LetterTemplates current, string templateId, Concern c, SiteBan ban, List<SiteBanStep>? heard, string? reasons, CaseStep x)
    {
        var template = current.Find(templateId) ?? throw new InvalidOperationException($"The letter template {templateId} is missing from {LetterTemplates.FileName}.");
        var representations = heard is null || heard.Count == 0
            ? "that no representations were received from you"
            : "your representations of " + string.Join(" and ", heard.Select(s => TaskHandler.Day(SchoolTime.Today(s.At))).Distinct(StringComparer.Ordinal));
        var filled = LetterTemplates.Fill(template, c, catalogue);
        if (templateId == ConfirmedTemplate)
        {
            filled = SiteBanLetters.WithUntil(filled);
        }

        var text = SiteBanLetters.FillDates(filled, ban)
            .Replace("{representations}", representations, StringComparison.Ordinal)
            .Replace("{reasons}", reasons ?? string.Empty, StringComparison.Ordinal);
        return text.Replace(LetterTemplates.SignaturePlaceholder, (SignerName(x) ?? "The Headmistress") + "\n" + LetterTemplates.Title(x.Role), StringComparison.Ordinal);
    }

    private static TimeSpan Delay(DateOnly day, DateTimeOffset now)
    {
        var due = TaskReminders.SchoolMorning(day);
        return due > now ? due - now : TimeSpan.Zero;
    }

    private static string SafeName(string name)
    {
        var file = Path.GetFileName(name ?? string.Empty).Trim();
        file = new string(file.Where(ch => !char.IsControl(ch) && ch is not ('/' or '\\' or ':' or '"')).ToArray());
        return file.Length == 0 ? "representation" : file.Length > 200 ? file[..200] : file;
    }
}

/// <summary>The placeholders only a site ban fills: its scope and its dates.</summary>
public static class SiteBanLetters
{
    public static string FillDates(string text, SiteBan? ban)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ban is null)
        {
            return text;
        }

        return text
            .Replace("{scope}", ban.Scope, StringComparison.Ordinal)
            .Replace("{representationsBy}", TaskHandler.Day(ban.RepresentationsBy), StringComparison.Ordinal)
            .Replace("{reviewOn}", ban.ReviewOn is { } review ? TaskHandler.Day(review) : "[review date]", StringComparison.Ordinal)
            .Replace(UntilPlaceholder, ban.Until is { } until ? TaskHandler.Day(until) : "[last day of the ban]", StringComparison.Ordinal);
    }

    public const string UntilPlaceholder = "{until}";

    /// <summary>
    /// A confirmation letter always says when the ban ends. A version written before the letter had {until} (the
    /// version 1 a school already has, or one SLT edited) keeps working: the sentence is added after the one with the
    /// review date, or else before the sign-off.
    /// </summary>
    public static string WithUntil(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains(UntilPlaceholder, StringComparison.Ordinal))
        {
            return text;
        }

        var paragraphs = text.ReplaceLineEndings("\n").Split("\n\n").ToList();
        var at = paragraphs.FindIndex(p => p.Contains("{reviewOn}", StringComparison.Ordinal));
        if (at < 0)
        {
            var signature = paragraphs.FindIndex(p => p.Contains(LetterTemplates.SignaturePlaceholder, StringComparison.Ordinal));
            at = signature < 0 ? paragraphs.Count - 1 : Math.Max(0, signature - 2);
        }

        paragraphs.Insert(at + 1, $"The ban ends at the end of {UntilPlaceholder}.");
        return string.Join("\n\n", paragraphs);
    }
}

/// <summary>The site ban's entries in the case's trail (ids and dates only).</summary>
public static class SiteBanAudit
{
    public const string Provisional = "SiteBanProvisional";
    public const string Representation = "SiteBanRepresentation";
    public const string DatePassed = "SiteBanRepresentationDatePassed";
    public const string ReviewDateReached = "SiteBanReviewDateReached";
    public const string Confirmed = "SiteBanConfirmed";
    public const string Lifted = "SiteBanLifted";
    public const string Expired = "SiteBanExpired";
    public const string LetterRetried = "SiteBanLetterRetried";
    public const string LetterSent = "SiteBanLetterSent";
    public const string LetterWritten = "SiteBanLetterWritten";
    public const string LetterFailed = "SiteBanLetterFailed";
    public const string Told = "SiteBanTold";
}
