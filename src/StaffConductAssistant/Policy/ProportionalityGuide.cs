namespace StaffConductAssistant.Policy;

/// <summary>How an earlier case ended, as far as proportionality cares.</summary>
public enum EarlierOutcome
{
    /// <summary>The Headmistress approved responses and they were carried out.</summary>
    ActionsTaken,

    /// <summary>Looked at and decided that no response was needed.</summary>
    NoAction,

    /// <summary>The Headmistress rejected the proposed response.</summary>
    Rejected,
    Withdrawn,

    /// <summary>Not yet decided or not yet finished.</summary>
    Open,
}

/// <summary>An earlier case, of this parent or of another, reduced to what guidance needs.</summary>
/// <param name="ResponsesCarriedOut">Response option ids actually carried out (empty unless <see cref="EarlierOutcome.ActionsTaken"/>).</param>
public sealed record EarlierCase(
    string CaseId,
    DateTimeOffset LoggedAt,
    IReadOnlyList<string> ConductIds,
    EarlierOutcome Outcome,
    IReadOnlyList<string> ResponsesCarriedOut);

/// <param name="ConductIds">Catalogue conduct ids found in this incident.</param>
/// <param name="ChildNamedOrAtRisk">A child is named, bullied or may be at risk.</param>
/// <param name="ParentHistory">This parent's earlier cases.</param>
/// <param name="SimilarCases">Other parents' earlier cases; those sharing conduct with this one become precedents.</param>
/// <param name="Now">When the guidance is given; the guide has no clock of its own so that it gives the same answer twice.</param>
public sealed record GuidanceRequest(
    IReadOnlyList<string> ConductIds,
    bool ChildNamedOrAtRisk,
    IReadOnlyList<EarlierCase> ParentHistory,
    IReadOnlyList<EarlierCase> SimilarCases,
    DateTimeOffset Now);

/// <param name="Rank">1 is the response the guide thinks most proportionate.</param>
/// <param name="Indicated">Whether the guide recommends the option for this incident (at most <see cref="ProportionalityGuide.MaxRecommended"/>, ranked first); every option is listed so the Headmistress sees the whole choice.</param>
public sealed record RankedOption(ResponseOption Option, int Rank, bool Indicated, string Reason);

public enum GuidanceFlagKind
{
    ContactAuthorities,
    SeekLegalAdvice,
    Safeguarding,
}

public sealed record GuidanceFlag(GuidanceFlagKind Kind, string Message);

/// <param name="Summary">What it shared and how it ended, without its date: each surface prints <paramref name="LoggedAt"/>
/// in its reader's time (a card with DATE(), a page in the school's time).</param>
public sealed record Precedent(
    string CaseId,
    DateTimeOffset LoggedAt,
    IReadOnlyList<string> SharedConductIds,
    EarlierOutcome Outcome,
    IReadOnlyList<string> ResponsesCarriedOut,
    string Summary);

/// <summary>This parent's latest earlier concern that counts towards escalation: when it was logged and how it ended.</summary>
public sealed record LatestEarlierConcern(DateTimeOffset LoggedAt, string Outcome);

public sealed record Guidance(
    IReadOnlyList<RankedOption> RankedOptions,
    IReadOnlyList<GuidanceFlag> Flags,
    IReadOnlyList<Precedent> Precedents,
    Severity OverallSeverity,
    string HistorySummary,
    string DecisionNote,
    LatestEarlierConcern? LatestEarlier = null);

/// <summary>
/// Advice, never a decision: ranks the policy's responses for one incident so that like cases are treated alike and
/// repeated conduct is met with a firmer response, as the policy's "proportional way" asks.
/// </summary>
public static class ProportionalityGuide
{
    /// <summary>Earlier incidents older than this no longer make a new one a repeat.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromDays(365);

    // The ladder of responses the school itself carries out, mildest first.
    private static readonly string[] Ladder =
        [ResponseIds.SpeakToParent, ResponseIds.CautionaryNotice, ResponseIds.Meeting, ResponseIds.SiteBan];

    /// <summary>At most this many options are recommended; the rest are listed as possible, with why not.</summary>
    public const int MaxRecommended = 3;

    private const int MeetingRung = 2;
    private const int SiteBanRung = 3;

    public static Guidance Assess(PolicyCatalogue catalogue, GuidanceRequest request)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(request);

        var kinds = request.ConductIds
            .Distinct(StringComparer.Ordinal)
            .Select(id => catalogue.FindConduct(id) ?? throw new ArgumentException($"Unknown conduct id '{id}'.", nameof(request)))
            .ToList();
        var conductSeverity = kinds.Count == 0 ? Severity.Low : kinds.Max(k => k.Severity);
        bool Any(ConductFlags flag) => kinds.Any(k => k.Has(flag));
        var threat = Any(ConductFlags.Threat);
        var crime = threat || Any(ConductFlags.PossibleCrime);
        var defamatory = Any(ConductFlags.PossiblyDefamatory);
        var child = request.ChildNamedOrAtRisk || Any(ConductFlags.ConcernsChild);

        var history = History.From(request.ParentHistory, request.Now);
        var overall = history.IsRepeat && conductSeverity < Severity.Severe ? conductSeverity + 1 : conductSeverity;

        var target = conductSeverity switch
        {
            Severity.Low => 0,
            Severity.Moderate => 1,
            Severity.High => MeetingRung,
            _ => SiteBanRung,
        };
        if (history.Upheld > 0)
        {
            target = Math.Max(target, history.HighestRung + 1);
        }
        else if (history.IsRepeat)
        {
            target = Math.Max(target, Math.Min(target + 1, MeetingRung));
        }

        var siteBanProportionate = conductSeverity == Severity.Severe || threat
            || (history.IsRepeat && (conductSeverity >= Severity.High || history.HighestRung >= MeetingRung));
        target = Math.Min(target, siteBanProportionate ? SiteBanRung : MeetingRung);
        var moderatorIndicated = history.IsRepeat || conductSeverity >= Severity.High;

        // What the guide recommends, most important first; only the first MaxRecommended are marked as recommended,
        // so "Suggested" means something (a card that suggests six of seven options suggests nothing).
        var candidates = new List<(string Id, string Reason)>();
        if (crime)
        {
            candidates.Add((ResponseIds.Authorities, "Threats or suspected criminal behaviour: the policy points to the appropriate authorities."));
        }

        candidates.Add((Ladder[target], TargetReason(catalogue, target, conductSeverity, threat, history)));
        if (defamatory)
        {
            candidates.Add((ResponseIds.LegalAdvice, "Statements that may be defamatory: the policy points to advice from the school's or the ISA's legal team."));
        }

        if (target > 0)
        {
            candidates.Add((Ladder[0], "The policy's first step in every case: gather information and speak to the parent."));
        }

        if (moderatorIndicated)
        {
            candidates.Add((ResponseIds.AskModeratorRemoval,
                "The school may ask the group's moderator to consider removing the parent; removal is the moderator's prerogative, not the school's."));
        }

        var indicated = candidates.Take(MaxRecommended).ToList();
        var notIndicated = candidates.Skip(MaxRecommended).ToList();
        for (var rung = target - 1; rung >= 1; rung--)
        {
            notIndicated.Add((Ladder[rung], "A milder alternative, if the Headmistress judges the incident less serious."));
        }

        for (var rung = target + 1; rung < Ladder.Length; rung++)
        {
            notIndicated.Add((Ladder[rung], rung == SiteBanRung && !siteBanProportionate
                ? "Not proportionate here: keep for severe or threatening conduct, or repeated serious conduct."
                : "Firmer than this incident calls for on what is known so far."));
        }

        if (!crime)
        {
            notIndicated.Add((ResponseIds.Authorities, "No threat or suspected crime found; the policy keeps this for criminal behaviour."));
        }

        if (!defamatory)
        {
            notIndicated.Add((ResponseIds.LegalAdvice, "Nothing found that may be libellous or slanderous, which is when the policy uses this."));
        }

        if (!moderatorIndicated)
        {
            notIndicated.Add((ResponseIds.AskModeratorRemoval,
                "A first incident of this kind does not call for it; if it did, the school could only ask the moderator, whose prerogative removal is."));
        }

        var ranked = indicated.Select(o => (o.Id, o.Reason, Indicated: true))
            .Concat(notIndicated.Select(o => (o.Id, o.Reason, Indicated: false)))
            .Select((o, index) => new RankedOption(catalogue.GetResponse(o.Id), index + 1, o.Indicated, o.Reason))
            .ToList();

        return new Guidance(
            ranked,
            Flags(catalogue, crime, defamatory, child),
            Precedents(catalogue, kinds, request),
            overall,
            history.Summary(),
            $"The decision is the Headmistress's (or the acting Headmistress's while she is named to act): \"{catalogue.DecisionQuote}\" " +
            $"This guidance only ranks the options to help her; \"{catalogue.ProportionalityQuote}\"",
            history.Recent.Count == 0 ? null : new LatestEarlierConcern(history.Recent[0].LoggedAt, DescribeOutcome(catalogue, history.Recent[0])));
    }

    private static string TargetReason(PolicyCatalogue catalogue, int target, Severity severity, bool threat, History history)
    {
        var seriousness = severity.ToString().ToLowerInvariant();
        if (history.Upheld > 0 && history.LastResponse is { } last)
        {
            return $"A repeat incident within 12 months of an earlier one that led to \"{catalogue.GetResponse(last).Label}\": the next step up is proportionate.";
        }

        if (history.IsRepeat)
        {
            return "Several concerns about this parent within 12 months: a firmer step than for a first incident.";
        }

        return target switch
        {
            0 => $"First incident, of {seriousness} seriousness: speaking to the parent is usually proportionate.",
            1 => $"First incident, of {seriousness} seriousness: a cautionary notice sets out the policy in writing.",
            MeetingRung => $"Conduct of {seriousness} seriousness: meeting a senior member of staff or the Headmistress in person.",
            _ => threat
                ? "Threatening behaviour: keeping the parent off the school site protects staff and pupils."
                : "Severe conduct: disallowing the parent from the school site may be proportionate.",
        };
    }

    private static List<GuidanceFlag> Flags(PolicyCatalogue catalogue, bool crime, bool defamatory, bool child)
    {
        var flags = new List<GuidanceFlag>();
        if (crime)
        {
            flags.Add(new GuidanceFlag(GuidanceFlagKind.ContactAuthorities,
                "Threats or suspected criminal behaviour: consider contacting the appropriate authorities. If anyone is in immediate danger, call 999 now. " +
                $"The policy: \"{catalogue.GetResponse(ResponseIds.Authorities).Quote}\""));
        }

        if (defamatory)
        {
            flags.Add(new GuidanceFlag(GuidanceFlagKind.SeekLegalAdvice,
                "Statements that may be defamatory: consider seeking legal advice before responding. " +
                $"The policy: \"{catalogue.GetResponse(ResponseIds.LegalAdvice).Quote}\""));
        }

        if (child)
        {
            flags.Add(new GuidanceFlag(GuidanceFlagKind.Safeguarding,
                "A child is named, bullied or may be at risk: follow the school's safeguarding procedure and inform the Designated Safeguarding Lead today."));
        }

        return flags;
    }

    private static List<Precedent> Precedents(PolicyCatalogue catalogue, List<ConductKind> kinds, GuidanceRequest request)
    {
        var ids = kinds.Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        return request.SimilarCases
            .Where(c => c.LoggedAt <= request.Now)
            .Select(c => (Case: c, Shared: c.ConductIds.Where(ids.Contains).Distinct(StringComparer.Ordinal).ToList()))
            .Where(p => p.Shared.Count > 0)
            .OrderByDescending(p => p.Shared.Count)
            .ThenByDescending(p => p.Case.LoggedAt)
            .Select(p => new Precedent(
                p.Case.CaseId,
                p.Case.LoggedAt,
                p.Shared,
                p.Case.Outcome,
                p.Case.ResponsesCarriedOut,
                $"{string.Join("; ", p.Shared.Select(id => catalogue.FindConduct(id)!.Label))}: " +
                DescribeOutcome(catalogue, p.Case)))
            .ToList();
    }

    private static string DescribeOutcome(PolicyCatalogue catalogue, EarlierCase earlier) => earlier.Outcome switch
    {
        EarlierOutcome.ActionsTaken when earlier.ResponsesCarriedOut.Count > 0 =>
            string.Join("; ", earlier.ResponsesCarriedOut.Select(id => catalogue.FindResponse(id)?.Label ?? id)),
        EarlierOutcome.ActionsTaken => "action taken",
        EarlierOutcome.NoAction => "no action taken",
        EarlierOutcome.Rejected => "the proposed response was rejected",
        EarlierOutcome.Withdrawn => "withdrawn",
        _ => "still open",
    };

    /// <summary>This parent's earlier cases, as they bear on whether this is a repeat.</summary>
    private sealed record History(IReadOnlyList<EarlierCase> Recent, int Older, int Upheld, int HighestRung, string? LastResponse)
    {
        // Two concerns in a year are a pattern even if neither needed a response; one unanswered concern is not.
        public bool IsRepeat => Upheld > 0 || Recent.Count >= 2;

        public static History From(IReadOnlyList<EarlierCase> cases, DateTimeOffset now)
        {
            var past = cases.Where(c => c.LoggedAt <= now).ToList();
            var counted = past
                .Where(c => now - c.LoggedAt <= RepeatWindow && c.Outcome is EarlierOutcome.ActionsTaken or EarlierOutcome.NoAction)
                .OrderByDescending(c => c.LoggedAt)
                .ToList();
            var upheld = counted.Where(c => c.Outcome == EarlierOutcome.ActionsTaken).ToList();
            var highest = upheld.Count == 0
                ? -1
                : upheld.SelectMany(c => c.ResponsesCarriedOut).Select(id => Array.IndexOf(Ladder, id)).DefaultIfEmpty(0).Max();
            var lastResponse = upheld
                .Select(c => c.ResponsesCarriedOut.Where(Ladder.Contains).OrderByDescending(id => Array.IndexOf(Ladder, id)).FirstOrDefault())
                .FirstOrDefault(id => id is not null);
            return new History(counted, past.Count(c => now - c.LoggedAt > RepeatWindow), upheld.Count, Math.Max(highest, upheld.Count > 0 ? 0 : -1), lastResponse);
        }

        /// <summary>The counts; the latest concern's date and outcome are <see cref="LatestEarlierConcern"/>, dated by each surface.</summary>
        public string Summary()
        {
            if (Recent.Count == 0 && Older == 0)
            {
                return "No earlier concerns about this parent.";
            }

            var text = Recent.Count == 0
                ? "No earlier concerns about this parent in the last 12 months that were upheld or looked at."
                : $"{Recent.Count} earlier concern(s) about this parent in the last 12 months, {Upheld} with action taken.";
            return Older == 0 ? text : $"{text} {Older} older concern(s) are not counted towards escalation.";
        }
    }
}
