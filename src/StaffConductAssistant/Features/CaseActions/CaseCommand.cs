using System.Globalization;
using System.Text.Json;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.CaseCard;

namespace StaffConductAssistant.Features.CaseActions;

/// <summary>The Action.Execute verbs of the concern card, and the tab's case page posts the same ones.</summary>
public static class CaseVerbs
{
    public const string Refresh = "refreshCase";
    public const string StartReview = "startReview";
    public const string FillLetter = "fillLetter";
    public const string Propose = "propose";
    public const string Withdraw = "withdraw";
    public const string Approve = "approve";
    public const string Reject = "reject";
    public const string RequestChanges = "requestChanges";
    public const string CompleteAction = "completeAction";
    public const string RetryLetter = "retryLetter";
    public const string RecordSafeguarding = "recordSafeguarding";
    public const string BookMeeting = "bookMeeting";
    public const string RescheduleMeeting = "rescheduleMeeting";
    public const string CancelMeeting = "cancelMeeting";
    public const string AddTask = "addTask";
    public const string CompleteTask = "completeTask";
    public const string PlaceLegalHold = "placeLegalHold";
    public const string ReleaseLegalHold = "releaseLegalHold";
    public const string ConfirmSiteBan = "confirmSiteBan";
    public const string LiftSiteBan = "liftSiteBan";
    public const string RetrySiteBanLetter = "retrySiteBanLetter";
}

/// <summary>
/// One request about one case, parsed once from a card's data (or the case page's form). Data of the wrong JSON type
/// reads as missing, never as an exception. <see cref="Operation"/> is what the access rule is asked.
/// </summary>
public abstract record CaseCommand(int CaseId, int? Version, long? IssuedAt)
{
    public abstract CaseOperation Operation { get; }

    /// <summary>Only refreshing reads; every other command changes the case and needs the card's version.</summary>
    public virtual bool ChangesCase => true;

    /// <summary>Server-side limits on what a card or page may send (the card's maxLength is only a hint to the client).</summary>
    public const int MaxReason = 2000;
    public const int MaxLetter = 10000;
    public const int MaxShort = 254;
    public const int MaxResponses = 20;

    /// <summary>The plain-English problem when a field is longer than the server stores; null when all fit.</summary>
    public virtual string? TooLong() => null;

    internal static string? Check(params (string Label, string? Value, int Max)[] fields) =>
        fields.FirstOrDefault(f => f.Value is { } v && v.Length > f.Max) is { Label: { } label } hit
            ? $"The {label} is too long ({hit.Max.ToString(CultureInfo.InvariantCulture)} characters at most), so nothing was done."
            : null;

    internal static string? Check(ProposalForm form) =>
        form.ResponseIds.Count > MaxResponses || form.ResponseIds.Any(r => r.Length > 64)
            ? "Too many responses were chosen, so nothing was done."
            : Check(("reason", form.Reason, MaxReason), ("letter", form.LetterText, MaxLetter), ("letter template", form.LetterTemplateId, 64), ("recipient", form.LetterRecipient, MaxShort));

    public static CaseCommand? Parse(string? verb, JsonElement data)
    {
        if (ReadInt(data, "caseId") is not { } id)
        {
            return null;
        }

        var version = ReadInt(data, "version");
        var issued = ReadLong(data, "issuedAt");
        return verb switch
        {
            CaseVerbs.Refresh => new RefreshCase(id, version, issued),
            CaseVerbs.StartReview => new StartReview(id, version, issued),
            CaseVerbs.FillLetter => new FillLetter(id, version, issued, ReadForm(data)),
            CaseVerbs.Propose => new Propose(id, version, issued, ReadForm(data)),
            CaseVerbs.Withdraw => new Withdraw(id, version, issued, Clean(ReadString(data, "reason")), ReadForm(data)),
            CaseVerbs.Approve => new Decide(id, version, issued, CaseOperation.Approve, ReadInt(data, "proposalVersion"), Clean(ReadString(data, "comment")), ReadString(data, "letterText")),
            CaseVerbs.Reject => new Decide(id, version, issued, CaseOperation.Reject, ReadInt(data, "proposalVersion"), Clean(ReadString(data, "comment")), null),
            CaseVerbs.RequestChanges => new Decide(id, version, issued, CaseOperation.RequestChanges, ReadInt(data, "proposalVersion"), Clean(ReadString(data, "comment")), null),
            CaseVerbs.CompleteAction => new CompleteAction(id, version, issued, ReadInt(data, "actionId")),
            CaseVerbs.RetryLetter => new RetryLetter(id, version, issued, ReadInt(data, "actionId")),
            CaseVerbs.BookMeeting => new BookMeeting(id, version, issued, ReadInt(data, "actionId"), Clean(ReadString(data, "meetingDate")), Clean(ReadString(data, "meetingTime")), Clean(ReadString(data, "meetingPlace")), Clean(ReadString(data, "meetingColleague"))),
            CaseVerbs.RescheduleMeeting => new RescheduleMeeting(id, version, issued, ReadInt(data, "actionId"), Clean(ReadString(data, "meetingDate")), Clean(ReadString(data, "meetingTime")), Clean(ReadString(data, "meetingPlace"))),
            CaseVerbs.CancelMeeting => new CancelMeeting(id, version, issued, ReadInt(data, "actionId"), Clean(ReadString(data, "meetingCancelReason"))),
            CaseVerbs.AddTask => new AddTask(id, version, issued, Clean(ReadString(data, "taskKind")), Clean(ReadString(data, "taskOwner")), Clean(ReadString(data, "taskDue")), Clean(ReadString(data, "taskNotes"))),
            CaseVerbs.CompleteTask => new CompleteTask(id, version, issued, ReadInt(data, "taskId"), Clean(ReadString(data, "taskNote"))),
            CaseVerbs.ConfirmSiteBan => new ReviewSiteBan(id, version, issued, true, Clean(ReadString(data, "siteBanReasons")), Clean(ReadString(data, "siteBanReviewOn")), Clean(ReadString(data, "siteBanUntil"))),
            CaseVerbs.LiftSiteBan => new ReviewSiteBan(id, version, issued, false, Clean(ReadString(data, "siteBanReasons")), null, null),
            CaseVerbs.RetrySiteBanLetter => new RetrySiteBanLetter(id, version, issued, ReadInt(data, "siteBanStepId")),
            CaseVerbs.RecordSafeguarding => new RecordSafeguarding(id, version, issued, Clean(ReadString(data, "safeguardingNote"))),
            CaseVerbs.PlaceLegalHold => new ChangeLegalHold(id, version, issued, CaseOperation.PlaceLegalHold, Clean(ReadString(data, "holdReason"))),
            CaseVerbs.ReleaseLegalHold => new ChangeLegalHold(id, version, issued, CaseOperation.ReleaseLegalHold, Clean(ReadString(data, "holdReason"))),
            _ => null,
        };
    }

    private static ProposalForm ReadForm(JsonElement data)
    {
        var responses = (ReadString(data, "responses") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ProposalForm(responses, Clean(ReadString(data, "reason")), Clean(ReadString(data, "letterTemplate")), ReadString(data, "letterText"), Clean(ReadString(data, "letterRecipient")));
    }

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

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
}

public sealed record RefreshCase(int CaseId, int? Version, long? IssuedAt) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.View;

    public override bool ChangesCase => false;
}

public sealed record StartReview(int CaseId, int? Version, long? IssuedAt) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.StartReview;
}

/// <summary>"Fill in the letter": redraws the propose form from the template; changes nothing.</summary>
public sealed record FillLetter(int CaseId, int? Version, long? IssuedAt, ProposalForm Form) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.Propose;

    public override bool ChangesCase => false;
}

public sealed record Propose(int CaseId, int? Version, long? IssuedAt, ProposalForm Form) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.Propose;

    public override string? TooLong() => Check(Form);
}

public sealed record Withdraw(int CaseId, int? Version, long? IssuedAt, string? Reason, ProposalForm Form) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.Withdraw;

    public override string? TooLong() => Check(("reason", Reason, MaxReason));
}

public sealed record Decide(int CaseId, int? Version, long? IssuedAt, CaseOperation Decision, int? ProposalVersion, string? Comment, string? LetterText)
    : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => Decision;

    public override string? TooLong() => Check(("comment", Comment, MaxReason), ("letter", LetterText, MaxLetter));
}

public sealed record CompleteAction(int CaseId, int? Version, long? IssuedAt, int? ActionId) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.CompleteAction;
}

public sealed record RetryLetter(int CaseId, int? Version, long? IssuedAt, int? ActionId) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.RetryLetter;
}

public sealed record RecordSafeguarding(int CaseId, int? Version, long? IssuedAt, string? Note) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.RecordSafeguarding;

    public override string? TooLong() => Check(("note", Note, MaxReason));
}

/// <param name="Date">yyyy-MM-dd, school time.</param>
/// <param name="Time">HH:mm, school time.</param>
/// <param name="Colleague">The senior colleague's email address: the event is in their calendar.</param>
public sealed record BookMeeting(int CaseId, int? Version, long? IssuedAt, int? ActionId, string? Date, string? Time, string? Place, string? Colleague)
    : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.BookMeeting;
}

/// <param name="Date">yyyy-MM-dd, school time.</param>
/// <param name="Time">HH:mm, school time.</param>
public sealed record RescheduleMeeting(int CaseId, int? Version, long? IssuedAt, int? ActionId, string? Date, string? Time, string? Place)
    : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.RescheduleMeeting;
}

/// <param name="Reason">Told to the parent in the cancellation.</param>
public sealed record CancelMeeting(int CaseId, int? Version, long? IssuedAt, int? ActionId, string? Reason) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.CancelMeeting;
}

/// <param name="Kind">A task kind (TaskKinds).</param>
/// <param name="Owner">The owner's Entra object id, from the card's list.</param>
/// <param name="Due">yyyy-MM-dd, school time.</param>
public sealed record AddTask(int CaseId, int? Version, long? IssuedAt, string? Kind, string? Owner, string? Due, string? Notes) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.AddTask;
}

public sealed record CompleteTask(int CaseId, int? Version, long? IssuedAt, int? TaskId, string? Note) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.CompleteTask;
}

/// <summary>SLT place or lift the case's legal hold from the card, with the reason (the same handler as the case page).</summary>
public sealed record ChangeLegalHold(int CaseId, int? Version, long? IssuedAt, CaseOperation Change, string? Reason) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => Change;

    public override string? TooLong() => Check(("reason", Reason, MaxReason));
}

/// <summary>Whoever decides the case confirms or lifts its site ban after review.</summary>
/// <param name="Confirm">Confirm the ban (with <paramref name="ReviewOn"/> and <paramref name="Until"/>), else lift it.</param>
/// <param name="ReviewOn">yyyy-MM-dd, school time: when a confirmed ban is next reviewed.</param>
/// <param name="Until">yyyy-MM-dd, school time: a confirmed ban's last day.</param>
public sealed record ReviewSiteBan(int CaseId, int? Version, long? IssuedAt, bool Confirm, string? Reasons, string? ReviewOn, string? Until) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => Confirm ? CaseOperation.ConfirmSiteBan : CaseOperation.LiftSiteBan;

    public override string? TooLong() => Check(("reasons", Reasons, MaxReason));
}

/// <summary>
/// A site-ban letter Graph failed to send is sent again, as a response letter is: the access rule asks the same question
/// (<see cref="CaseOperation.RetryLetter"/>), and Sent Items are searched for its marker first, so it never goes twice.
/// </summary>
public sealed record RetrySiteBanLetter(int CaseId, int? Version, long? IssuedAt, int? StepId) : CaseCommand(CaseId, Version, IssuedAt)
{
    public override CaseOperation Operation => CaseOperation.RetryLetter;
}
