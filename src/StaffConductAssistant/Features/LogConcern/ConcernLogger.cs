using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Email;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.Safeguarding;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>Where a draft came from in Teams, kept with the concern.</summary>
public sealed record DraftOrigin(string? MessageId, string? ConversationId, string? Link);

/// <summary>Who to send the logger's copy of the card to, when the concern was logged from Teams.</summary>
public sealed record LoggerAddress(string ServiceUrl, string TeamsUserId, string? TenantId, string? BotId);

public abstract record LogResult
{
    public sealed record Created(Concern Concern) : LogResult;

    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors, IReadOnlyList<Subjects.ParentSuggestion>? Parents = null) : LogResult;

    public sealed record Duplicate(int ExistingId) : LogResult;

    public sealed record DraftMissing : LogResult;

    /// <summary>The access rule refused (not on the staff); nothing was stored.</summary>
    public sealed record Refused(string Message) : LogResult;
}

/// <summary>
/// Logging a concern, the same way from the Teams dialog, the tab and the API: drafts are kept server-side so the
/// evidence is exactly what was read; the same email is never logged twice; nothing is stored when validation fails.
/// </summary>
public sealed class ConcernLogger(AppDbContext db, DraftReader reader, PolicyCatalogue catalogue, NamedStaff namedStaff, ParentChoice parents, TimeProvider clock)
{
    /// <summary>Unfinished forms one person may keep at once (each holds a whole email, up to 25 MB).</summary>
    public const int MaxDraftsPerUser = 20;

    /// <summary>Bytes of unfinished forms one person may keep at once.</summary>
    public const long MaxDraftBytesPerUser = 100L * 1024 * 1024;

    /// <summary>
    /// The per-person quota on drafts (count and bytes), in plain words, or null when this one fits. Drafts older than
    /// two days are removed when a draft is saved, so the quota frees itself.
    /// </summary>
    public async Task<string?> DraftQuotaProblemAsync(string userId, ReadDraft read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var cutoff = clock.GetUtcNow().AddDays(-2);
        // Unfinished forms only: a logged draft is kept spent (no email in it) for two days, and counting those stopped
        // anyone who logged 20 concerns in two days from logging another (found by bench/reliability/crash.py).
        var mine = db.ConcernDrafts.Where(d => d.CreatedByUserId == userId && d.CreatedAt >= cutoff && (d.RawMime != null || d.MessageHtml != null));
        var count = await mine.CountAsync(cancellationToken);
        var bytes = await mine.SumAsync(d => (long?)(d.RawMime != null ? d.RawMime.Length : 0) + (d.MessageHtml != null ? d.MessageHtml.Length : 0), cancellationToken) ?? 0;
        var adding = (long)(read.Source.RawMime?.Length ?? 0) + (read.Source.RawMime is null ? read.Source.MessageHtml?.Length ?? 0 : 0);
        return count >= MaxDraftsPerUser || bytes + adding > MaxDraftBytesPerUser
            ? $"You have {count} concern forms open but not logged (at most {MaxDraftsPerUser}, {MaxDraftBytesPerUser / (1024 * 1024)} MB in all). Log or close some of them, or wait: unfinished forms are cleared after two days. Nothing new has been kept."
            : null;
    }

    public async Task<ConcernDraftRecord> SaveDraftAsync(ReadDraft read, string userId, DraftOrigin origin, CancellationToken cancellationToken)
    {
        var record = new ConcernDraftRecord
        {
            CreatedAt = clock.GetUtcNow(),
            CreatedByUserId = userId,
            RawMime = read.Source.RawMime,
            MessageHtml = read.Source.RawMime is null ? read.Source.MessageHtml : null,
            ContentSha256 = read.ContentSha256,
            EmailMessageId = read.Email.MessageId,
            SourceMessageId = origin.MessageId,
            SourceConversationId = origin.ConversationId,
            SourceLink = origin.Link,
        };

        // Drafts are working copies: old ones (abandoned dialogs) are removed rather than kept indefinitely.
        var cutoff = record.CreatedAt.AddDays(-2);
        await db.ConcernDrafts.Where(d => d.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        db.ConcernDrafts.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>
    /// A concern that is probably this email arriving by another route (pasted into a chat, then uploaded as .eml): the
    /// same reporter and sent time, or the same reporter and quote. Only a warning: staff decide.
    /// </summary>
    public async Task<int?> FindLikelyDuplicateAsync(EmailDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var reporter = draft.Reporter?.Email;
        if (string.IsNullOrWhiteSpace(reporter))
        {
            return null;
        }

        var candidates = await db.Concerns.AsNoTracking()
            .Where(c => c.ReporterEmail == reporter)
            .OrderByDescending(c => c.Id)
            .Take(20)
            .Select(c => new { c.Id, c.EmailSentAt, c.Quote })
            .ToListAsync(cancellationToken);
        var quote = Squash(draft.Quote);
        return candidates.FirstOrDefault(c =>
            (draft.SentAt is { } sent && c.EmailSentAt is { } at && (at - sent).Duration() <= TimeSpan.FromMinutes(1))
            || (quote.Length >= 12 && Squash(c.Quote) == quote))?.Id;
    }

    private static string Squash(string? text) =>
        string.Join(' ', (text ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The concern already logged from this email, if any (same Message-ID, or the same content).</summary>
    public async Task<int?> FindExistingAsync(string? emailMessageId, string contentSha256, CancellationToken cancellationToken)
    {
        var existing = await db.Concerns.AsNoTracking()
            .Where(c => (emailMessageId != null && c.EmailMessageId == emailMessageId) || c.ContentSha256 == contentSha256)
            .OrderBy(c => c.Id)
            .Select(c => (int?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return existing;
    }

    /// <summary>
    /// A draft already logged: its content now lives only in the concern's evidence; the row (hash and Message-ID) stays
    /// until the two-day clean-up so a second submission, or Teams redelivering the first, is told which concern it became.
    /// </summary>
    private static bool IsSpent(ConcernDraftRecord record) => record.RawMime is null && record.MessageHtml is null;

    /// <summary>The draft, and what it reads as; <c>Read</c> is null when the draft was already logged (see <see cref="IsSpent"/>).</summary>
    public async Task<(ConcernDraftRecord Record, ReadDraft? Read)?> LoadDraftAsync(Guid draftId, string userId, CancellationToken cancellationToken)
    {
        var record = await db.ConcernDrafts.SingleOrDefaultAsync(d => d.Id == draftId && d.CreatedByUserId == userId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (IsSpent(record))
        {
            return (record, null);
        }

        var read = record.RawMime is { } raw ? reader.FromMime(raw) : reader.FromHtml(record.MessageHtml ?? string.Empty, null);
        return (record, read);
    }

    public static ConcernForm FormFrom(EmailDraft draft) => new()
    {
        ReporterName = draft.Reporter?.Name,
        ReporterEmail = draft.Reporter?.Email,
        SentAt = ConcernForm.FormatSentAt(draft.SentAt),
        Group = draft.Group,
        PostedBy = draft.PostedBy,
        Quote = draft.Quote,
        Conduct = draft.Conduct,
        NamedChildren = draft.NamedChildren,
        NamedStaff = draft.NamedStaff,
    };

    public async Task<LogResult> LogAsync(ConcernForm form, StaffMember who, LoggerAddress? logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(who);
        var access = CaseAccess.Check(who, SchoolOperation.LogConcern);
        if (!access.Allowed)
        {
            return new LogResult.Refused(access.Message);
        }

        var errors = form.Validate(catalogue.Conduct.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
        if (errors.Count > 0)
        {
            return new LogResult.Invalid(errors);
        }

        ConcernDraftRecord? draft = null;
        ReadDraft? read = null;
        if (form.DraftId is { } draftId)
        {
            var loaded = await LoadDraftAsync(draftId, who.UserId, cancellationToken);
            if (loaded is null)
            {
                return new LogResult.DraftMissing();
            }

            (draft, read) = loaded.Value;
            if (await FindExistingAsync(draft.EmailMessageId, draft.ContentSha256, cancellationToken) is { } existing)
            {
                return new LogResult.Duplicate(existing);
            }

            if (read is null)
            {
                // Spent, yet its concern is gone (withdrawn and erased): nothing to log it from.
                return new LogResult.DraftMissing();
            }
        }

        var now = clock.GetUtcNow();
        var resolution = await parents.ResolveAsync(who, form.PostedBy!.Trim(), form.Group!.Trim(), form.PostedByEmail, form.ParentId, now, cancellationToken);
        if (resolution is ParentResolution.Ask ask)
        {
            return new LogResult.Invalid(new Dictionary<string, string>(StringComparer.Ordinal) { ["parentId"] = ask.Message }, ask.Suggestions);
        }

        var parent = resolution switch
        {
            ParentResolution.Existing existing => existing.Parent,
            ParentResolution.Fresh created => created.Parent,
            _ => throw new InvalidOperationException("Unknown parent resolution."),
        };
        var parentIsNew = resolution is ParentResolution.Fresh;
        if (!parentIsNew)
        {
            parent.Learn(form.PostedBy!, form.Group, form.PostedByEmail, now);
        }

        var logged = CaseWorkflow.Log(new Actor(who.UserId, access.Role!.Value), now);
        var named = await namedStaff.ResolveAsync(form.NamedStaff, cancellationToken);
        var concern = new Concern
        {
            State = logged.To,
            LoggedAt = now,
            UpdatedAt = now,
            LoggedByUserId = who.UserId,
            ReporterName = Clean(form.ReporterName),
            ReporterEmail = Clean(form.ReporterEmail),
            EmailSentAt = form.ParseSentAt(),
            EmailSubject = read?.Email.Subject,
            Group = form.Group!.Trim(),
            PostedBy = form.PostedBy!.Trim(),
            PostedByKey = ConcernLists.ParentKey(form.PostedBy!),
            Quote = form.Quote!.Trim(),
            Notes = Clean(form.Notes),
            ConductIdsJson = ConcernLists.Write(form.Conduct),
            NamedChildrenJson = ConcernLists.Write(form.NamedChildren),
            NamedStaffJson = ConcernLists.Write(form.NamedStaff),
            ChildAtRisk = form.ChildAtRisk,
            Safeguarding = SafeguardingRule.Applies(form.ChildAtRisk, form.NamedChildren.Count, form.Conduct),
            People = [.. named.Select(id => new CasePerson { UserId = CaseQueries.UserKey(id), Kind = CasePersonKind.Named, At = now, ByUserId = AuditLog.AppActor })],
            SourceMessageId = draft?.SourceMessageId,
            SourceConversationId = draft?.SourceConversationId,
            SourceLink = draft?.SourceLink,
            EmailMessageId = draft?.EmailMessageId,
            ContentSha256 = draft?.ContentSha256,
            ParentRecord = parent,
        };

        if (draft is not null && read is not null)
        {
            AddEvidence(concern, draft, read.Email, read.Draft.Timeline);
            // Spent, not removed (see IsSpent): the email itself is kept once, in the evidence.
            draft.RawMime = null;
            draft.MessageHtml = null;
        }

        // The concern, its audit entry and its outbox work in one transaction: a failure leaves none of them, so a
        // retry logs it afresh, and SLT never miss a stored concern. The unique indexes refuse a second copy.
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                db.Concerns.Add(concern);
                await db.SaveChangesAsync(ct);
                AuditLog.Record(db, logged.Audit, concern.Id);
                ParentAudit.Record(db, who.UserId, access.Role!.Value.ToString(), parentIsNew ? ParentAudit.Created : ParentAudit.Linked, parent.Id, now, concern.Id);
                Outbox.Enqueue(db, CaseCopies.PublishKind, new PublishConcern(concern.Id, logger?.ServiceUrl, logger?.TeamsUserId, who.UserId, logger?.TenantId, logger?.BotId), now);
                if (concern.Safeguarding)
                {
                    Outbox.Enqueue(db, DslDelivery.Kind, new NotifyDsl(concern.Id, logger?.ServiceUrl, logger?.BotId, logger?.TenantId), now);
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }, cancellationToken);
        }
        catch (DbUpdateException) when (draft is not null)
        {
            // Another submission of the same email won the race (unique Message-ID or content hash).
            db.ChangeTracker.Clear();
            if (await FindExistingAsync(draft.EmailMessageId, draft.ContentSha256, cancellationToken) is { } winner)
            {
                return new LogResult.Duplicate(winner);
            }

            throw;
        }

        return new LogResult.Created(concern);
    }

    private static void AddEvidence(Concern concern, ConcernDraftRecord draft, ParsedEmail email, IReadOnlyList<ChatMessage> timeline)
    {
        if (timeline.Count > 0)
        {
            // The chat as read, message by message, for the case page to show as a timeline (the export itself is kept too).
            var json = System.Text.Encoding.UTF8.GetBytes(EmailDraft.TimelineJson(timeline).ToJsonString());
            concern.Evidence.Add(new ConcernEvidence
            {
                Kind = EvidenceKind.ChatTimeline,
                FileName = "whatsapp-timeline.json",
                ContentType = "application/json",
                Size = json.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(json)),
                Content = json,
            });
        }

        if (draft.RawMime is { } raw)
        {
            concern.Evidence.Add(new ConcernEvidence
            {
                Kind = EvidenceKind.OriginalEmail,
                FileName = "original-email.eml",
                ContentType = "message/rfc822",
                Size = raw.LongLength,
                Sha256 = draft.ContentSha256,
                Content = raw,
            });
        }
        else if (draft.MessageHtml is { } html)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(html);
            concern.Evidence.Add(new ConcernEvidence
            {
                Kind = EvidenceKind.MessageHtml,
                FileName = "teams-message.html",
                ContentType = "text/html",
                Size = bytes.LongLength,
                Sha256 = draft.ContentSha256,
                Content = bytes,
            });
        }

        foreach (var attachment in email.Attachments)
        {
            var bytes = attachment.GetBytes();
            concern.Evidence.Add(new ConcernEvidence
            {
                Kind = EvidenceKind.Attachment,
                FileName = attachment.Name,
                ContentType = attachment.ContentType,
                Size = bytes.LongLength,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                Content = bytes,
            });
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
