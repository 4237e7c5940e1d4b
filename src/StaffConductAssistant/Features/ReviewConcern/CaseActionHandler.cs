using System.Globalization;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.Common;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ReviewConcern;

/// <summary>
/// Every Action.Execute on a concern card (<c>adaptiveCard/action</c>). The server decides from the caller's roles
/// (never from what the card showed), checks the card's case version and age before doing anything, records one
/// decision per proposal through optimistic concurrency, answers with the caller's own card, and leaves the slow work
/// (other copies, the Headmistress's card, letters) to the outbox, stored in the same save.
/// </summary>
public sealed partial class CaseActionHandler(
    AppDbContext db,
    StaffDirectory directory,
    ConcernCardFactory cards,
    ConversationStore conversations,
    LetterTemplates letters,
    PolicyCatalogue catalogue,
    OutboxProcessor outbox,
    IOptions<DecisionOptions> options,
    TimeProvider clock,
    ILogger<CaseActionHandler> logger)
{
    public const string NotifyKind = "decision.notify-head";
    public const string RemindKind = "decision.remind";
    public const string LetterKind = "letter.send";

    public async Task<InvokeResponse> OnActionAsync(Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var value = activity.GetValue<AdaptiveCardInvokeValue>();
        var verb = value?.Action?.Verb ?? string.Empty;
        var data = value?.Action?.Data is { ValueKind: JsonValueKind.Object } d ? d : default;
        if (ReadInt(data, "caseId") is not { } caseId)
        {
            return Error("This card doesn't name a case, so nothing was done.");
        }

        await RememberConversationAsync(activity, cancellationToken);

        var concern = await db.Concerns.Include(c => c.Actions).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (concern is null)
        {
            return InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Message("This case no longer exists."));
        }

        StaffMember staff;
        try
        {
            staff = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        }
        catch (GraphUnavailableException)
        {
            Log.RolesUnavailable(logger, caseId);
            return await CardAsync(concern, CardView.Status, "I couldn't check your role with the school's directory just now, so nothing has changed. Please try again in a minute.", true);
        }

        var at = clock.GetUtcNow();
        Log.Action(logger, caseId, verb, concern.Version);
        if (verb == ConcernCard.RefreshVerb)
        {
            return await CardAsync(concern, ViewFor(staff, concern), null, false);
        }

        if (ReadLong(data, "issuedAt") is { } issued && at - DateTimeOffset.FromUnixTimeSeconds(issued) > options.Value.CardMaxAge)
        {
            return await CardAsync(concern, ViewFor(staff, concern),
                $"That card was more than {options.Value.CardMaxAge.TotalDays.ToString("0", CultureInfo.InvariantCulture)} days old, so nothing was done. This is the case as it is now.", true);
        }

        if (ReadInt(data, "version") != concern.Version)
        {
            return await CardAsync(concern, ViewFor(staff, concern), StaleNote(concern), true);
        }

        var context = new ActionContext(activity, staff, concern, data, at);
        try
        {
            return verb switch
            {
                ConcernCard.StartReviewVerb => await StartReviewAsync(context, cancellationToken),
                ConcernCard.FillLetterVerb => await FillLetterAsync(context),
                ConcernCard.ProposeVerb => await ProposeAsync(context, cancellationToken),
                ConcernCard.WithdrawVerb => await WithdrawAsync(context, cancellationToken),
                ConcernCard.ApproveVerb or ConcernCard.RejectVerb or ConcernCard.RequestChangesVerb => await DecideAsync(context, verb, cancellationToken),
                ConcernCard.CompleteActionVerb => await CompleteActionAsync(context, cancellationToken),
                ConcernCard.RetryLetterVerb => await RetryLetterAsync(context, cancellationToken),
                _ => Error("This button isn't one I know, so nothing was done."),
            };
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone else (or the same click delivered twice) changed the case first: exactly one change is kept.
            Log.Conflict(logger, caseId, verb);
            db.ChangeTracker.Clear();
            var current = await db.Concerns.Include(c => c.Actions).SingleAsync(c => c.Id == caseId, cancellationToken);
            return await CardAsync(current, ViewFor(staff, current), StaleNote(current), true);
        }
    }

    private sealed record ActionContext(Activity Activity, StaffMember Staff, Concern Concern, JsonElement Data, DateTimeOffset At)
    {
        public string UserId => Staff.UserId;

        public string? Name => Activity.From?.Name;

        public string? CardId => Activity.ReplyToId;
    }

    private static CardView ViewFor(StaffMember staff, Concern concern) =>
        staff.CanDecide && concern.State == CaseState.Proposed ? CardView.HeadDecide
        : staff.IsSlt && ConcernCard.IsOpenForProposal(concern.State) ? CardView.SltPropose
        : staff.IsSlt && concern.State == CaseState.ActionsInProgress ? CardView.SltActions
        : CardView.Status;

    private async Task<InvokeResponse> StartReviewAsync(ActionContext x, CancellationToken ct)
    {
        if (!x.Staff.IsSlt)
        {
            return await CardAsync(x.Concern, ViewFor(x.Staff, x.Concern), "Only SLT can review and propose a response. Nothing has changed.", true);
        }

        if (x.Concern.State == CaseState.Logged)
        {
            Step(x, CaseAction.StartReview, StaffRole.Slt, null);
            await SaveAndFanOutAsync(x.Concern, ct);
        }

        return await CardAsync(x.Concern, CardView.SltPropose, null, false);
    }

    private async Task<InvokeResponse> FillLetterAsync(ActionContext x)
    {
        if (!x.Staff.IsSlt || !ConcernCard.IsOpenForProposal(x.Concern.State))
        {
            return await CardAsync(x.Concern, ViewFor(x.Staff, x.Concern), "Only SLT can write the letter. Nothing has changed.", true);
        }

        var form = ReadForm(x.Data);
        var template = letters.Find(form.LetterTemplateId) ?? letters.ForResponses(form.ResponseIds);
        var text = template is null ? null : LetterTemplates.Fill(template, x.Concern, catalogue);
        var note = template is null ? "Choose a letter first, then press \"Fill in the letter\"." : $"The letter now starts from the \"{template.Title}\" template. Edit it as needed.";
        return await CardAsync(x.Concern, CardView.SltPropose, note, template is null, form with { LetterTemplateId = template?.Id ?? ConcernCard.NoLetter, LetterText = text });
    }

    private async Task<InvokeResponse> ProposeAsync(ActionContext x, CancellationToken ct)
    {
        var c = x.Concern;
        if (!x.Staff.IsSlt)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "Only SLT can propose. Nothing has changed.", true);
        }

        if (!ConcernCard.IsOpenForProposal(c.State))
        {
            return await CardAsync(c, ViewFor(x.Staff, c), $"This case is {ConcernCard.StateLine(c).ToLowerInvariant()}, so it can't be proposed now. Nothing has changed.", true);
        }

        var form = ReadForm(x.Data);
        var problem = Validate(form);
        if (problem is not null)
        {
            return await CardAsync(c, CardView.SltPropose, problem, true, form);
        }

        var template = letters.Find(form.LetterTemplateId);
        if (c.State == CaseState.Logged)
        {
            Step(x, CaseAction.StartReview, StaffRole.Slt, null);
            // One click, two steps: a millisecond apart (SQLite keeps 0.1 ms) so the trail reads in the order they happened.
            x = x with { At = x.At.AddMilliseconds(1) };
        }

        Step(x, c.State == CaseState.ChangesRequested ? CaseAction.Revise : CaseAction.Propose, StaffRole.Slt, form.Reason);
        c.ProposedResponseIdsJson = ConcernView.WriteList(form.ResponseIds);
        c.ProposalReason = form.Reason!.Trim();
        c.LetterTemplateId = template?.Id;
        c.LetterText = template is null ? null : Normalise(form.LetterText);
        c.LetterRecipientEmail = template is null || string.IsNullOrWhiteSpace(form.LetterRecipient) ? null : form.LetterRecipient.Trim();
        c.ProposalVersion++;
        c.ProposalSha256 = ProposalHash(c);
        c.ProposedByUserId = x.UserId;
        c.ProposedByName = x.Name;
        c.ProposedAt = x.At;
        c.ReminderSentAt = null;
        c.HeadmistressDeliveryProblem = null;

        var reference = x.Activity.GetConversationReference();
        Outbox.Enqueue(db, NotifyKind, new NotifyHeadmistress(c.Id, c.ProposalVersion, x.Activity.ServiceUrl ?? string.Empty, reference.Bot?.Id, x.Activity.GetTenantId()), x.At);
        Outbox.Enqueue(db, RemindKind, new RemindHeadmistress(c.Id, c.ProposalVersion), x.At, options.Value.RemindAfter);
        await SaveAndFanOutAsync(c, ct);
        return await CardAsync(c, ViewFor(x.Staff, c), "Sent to the Headmistress for her decision. Every copy of this card will show it.", false);
    }

    private async Task<InvokeResponse> WithdrawAsync(ActionContext x, CancellationToken ct)
    {
        var c = x.Concern;
        if (!x.Staff.IsSlt)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "Only SLT can withdraw a case. Nothing has changed.", true);
        }

        var form = ReadForm(x.Data);
        if (string.IsNullOrWhiteSpace(form.Reason))
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "To withdraw the case, write why in the reason box, then press \"Withdraw the case\" again.", true, form);
        }

        try
        {
            Step(x, CaseAction.Withdraw, StaffRole.Slt, form.Reason);
        }
        catch (WorkflowException)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "This case can't be withdrawn now. Nothing has changed.", true);
        }

        await SaveAndFanOutAsync(c, ct);
        return await CardAsync(c, ViewFor(x.Staff, c), "The case is withdrawn.", false);
    }

    private async Task<InvokeResponse> DecideAsync(ActionContext x, string verb, CancellationToken ct)
    {
        var c = x.Concern;
        if (!x.Staff.CanDecide)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "Only the Headmistress (or the acting Headmistress) can decide. Nothing has changed.", true);
        }

        if (c.State != CaseState.Proposed || ReadInt(x.Data, "proposalVersion") != c.ProposalVersion)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), StaleNote(c), true);
        }

        var comment = Clean(ReadString(x.Data, "comment"));
        var action = verb switch
        {
            ConcernCard.ApproveVerb => CaseAction.Approve,
            ConcernCard.RejectVerb => CaseAction.Reject,
            _ => CaseAction.RequestChanges,
        };
        if (action != CaseAction.Approve && comment is null)
        {
            var need = action == CaseAction.Reject ? "To reject, say why in the comment box." : "To ask for changes, say what should change in the comment box.";
            return await CardAsync(c, CardView.HeadDecide, need + " Nothing has been recorded yet.", true);
        }

        var role = x.Staff.DecidingRole;
        ActingHeadmistressAppointment? appointment = null;
        if (role == StaffRole.ActingHeadmistress)
        {
            var record = await db.ActingHeadAppointments.AsNoTracking()
                .Where(a => a.UserId == x.UserId && a.RevokedAt == null)
                .OrderByDescending(a => a.From)
                .FirstOrDefaultAsync(ct);
            appointment = record is null ? null : new ActingHeadmistressAppointment(record.UserId, record.From, record.Until, record.AppointedBy);
        }

        string? details = null;
        var edited = Normalise(ReadString(x.Data, "letterText"));
        if (action == CaseAction.Approve && c.LetterText is not null && edited is not null && edited != c.LetterText)
        {
            // She approved her own wording: that wording becomes a new proposal version, and the decision binds to it.
            details = JsonSerializer.Serialize(new { letterEdited = true, previousSha256 = c.ProposalSha256 });
            c.LetterText = edited;
            c.ProposalVersion++;
            c.ProposalSha256 = ProposalHash(c);
        }

        var transition = CaseWorkflow.Apply(c.State, action, new Actor(x.UserId, role), comment, x.At, appointment);
        AuditLog.Record(db, transition.Audit, c.Id, x.CardId, details ?? JsonSerializer.Serialize(new { proposalVersion = c.ProposalVersion, proposalSha256 = c.ProposalSha256 }));
        c.State = transition.To;
        c.DecidedProposalVersion = c.ProposalVersion;
        c.DecidedProposalSha256 = c.ProposalSha256;
        c.DecidedByUserId = x.UserId;
        c.DecidedByName = x.Name;
        c.DecidedByRole = role;
        c.DecidedAt = x.At;
        c.DecisionComment = comment;

        if (action == CaseAction.Approve)
        {
            AddApprovedActions(c, x.At);
            if (c.Actions.Count > 0)
            {
                // A millisecond later, so the trail reads approve, then start.
                Step(x with { At = x.At.AddMilliseconds(1) }, CaseAction.StartActions, role, null);
            }
        }

        await SaveAndFanOutAsync(c, ct);
        var done = action switch
        {
            CaseAction.Approve => "Approved. Everyone's copy of this card now shows your decision" + (c.LetterText is null ? "." : ", and the letter is being sent."),
            CaseAction.Reject => "Rejected. SLT and the person who logged it can see your decision.",
            _ => "Sent back to SLT with your comment.",
        };
        return await CardAsync(c, ViewFor(x.Staff, c), done, false);
    }

    /// <summary>SLT mark one approved action done; the last one done closes the case.</summary>
    private async Task<InvokeResponse> CompleteActionAsync(ActionContext x, CancellationToken ct)
    {
        var c = x.Concern;
        if (!x.Staff.IsSlt)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "Only SLT can mark an action done. Nothing has changed.", true);
        }

        var tracked = c.Actions.FirstOrDefault(a => a.Id == ReadInt(x.Data, "actionId"));
        if (c.State != CaseState.ActionsInProgress || tracked is null || tracked.Status is not (ActionStatus.Pending or ActionStatus.Failed))
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "That action is not waiting to be done, so nothing has changed.", true);
        }

        tracked.Status = ActionStatus.Done;
        tracked.CompletedAt = x.At;
        tracked.CompletedByUserId = x.UserId;
        tracked.Detail = $"marked done by {x.Name ?? "SLT"} on {ConcernCard.When(x.At)}";
        AuditLog.Record(db, x.UserId, nameof(StaffRole.Slt), AuditActions.ActionDone, ConcernView.Subject(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = tracked.Id, responseId = tracked.ResponseId }));
        var closed = ConcernActions.AllDone(c);
        if (closed)
        {
            Step(x with { At = x.At.AddMilliseconds(1) }, CaseAction.Close, StaffRole.Slt, null);
        }

        await SaveAndFanOutAsync(c, ct);
        return await CardAsync(c, ViewFor(x.Staff, c), closed ? "Done. Every approved action is done, so the case is closed." : "Marked done.", false);
    }

    /// <summary>SLT try the approved letter again after Graph failed to send it; the same approved text is sent.</summary>
    private async Task<InvokeResponse> RetryLetterAsync(ActionContext x, CancellationToken ct)
    {
        var c = x.Concern;
        if (!x.Staff.IsSlt)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "Only SLT can send the letter again. Nothing has changed.", true);
        }

        var tracked = c.Actions.FirstOrDefault(a => a.Id == ReadInt(x.Data, "actionId"));
        if (c.State != CaseState.ActionsInProgress || tracked is null || tracked.Status != ActionStatus.Failed || c.DecidedProposalVersion is not { } decided)
        {
            return await CardAsync(c, ViewFor(x.Staff, c), "That letter is not waiting to be sent again, so nothing has changed.", true);
        }

        tracked.Status = ActionStatus.Pending;
        tracked.Detail = "sending the approved letter again";
        AuditLog.Record(db, x.UserId, nameof(StaffRole.Slt), AuditActions.LetterRetried, ConcernView.Subject(c.Id), x.At,
            JsonSerializer.Serialize(new { actionId = tracked.Id }));
        Outbox.Enqueue(db, LetterKind, new SendLetter(c.Id, tracked.ResponseId, decided), x.At);
        await SaveAndFanOutAsync(c, ct);
        return await CardAsync(c, ViewFor(x.Staff, c), "Sending the letter again. This card will show whether it went.", false);
    }

    /// <summary>One tracked action per approved response; the letter goes by email after the answer (outbox).</summary>
    private void AddApprovedActions(Concern c, DateTimeOffset at)
    {
        var template = letters.Find(c.LetterTemplateId);
        var responses = ConcernView.ReadList(c.ProposedResponseIdsJson).ToList();
        if (template is not null && c.LetterText is not null && !responses.Contains(template.ResponseId))
        {
            responses.Add(template.ResponseId);
        }

        foreach (var response in responses)
        {
            var isLetter = template is not null && c.LetterText is not null && response == template.ResponseId;
            c.Actions.Add(new ConcernAction
            {
                ResponseId = response,
                Status = ActionStatus.Pending,
                Detail = isLetter ? "sending the approved letter" : response == ResponseIds.Meeting ? "book the meeting" : null,
                CreatedAt = at,
            });
            if (isLetter)
            {
                Outbox.Enqueue(db, LetterKind, new SendLetter(c.Id, response, c.ProposalVersion), at);
            }
        }
    }

    private void Step(ActionContext x, CaseAction action, StaffRole role, string? reason)
    {
        var transition = CaseWorkflow.Apply(x.Concern.State, action, new Actor(x.UserId, role), reason, x.At);
        AuditLog.Record(db, transition.Audit, x.Concern.Id, x.CardId);
        x.Concern.State = transition.To;
    }

    /// <summary>One save: the change, its audit and the fan-out to the other copies. Version is the concurrency token.</summary>
    private async Task SaveAndFanOutAsync(Concern c, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        c.Version++;
        c.UpdatedAt = now;
        Outbox.Enqueue(db, ConcernCards.RefreshKind, new RefreshConcernCards(c.Id), now);
        await db.SaveChangesAsync(ct);
        outbox.Wake();
    }

    private string? Validate(ProposalForm form)
    {
        if (form.ResponseIds.Count == 0)
        {
            return "Choose at least one of the policy's responses.";
        }

        if (form.ResponseIds.Any(r => catalogue.FindResponse(r) is null))
        {
            return "One of the chosen responses isn't in the policy. Choose again from the list.";
        }

        if (string.IsNullOrWhiteSpace(form.Reason))
        {
            return "Write why you propose this response: the Headmistress reads it before deciding.";
        }

        var template = letters.Find(form.LetterTemplateId);
        if (template is not null && string.IsNullOrWhiteSpace(form.LetterText))
        {
            return "The letter is empty. Press \"Fill in the letter\" to start from the template, or choose \"No letter\".";
        }

        if (template is null && form.ResponseIds.Any(letters.IsLetterResponse) && form.LetterTemplateId != ConcernCard.NoLetter)
        {
            return "Choose the letter to send, or \"No letter\".";
        }

        if (template is not null && !string.IsNullOrWhiteSpace(form.LetterRecipient) && !MailAddress.TryCreate(form.LetterRecipient.Trim(), out _))
        {
            return "The parent's email address doesn't look right. Correct it, or leave it empty for the School Office to send the letter.";
        }

        return null;
    }

    private async Task<InvokeResponse> CardAsync(Concern concern, CardView view, string? note, bool noteIsProblem, ProposalForm? form = null)
    {
        var card = await cards.BuildAsync(concern.Id, view, note, noteIsProblem, form, CancellationToken.None);
        return card is null
            ? InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Message("This case no longer exists."))
            : InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Card(card.ToJsonElement()));
    }

    private static InvokeResponse Error(string message) =>
        InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Error(400, "BadRequest", message));

    /// <summary>What an out-of-date button is told: what happened, and who decided.</summary>
    private static string StaleNote(Concern c)
    {
        var decided = c.DecidedAt is { } at && c.State is CaseState.Approved or CaseState.Rejected or CaseState.ChangesRequested or CaseState.ActionsInProgress or CaseState.Closed
            ? $" {ConcernCard.StateLine(c)} on {ConcernCard.When(at)}."
            : $" It is now: {ConcernCard.StateLine(c)}.";
        return "This case changed after your card was shown, so nothing was done." + decided;
    }

    /// <summary>Learns the caller's 1:1 conversation (its Teams id is needed for refresh.userIds and proactive cards).</summary>
    private async Task RememberConversationAsync(Activity activity, CancellationToken ct)
    {
        if (activity.ServiceUrl is null || activity.Conversation?.Id is null || !string.Equals(activity.Conversation.ConversationType, "personal", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await conversations.UpsertAsync(activity, ct);
    }

    internal static string ProposalHash(Concern c)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            responses = ConcernView.ReadList(c.ProposedResponseIdsJson),
            reason = c.ProposalReason,
            template = c.LetterTemplateId,
            letter = c.LetterText,
            recipient = c.LetterRecipientEmail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static ProposalForm ReadForm(JsonElement data)
    {
        var responses = (ReadString(data, "responses") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ProposalForm(responses, Clean(ReadString(data, "reason")), Clean(ReadString(data, "letterTemplate")), ReadString(data, "letterText"), Clean(ReadString(data, "letterRecipient")));
    }

    private static string? Normalise(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? ReadString(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var p)
            ? p.ValueKind switch
            {
                JsonValueKind.String => p.GetString(),
                JsonValueKind.Number => p.GetRawText(),
                _ => null,
            }
            : null;

    private static int? ReadInt(JsonElement data, string name) =>
        int.TryParse(ReadString(data, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static long? ReadLong(JsonElement data, string name) =>
        long.TryParse(ReadString(data, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Case {CaseId}: card action {Verb} at version {Version}")]
        public static partial void Action(ILogger logger, int caseId, string verb, int version);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Case {CaseId}: {Verb} lost a concurrent update; answered with the current card")]
        public static partial void Conflict(ILogger logger, int caseId, string verb);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Case {CaseId}: the directory could not be asked for the caller's roles")]
        public static partial void RolesUnavailable(ILogger logger, int caseId);
    }
}

public sealed record NotifyHeadmistress(int CaseId, int ProposalVersion, string ServiceUrl, string? BotId, string? TenantId);

public sealed record RemindHeadmistress(int CaseId, int ProposalVersion);

public sealed record SendLetter(int CaseId, string ResponseId, int ProposalVersion);
