using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ProposeResponse;

/// <summary>SLT review a concern and propose one or more of the policy's responses (and a letter) to the Headmistress.</summary>
public sealed class ProposeHandler(AppDbContext db, CaseChanges changes, EditLetterTemplates.LetterTemplateLibrary library, PolicyCatalogue catalogue, IOptions<DecisionOptions> options)
{
    public const string NotifyKind = "decision.notify-head";
    public const string RemindKind = "decision.remind";

    public async Task<CaseOutcome> StartReviewAsync(CaseStep x, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Concern.State == CaseState.Logged)
        {
            changes.Step(x, CaseAction.StartReview, null);
            await changes.SaveAsync(x.Concern, ct);
        }

        return CaseOutcome.Done(null);
    }

    public async Task<CaseOutcome> FillLetterAsync(CaseStep x, ProposalForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(form);

        // The latest words SLT saved for the template, read now rather than from the cards' cache.
        var letters = await library.LatestAsync(db, ct);
        var template = letters.Find(form.LetterTemplateId) ?? letters.ForResponses(form.ResponseIds);
        var roster = await db.Moderators.AsNoTracking().Where(m => m.RetiredAt == null).ToListAsync(ct);
        var moderator = LetterTemplates.ModeratorFor(roster, x.Concern.Group);
        var text = template is null ? null : LetterTemplates.Fill(template, x.Concern, catalogue, moderator);

        // The request to the moderator goes to the moderator the roster names, not to the parent.
        var recipient = template?.ResponseId == ResponseIds.AskModeratorRemoval && string.IsNullOrWhiteSpace(form.LetterRecipient)
            && moderator?.Contact is { } contact && MailAddress.TryCreate(contact.Trim(), out _)
            ? contact.Trim()
            : form.LetterRecipient;
        var filled = form with { LetterTemplateId = template?.Id ?? ConcernCard.NoLetter, LetterText = text, LetterRecipient = recipient };
        return template is null
            ? CaseOutcome.Problem("Choose a letter first, then press \"Fill in the letter\".", filled)
            : new CaseOutcome($"The letter now starts from the \"{template.Title}\" template. Edit it as needed.", false, filled);
    }

    public async Task<CaseOutcome> ProposeAsync(CaseStep x, ProposalForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(form);
        var c = x.Concern;
        var letters = await library.LatestAsync(db, ct);
        if (Validate(form, letters) is { } problem)
        {
            return CaseOutcome.Problem(problem, form);
        }

        var template = letters.Find(form.LetterTemplateId);
        if (c.State == CaseState.Logged)
        {
            changes.Step(x, CaseAction.StartReview, null);

            // One click, two steps: a millisecond apart (SQLite keeps 0.1 ms) so the trail reads in the order they happened.
            x = x with { At = x.At.AddMilliseconds(1) };
        }

        changes.Step(x, c.State == CaseState.ChangesRequested ? CaseAction.Revise : CaseAction.Propose, form.Reason);
        c.ProposedResponseIdsJson = ConcernLists.Write(form.ResponseIds);
        c.ProposalReason = form.Reason!.Trim();
        c.LetterTemplateId = template?.Id;

        // Which version of the template this letter comes from (its subject goes out with it); 0 is the file's unseeded text.
        c.LetterTemplateVersion = template is { Version: > 0 } ? template.Version : null;
        c.LetterText = template is null ? null : Normalise(form.LetterText);
        c.LetterRecipientEmail = template is null || string.IsNullOrWhiteSpace(form.LetterRecipient) ? null : form.LetterRecipient.Trim();
        c.ProposalVersion++;
        c.ProposalSha256 = ProposalHash(c);
        c.ProposedByUserId = x.UserId;
        c.ProposedByName = x.Name;
        c.ProposedAt = x.At;
        c.ReminderSentAt = null;
        c.HeadmistressDeliveryProblem = null;

        Outbox.Enqueue(db, NotifyKind, new NotifyHeadmistress(c.Id, c.ProposalVersion, x.Origin.ServiceUrl ?? string.Empty, x.Origin.BotId, x.Origin.TenantId), x.At);
        Outbox.Enqueue(db, RemindKind, new RemindHeadmistress(c.Id, c.ProposalVersion), x.At, options.Value.RemindAfter);
        await changes.SaveAsync(c, ct);
        return CaseOutcome.Done("Sent to the Headmistress for her decision. Every copy of this card will show it.");
    }

    /// <summary>SHA-256 of exactly what was proposed: the decision binds to it, and a letter is sent only if it still matches.</summary>
    public static string ProposalHash(Concern c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var canonical = JsonSerializer.Serialize(new
        {
            responses = ConcernLists.Read(c.ProposedResponseIdsJson),
            reason = c.ProposalReason,
            template = c.LetterTemplateId,
            letter = c.LetterText,
            recipient = c.LetterRecipientEmail,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string? Normalise(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private string? Validate(ProposalForm form, LetterTemplates letters)
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

        // A letter is sent as the action of its own response: one for a response nobody proposed would carry out
        // something the Headmistress was never asked to approve (a site-ban letter for a cautionary notice, say).
        if (template is not null && !form.ResponseIds.Contains(template.ResponseId, StringComparer.Ordinal))
        {
            return $"The letter chosen, \"{template.Title}\", is for a response you have not chosen. Choose the letter that goes with your responses and press \"Fill in the letter\", or choose \"No letter\".";
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
}

public sealed record NotifyHeadmistress(int CaseId, int ProposalVersion, string ServiceUrl, string? BotId, string? TenantId);

public sealed record RemindHeadmistress(int CaseId, int ProposalVersion);
