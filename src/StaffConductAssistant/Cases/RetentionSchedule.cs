using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Cases;

/// <summary>The parts of a case the schedule deletes, each on its own period (all counted from closure).</summary>
public enum RetentionKind
{
    /// <summary>The whole case: the concern, its evidence, letters, cards and people (the audit trail is kept longer).</summary>
    Concern,

    /// <summary>The original email and its attachments (screenshots, chat exports).</summary>
    Evidence,

    /// <summary>The letter text and the address it went to.</summary>
    Letters,
}

/// <summary>
/// How long each kind of record is kept, set in configuration (section "Retention") and checked at start.
/// The defaults and why: README "How long records are kept" and docs/data-protection.md.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>Years a closed, withdrawn or rejected case is kept after closure.</summary>
    [Range(1, 100)]
    public int ConcernYears { get; set; } = 6;

    /// <summary>Years the original email and attachments are kept after closure (no longer than the case).</summary>
    [Range(1, 100)]
    public int EvidenceYears { get; set; } = 6;

    /// <summary>Years the letter text is kept after closure (no longer than the case).</summary>
    [Range(1, 100)]
    public int LetterYears { get; set; } = 6;

    /// <summary>Days a form that was never logged (a draft) is kept after it was made (saving a draft also clears those older, see ConcernLogger).</summary>
    [Range(1, 365)]
    public int DraftDays { get; set; } = 2;

    /// <summary>Years an audit entry is kept; never before the case it describes has gone (no shorter than a case).</summary>
    [Range(1, 100)]
    public int AuditYears { get; set; } = 7;

    /// <summary>How many days ahead SLT are told what is due; nothing is deleted sooner after they are told.</summary>
    [Range(1, 365)]
    public int NoticeDays { get; set; } = 30;

    /// <summary>The hour (UTC) the daily run is due.</summary>
    [Range(0, 23)]
    public int RunAtHourUtc { get; set; } = 2;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EvidenceYears > ConcernYears)
        {
            yield return new ValidationResult("Retention:EvidenceYears cannot be longer than Retention:ConcernYears: evidence goes with its case.", [nameof(EvidenceYears)]);
        }

        if (LetterYears > ConcernYears)
        {
            yield return new ValidationResult("Retention:LetterYears cannot be longer than Retention:ConcernYears: letters go with their case.", [nameof(LetterYears)]);
        }

        if (AuditYears < ConcernYears)
        {
            yield return new ValidationResult("Retention:AuditYears cannot be shorter than Retention:ConcernYears: the trail must outlive what it describes.", [nameof(AuditYears)]);
        }
    }

    public int YearsFor(RetentionKind kind) => kind switch
    {
        RetentionKind.Evidence => EvidenceYears,
        RetentionKind.Letters => LetterYears,
        _ => ConcernYears,
    };
}

/// <summary>What the schedule needs to know about one case.</summary>
/// <param name="ClosedAt">When it was closed, withdrawn or rejected (from its trail); null while it is open.</param>
/// <param name="Safeguarding">Kept as a child protection record: reviewed with the DSL, never deleted by the schedule.</param>
public sealed record RetentionCase(int Id, DateTimeOffset? ClosedAt, bool Held, bool Safeguarding, bool HasEvidence, bool HasLetter);

/// <summary>One part of one case and the day it is due.</summary>
public sealed record RetentionItem(int ConcernId, RetentionKind Kind, DateTimeOffset DueAt, bool ReviewOnly);

/// <summary>What one daily run does: tell SLT about these, delete those.</summary>
public sealed record RetentionPlan(IReadOnlyList<RetentionItem> Tell, IReadOnlyList<RetentionItem> Delete);

/// <summary>
/// The retention schedule as a pure rule. A part of a case is due its period after closure; SLT are told
/// <see cref="RetentionOptions.NoticeDays"/> ahead, once; it is deleted on the due day, and never sooner than
/// NoticeDays after they were told (a case found late, or a hold just lifted, gets its full notice). Open cases, cases
/// on legal hold and safeguarding cases are never deleted; a safeguarding case due is told as "review with the DSL".
/// </summary>
public static class RetentionSchedule
{
    public static IReadOnlyList<RetentionItem> Items(RetentionOptions options, RetentionCase c)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(c);
        if (c.ClosedAt is not { } closed || c.Held)
        {
            return [];
        }

        var items = new List<RetentionItem> { new(c.Id, RetentionKind.Concern, closed.AddYears(options.ConcernYears), c.Safeguarding) };
        if (c.Safeguarding)
        {
            return items;
        }

        // A shorter period for a part of the case is a step of its own; an equal one is covered by deleting the case.
        if (c.HasEvidence && options.EvidenceYears < options.ConcernYears)
        {
            items.Add(new(c.Id, RetentionKind.Evidence, closed.AddYears(options.EvidenceYears), false));
        }

        if (c.HasLetter && options.LetterYears < options.ConcernYears)
        {
            items.Add(new(c.Id, RetentionKind.Letters, closed.AddYears(options.LetterYears), false));
        }

        return items;
    }

    /// <param name="toldAt">When SLT were told about an item (by concern and kind); absent if never.</param>
    public static RetentionPlan Plan(RetentionOptions options, IEnumerable<RetentionCase> cases, Func<int, RetentionKind, DateTimeOffset?> toldAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(toldAt);
        var notice = TimeSpan.FromDays(options.NoticeDays);
        var tell = new List<RetentionItem>();
        var delete = new List<RetentionItem>();
        foreach (var c in cases)
        {
            var items = Items(options, c);
            var wholeCaseGoes = false;
            foreach (var item in items)
            {
                if (item.DueAt - notice > now)
                {
                    continue;
                }

                if (toldAt(item.ConcernId, item.Kind) is not { } told)
                {
                    tell.Add(item);
                }
                else if (!item.ReviewOnly && item.DueAt <= now && told + notice <= now)
                {
                    if (item.Kind == RetentionKind.Concern)
                    {
                        wholeCaseGoes = true;
                    }

                    delete.Add(item);
                }
            }

            if (wholeCaseGoes)
            {
                delete.RemoveAll(d => d.ConcernId == c.Id && d.Kind != RetentionKind.Concern);
            }
        }

        return new RetentionPlan(tell, delete);
    }

    /// <summary>The next daily run after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(RetentionOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(options.RunAtHourUtc);
        return today > now ? today : today.AddDays(1);
    }
}
