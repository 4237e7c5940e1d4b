using System.Globalization;
using StaffConductAssistant.Cases;

namespace StaffConductAssistant.Data;

/// <summary>What an audit entry is about; every writer and reader of the trail names subjects through this.</summary>
public static class AuditSubjects
{
    public static string Case(int concernId) => "concern:" + concernId.ToString(CultureInfo.InvariantCulture);

    public const string ModeratorPrefix = "moderator:";

    public static string Moderator(int moderatorId) => ModeratorPrefix + moderatorId.ToString(CultureInfo.InvariantCulture);

    public const string AuditTrail = "audit-trail";

    public static string LetterTemplate(string key) => "letter-template:" + key;

    public static string ActingAppointment(int appointmentId) => "acting-head:" + appointmentId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Audit actions that are not workflow steps (those are <see cref="CaseAction"/> names).</summary>
public static class AuditActions
{
    public const string HeadmistressSent = "HeadmistressSent";
    public const string HeadmistressNotReached = "HeadmistressNotReached";
    public const string ReminderSent = "ReminderSent";
    public const string LetterSent = "LetterSent";

    /// <summary>An approved letter written as an .eml file to the outbox folder (no mailbox: local mode).</summary>
    public const string LetterWritten = "LetterWritten";

    /// <summary>SLT saved a new version of a letter template in the tab (the key and version, never the words).</summary>
    public const string LetterTemplateEdited = "LetterTemplateEdited";

    /// <summary>SLT booked the approved meeting (its invitation written as .ics, or the event created in Graph).</summary>
    public const string MeetingBooked = "MeetingBooked";
    public const string MeetingMoved = "MeetingMoved";
    public const string MeetingCancelled = "MeetingCancelled";

    /// <summary>The calendar event could not be created or changed in Graph (ids and error type only).</summary>
    public const string MeetingCalendarFailed = "MeetingCalendarFailed";
    public const string TaskAdded = "TaskAdded";
    public const string TaskDone = "TaskDone";
    public const string TaskReminded = "TaskReminded";
    public const string TaskOverdueTold = "TaskOverdueTold";
    public const string LetterFailed = "LetterFailed";
    public const string LetterRetried = "LetterRetried";
    public const string ActionDone = "ActionDone";
    public const string DslSent = "DslSent";
    public const string DslNotReached = "DslNotReached";
    public const string SafeguardingRecorded = "SafeguardingRecorded";
    public const string Shared = "Shared";
    public const string Viewed = "Viewed";
    public const string EvidenceDownloaded = "EvidenceDownloaded";
    public const string AccessRefused = "AccessRefused";
    public const string ActingAppointed = "ActingAppointed";
    public const string ActingRevoked = "ActingRevoked";
    public const string AuditVerified = "AuditVerified";
}

/// <summary>Where a view or a refusal happened, recorded with it.</summary>
public static class AuditSurfaces
{
    public const string Card = "card";
    public const string CasePage = "case-page";
    public const string Evidence = "evidence";
    public const string Tab = "tab";
}

/// <summary>Every step is recorded: who, in which role, what, when, from which card. Ids only, never personal data.</summary>
public static class AuditLog
{
    /// <summary>Steps the app takes itself (a letter sent, a card delivered) are recorded as the app's.</summary>
    public const string AppActor = "app";
    public const string AppRole = "System";

    public static AuditEntry Record(AppDbContext db, AuditEvent audit, int concernId, string? cardActivityId = null, string? detailsJson = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var entry = new AuditEntry
        {
            At = audit.At,
            ActorId = audit.ActorId,
            ActorRole = audit.Role.ToString(),
            Action = audit.Action.ToString(),
            Subject = AuditSubjects.Case(concernId),
            FromState = audit.From == audit.To && audit.Action == CaseAction.Log ? null : audit.From.ToString(),
            ToState = audit.To.ToString(),
            Reason = audit.Reason,
            CardActivityId = cardActivityId,
            DetailsJson = detailsJson,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static AuditEntry Record(AppDbContext db, string actorId, string actorRole, string action, string subject, DateTimeOffset at, string? detailsJson = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entry = new AuditEntry
        {
            At = at,
            ActorId = actorId,
            ActorRole = actorRole,
            Action = action,
            Subject = subject,
            DetailsJson = detailsJson,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
