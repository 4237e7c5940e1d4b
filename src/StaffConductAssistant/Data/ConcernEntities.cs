using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Data;

/// <summary>
/// A logged WhatsApp concern: the case that moves through <see cref="CaseWorkflow"/>.
/// Lists (conduct ids, names) are stored as JSON text so SQLite and PostgreSQL share one shape.
/// </summary>
public sealed partial class Concern
{
    public int Id { get; set; }

    public CaseState State { get; set; } = CaseState.Logged;

    /// <summary>Bumped on every change; an optimistic-concurrency token so one click records one decision.</summary>
    public int Version { get; set; } = 1;

    public DateTimeOffset LoggedAt { get; set; }

    public required string LoggedByUserId { get; set; }

    public string? LoggedByName { get; set; }

    // What the reporting parent told the school.
    public string? ReporterName { get; set; }

    public string? ReporterEmail { get; set; }

    public DateTimeOffset? EmailSentAt { get; set; }

    public string? EmailSubject { get; set; }

    /// <summary>Canonical class or year group, for example "Year 4" or "Reception Robins".</summary>
    public required string Group { get; set; }

    /// <summary>The parent whose post is the concern, as staff confirmed it.</summary>
    public required string PostedBy { get; set; }

    /// <summary>Lower-cased, whitespace-collapsed <see cref="PostedBy"/>, so a parent's history can be found.</summary>
    public required string PostedByKey { get; set; }

    public string? Quote { get; set; }

    public string? Notes { get; set; }

    public string ConductIdsJson { get; set; } = "[]";

    public string NamedChildrenJson { get; set; } = "[]";

    public string NamedStaffJson { get; set; } = "[]";

    public bool ChildAtRisk { get; set; }

    /// <summary>A safeguarding concern (<see cref="SafeguardingRule"/>): the DSL is told at once and sees it.</summary>
    public bool Safeguarding { get; set; }

    /// <summary>When the DSL was sent the concern's card; null until then.</summary>
    public DateTimeOffset? DslToldAt { get; set; }

    /// <summary>Why the DSL could not be sent the card, in plain words for SLT; null when she has it.</summary>
    public string? DslDeliveryProblem { get; set; }

    /// <summary>The DSL recorded that it is handled under the school's safeguarding procedures.</summary>
    public DateTimeOffset? SafeguardingHandledAt { get; set; }

    public string? SafeguardingHandledBy { get; set; }

    public string? SafeguardingNote { get; set; }

    // Where it came from.
    public string? SourceMessageId { get; set; }

    public string? SourceConversationId { get; set; }

    public string? SourceLink { get; set; }

    /// <summary>The email's Message-ID header, to refuse logging the same email twice.</summary>
    public string? EmailMessageId { get; set; }

    /// <summary>SHA-256 (hex) of the original MIME, or of the message HTML when no original email could be read.</summary>
    public string? ContentSha256 { get; set; }

    // The current proposal (SLT). Its version binds the Headmistress's decision to exactly what she saw.
    public int ProposalVersion { get; set; }

    public string ProposedResponseIdsJson { get; set; } = "[]";

    public string? ProposalReason { get; set; }

    public string? LetterTemplateId { get; set; }

    /// <summary>The template's version (<see cref="LetterTemplateVersion"/>) current when SLT proposed: its subject is the letter's.</summary>
    public int? LetterTemplateVersion { get; set; }

    public string? LetterText { get; set; }

    public string? ProposedByUserId { get; set; }

    public DateTimeOffset? ProposedAt { get; set; }

    public string? ProposedByName { get; set; }

    /// <summary>Where an approved letter is emailed; part of the proposal, so the Headmistress approves it too.</summary>
    public string? LetterRecipientEmail { get; set; }

    /// <summary>SHA-256 (hex) of exactly what was proposed (responses, reason, template, letter, recipient).</summary>
    public string? ProposalSha256 { get; set; }

    // The decision (Headmistress or acting Headmistress).
    public int? DecidedProposalVersion { get; set; }

    public string? DecidedByUserId { get; set; }

    public StaffRole? DecidedByRole { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionComment { get; set; }

    public string? DecidedByName { get; set; }

    /// <summary>The <see cref="ProposalSha256"/> the decision was taken on: what was approved, byte for byte.</summary>
    public string? DecidedProposalSha256 { get; set; }

    /// <summary>Why the Headmistress could not be sent her card, in plain words for SLT; null when she has it.</summary>
    public string? HeadmistressDeliveryProblem { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<ConcernEvidence> Evidence { get; set; } = [];

    public List<SentCard> SentCards { get; set; } = [];

    public List<ConcernAction> Actions { get; set; } = [];

    /// <summary>Staff the concern names, and staff SLT shared it with: what the access rule needs about people.</summary>
    public List<CasePerson> People { get; set; } = [];

    /// <summary>The approved meeting as booked: when, where, with whom, and its calendar event.</summary>
    public List<CaseMeeting> Meetings { get; set; } = [];

    /// <summary>What the app cannot do itself, each with an owner and a due date (gather information, speak to the parent…).</summary>
    public List<CaseTask> Tasks { get; set; } = [];

    /// <summary>The site ban the Headmistress approved, with its due process; null when none was.</summary>
    public SiteBan? SiteBan { get; set; }
}

public enum CasePersonKind
{
    /// <summary>Named in the concern: never sees it unless it is shared with them.</summary>
    Named,

    /// <summary>SLT shared the case with them, to read only.</summary>
    Shared,

    /// <summary>SLT gave them a task on the case (issue 12): they see it, to read, and mark their own task done.</summary>
    TaskOwner,
}

/// <summary>One member of staff's link to a case, by Entra object id (never by name).</summary>
public sealed class CasePerson
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public required string UserId { get; set; }

    public CasePersonKind Kind { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>Who added the link: the app (names resolved when logged) or the SLT member who shared.</summary>
    public required string ByUserId { get; set; }
}

public enum EvidenceKind
{
    OriginalEmail,
    Attachment,
    MessageHtml,

    /// <summary>A WhatsApp chat read from the email (pasted or an attached export) as JSON [{time, author, text, source}].</summary>
    ChatTimeline,

    /// <summary>A file the parent sent with their representations about a site ban, as SLT attached it.</summary>
    Representation,
}

/// <summary>Kept exactly as received: the original email (MIME) and its attachments (screenshots).</summary>
public sealed class ConcernEvidence
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public EvidenceKind Kind { get; set; }

    public required string FileName { get; set; }

    public required string ContentType { get; set; }

    public long Size { get; set; }

    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }
}

public enum CardPurpose
{
    SltChannel,
    Logger,
    Headmistress,
    ActingHeadmistress,
    Dsl,

    /// <summary>A task's owner (or SLT, when it is overdue) sent the card with a reminder.</summary>
    TaskReminder,
}

/// <summary>A copy of a concern's card somewhere in Teams, so every copy can be updated when the case changes.</summary>
public sealed class SentCard
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public CardPurpose Purpose { get; set; }

    /// <summary>The person a 1:1 copy was sent to (Entra object id), so each update is drawn for them; null for a channel.</summary>
    public string? RecipientUserId { get; set; }

    public required string ServiceUrl { get; set; }

    public required string ConversationId { get; set; }

    public string? ActivityId { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

public enum ActionStatus
{
    Pending,
    Done,
    Failed,
    Cancelled,
}

/// <summary>One approved response being carried out: a letter sent, a meeting booked, a task.</summary>
public sealed class ConcernAction
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    public required string ResponseId { get; set; }

    public ActionStatus Status { get; set; }

    public string? Detail { get; set; }

    public string? ExternalId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? CompletedByUserId { get; set; }
}

/// <summary>
/// Work to do after an answer has been sent (cards to others, letters): stored first, so a restart loses nothing.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public required string Kind { get; set; }

    public required string PayloadJson { get; set; }

    /// <summary>The case the work is about, if any: one case's messages run one at a time, in order, across instances.</summary>
    public int? CaseId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    /// <summary>Set while one worker runs the message, so another app instance leaves it alone until the lease ends.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Error type and status only, never personal data.</summary>
    public string? LastError { get; set; }
}

/// <summary>A class group's parent moderator, as notified to the school (the policy says the school must be told).</summary>
public sealed class Moderator
{
    public int Id { get; set; }

    public required string Group { get; set; }

    public required string ParentName { get; set; }

    public string? Contact { get; set; }

    public DateOnly? NotifiedOn { get; set; }

    public bool AcknowledgedCodeOfConduct { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; } = 1;
}

/// <summary>The Headmistress names an acting Headmistress for a stated period.</summary>
public sealed class ActingHeadAppointmentRecord
{
    public int Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset From { get; set; }

    public DateTimeOffset Until { get; set; }

    public required string AppointedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// A draft between opening the "Log WhatsApp concern" form and submitting it: the original email (or the message
/// HTML when that was all Teams or Graph gave us) kept server-side, so the evidence is exactly what was read.
/// </summary>
public sealed class ConcernDraftRecord
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedByUserId { get; set; }

    /// <summary>The original MIME, when it could be read.</summary>
    public byte[]? RawMime { get; set; }

    /// <summary>The Teams message HTML, when no original email could be read.</summary>
    public string? MessageHtml { get; set; }

    public required string ContentSha256 { get; set; }

    public string? EmailMessageId { get; set; }

    public string? SourceMessageId { get; set; }

    public string? SourceConversationId { get; set; }

    public string? SourceLink { get; set; }
}

/// <summary>
/// The approved meeting as SLT booked it: in the senior colleague's calendar (a Microsoft Graph event, created once:
/// <see cref="TransactionId"/>), or as an .ics file in local mode. <see cref="Sequence"/> grows with each change, as
/// iCalendar's SEQUENCE does, so an older outbox message never overwrites a newer booking.
/// </summary>
public sealed class CaseMeeting
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    /// <summary>The approved meeting action this booking carries out.</summary>
    public int ActionId { get; set; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public required string Place { get; set; }

    /// <summary>The senior colleague's mailbox: the event is in their calendar, organised by them.</summary>
    public required string Colleague { get; set; }

    /// <summary>Graph's event transactionId and the .ics UID: one per meeting, whatever is retried.</summary>
    public required string TransactionId { get; set; }

    /// <summary>The Graph event's id once it exists; null until then (and in local mode).</summary>
    public string? EventId { get; set; }

    public int Sequence { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedByUserId { get; set; }
}

/// <summary>Something a person must do that the app cannot (speak to the parent, contact the authorities…).</summary>
public sealed class CaseTask
{
    public int Id { get; set; }

    public int ConcernId { get; set; }

    /// <summary>A kind from <c>TaskKinds</c> (the policy's options the app cannot carry out itself).</summary>
    public required string Kind { get; set; }

    public required string Title { get; set; }

    /// <summary>The owner's Entra object id: they are reminded the day before and on the day.</summary>
    public required string OwnerUserId { get; set; }

    public string? OwnerName { get; set; }

    /// <summary>The day it is due, in the school's time.</summary>
    public DateOnly DueOn { get; set; }

    public string? Notes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedByUserId { get; set; }

    public DateTimeOffset? DoneAt { get; set; }

    public string? DoneByUserId { get; set; }

    public DateTimeOffset? RemindedBeforeAt { get; set; }

    public DateTimeOffset? RemindedOnDayAt { get; set; }

    /// <summary>When SLT were told it is overdue.</summary>
    public DateTimeOffset? OverdueToldAt { get; set; }
}
