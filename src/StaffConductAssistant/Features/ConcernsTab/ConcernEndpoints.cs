using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Email;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Features.Retention;
using StaffConductAssistant.Features.ShareCase;

namespace StaffConductAssistant.Features.ConcernsTab;

/// <summary>
/// The concerns SLT and the Headmistress work from, one case in full, a parent's history, and an overview without names.
/// What anyone sees is the access rule's answer (<see cref="CaseAccess"/>): a case they may not see is "not found",
/// whoever asks and however. Opening a case and downloading its evidence are recorded in its trail.
/// </summary>
public static class ConcernEndpoints
{
    public static void MapConcernsTab(this RouteGroupBuilder api)
    {
        api.MapGet("/concerns", ListAsync);
        // A parent's name is personal data: it travels in the body, never the URL (App Service and proxies log URLs).
        api.MapPost("/concerns/search", (CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<SchoolOptions> school, IOptions<DecisionOptions> decisions,
                IOptions<RolesOptions> roles, TimeProvider clock, ConcernSearch search, CancellationToken ct) =>
            SearchAsync(me, db, policy, school, decisions, roles, clock, search.State, search.Group, search.Parent, search.ParentKey, search.From, search.To, search.Offset, search.Limit, ct)).DisableAntiforgery();
        api.MapGet("/concerns/{id:int}", GetAsync);
        api.MapGet("/concerns/{id:int}/evidence/{evidenceId:int}", EvidenceAsync);
        api.MapPost("/concerns/{id:int}/actions", ActAsync).DisableAntiforgery().RequireRateLimiting(RateLimits.Invokes);
        api.MapPost("/concerns/{id:int}/share", ShareEndpoint.ShareAsync).DisableAntiforgery();
        api.MapLegalHold();
        api.MapGet("/form-options", (PolicyCatalogue policy, IOptions<SchoolOptions> school) => TypedResults.Ok(new FormOptions(
            school.Value.Groups, policy.Conduct.Select(k => new Citation(k.Id, k.Label, k.CitedHeading, k.Quote)).ToList())));
        api.MapGet("/overview", OverviewAsync);
        api.MapGet("/overview.csv", OverviewCsvAsync);
    }

    public sealed record ConcernRow(
        int Id, string State, string StateLabel, string Group, string PostedBy, string PostedByKey, DateTimeOffset LoggedAt,
        IReadOnlyList<string> Conduct, bool Overdue, DateTimeOffset? ProposedAt, bool ChildAtRisk, bool Mine);

    /// <summary>One page of the list: <see cref="Next"/> is the offset of the next page, null on the last; <see cref="Overdue"/> counts every match.</summary>
    public sealed record ConcernList(bool SeesAll, bool CanSeeOverview, IReadOnlyList<string> Groups, IReadOnlyList<StateOption> States, IReadOnlyList<ConcernRow> Items, int? Next = null, int Overdue = 0);

    /// <summary>Rows per page of the list: what one screen shows, so a request costs the same with 50 or 50,000 concerns.</summary>
    public const int PageSize = 50;

    /// <summary>The most rows one request may ask for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The list's filters, posted, so the parent's name stays out of the URL; <see cref="Offset"/> pages on.</summary>
    public sealed record ConcernSearch(string? State, string? Group, string? Parent, string? ParentKey, DateOnly? From, DateOnly? To, int? Offset = null, int? Limit = null);

    /// <summary>What the logging form offers: the school's groups and the policy's kinds of conduct.</summary>
    public sealed record FormOptions(IReadOnlyList<string> Groups, IReadOnlyList<Citation> Conduct);

    public sealed record StateOption(string Value, string Label);

    /// <summary>Plain words for each state, as staff say them.</summary>
    public static string Label(CaseState state) => state switch
    {
        CaseState.Logged => "New",
        CaseState.UnderReview => "Being reviewed by SLT",
        CaseState.Proposed => "Waiting for the Headmistress",
        CaseState.ChangesRequested => "Changes asked for",
        CaseState.Approved => "Approved",
        CaseState.Rejected => "Not approved",
        CaseState.ActionsInProgress => "Being carried out",
        CaseState.Closed => "Closed",
        CaseState.Withdrawn => "Withdrawn",
        _ => state.ToString(),
    };

    public static bool IsOpen(CaseState state) => state is not (CaseState.Closed or CaseState.Withdrawn or CaseState.Rejected);

    internal static IQueryable<Concern> Visible(AppDbContext db, CurrentStaff me, RolesOptions roles) =>
        db.Concerns.VisibleTo(CaseAccess.ScopeOf(me.Member), roles.HeadmistressIds());

    /// <summary>The list by URL: state, group and dates only. A parent filter is a POST to /concerns/search.</summary>
    internal static Task<Ok<ConcernList>> ListAsync(
        CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<SchoolOptions> school, IOptions<DecisionOptions> decisions, IOptions<RolesOptions> roles, TimeProvider clock,
        string? state, string? group, DateOnly? from, DateOnly? to, int? offset, int? limit, CancellationToken ct) =>
        SearchAsync(me, db, policy, school, decisions, roles, clock, state, group, parent: null, parentKey: null, from, to, offset, limit, ct);

    internal static async Task<Ok<ConcernList>> SearchAsync(
        CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<SchoolOptions> school, IOptions<DecisionOptions> decisions, IOptions<RolesOptions> roles, TimeProvider clock,
        string? state, string? group, string? parent, string? parentKey, DateOnly? from, DateOnly? to, int? offset, int? limit, CancellationToken ct)
    {
        var query = Visible(db, me, roles.Value).AsNoTracking();
        if (Enum.TryParse<CaseState>(state, ignoreCase: true, out var wanted))
        {
            query = query.Where(c => c.State == wanted);
        }
        else if (state == "open")
        {
            query = query.Where(c => c.State != CaseState.Closed && c.State != CaseState.Withdrawn && c.State != CaseState.Rejected);
        }

        if (!string.IsNullOrWhiteSpace(group))
        {
            query = query.Where(c => c.Group == group);
        }

        if (!string.IsNullOrWhiteSpace(parentKey))
        {
            query = query.Where(c => c.PostedByKey == parentKey);
        }
        else if (!string.IsNullOrWhiteSpace(parent))
        {
            var key = ParentKey(parent);
            query = query.Where(c => c.PostedByKey.Contains(key));
        }

        if (from is { } f)
        {
            var start = SchoolTime.StartOfDay(f);
            query = query.Where(c => c.LoggedAt >= start);
        }

        if (to is { } t)
        {
            var end = SchoolTime.StartOfDay(t.AddDays(1));
            query = query.Where(c => c.LoggedAt < end);
        }

        var now = clock.GetUtcNow();

        // The same test as IsOverdue, in SQL, so the database sorts and pages: overdue decisions first (oldest proposal
        // first), then the newest concerns; the id breaks ties so pages never overlap.
        var cutoff = now - decisions.Value.RemindAfter;
        var skip = Math.Max(offset ?? 0, 0);
        var take = Math.Clamp(limit ?? PageSize, 1, MaxPageSize);
        var page = await query
            .OrderByDescending(c => c.State == CaseState.Proposed && c.ProposedAt != null && c.ProposedAt < cutoff)
            .ThenBy(c => c.State == CaseState.Proposed && c.ProposedAt != null && c.ProposedAt < cutoff ? c.ProposedAt : null)
            .ThenByDescending(c => c.LoggedAt)
            .ThenByDescending(c => c.Id)
            .Skip(skip)
            .Take(take + 1)
            .ToListAsync(ct);
        var rows = page.Take(take).Select(c => ToRow(c, me, policy, decisions.Value, now)).ToList();
        var overdue = await query.CountAsync(c => c.State == CaseState.Proposed && c.ProposedAt != null && c.ProposedAt < cutoff, ct);
        var states = Enum.GetValues<CaseState>().Select(s => new StateOption(s.ToString(), Label(s))).ToList();
        var overview = CaseAccess.Check(me.Member, SchoolOperation.ViewOverview).Allowed;
        return TypedResults.Ok(new ConcernList(me.SeesAllConcerns, overview, school.Value.Groups, states, rows, page.Count > take ? skip + take : null, overdue));
    }

    internal static ConcernRow ToRow(Concern c, CurrentStaff me, PolicyCatalogue policy, DecisionOptions decisions, DateTimeOffset now) => new(
        c.Id, c.State.ToString(), Label(c.State), c.Group, c.PostedBy, c.PostedByKey, c.LoggedAt,
        ReadList(c.ConductIdsJson).Select(id => policy.FindConduct(id)?.Label ?? id).ToList(),
        IsOverdue(c, decisions, now), c.ProposedAt, c.ChildAtRisk, c.LoggedByUserId == me.UserId);

    /// <summary>A proposal is overdue when it has waited longer than Decisions:RemindAfter for the Headmistress.</summary>
    public static bool IsOverdue(Concern c, DecisionOptions decisions, DateTimeOffset now) =>
        c.State == CaseState.Proposed && c.ProposedAt is { } at && now - at > decisions.RemindAfter;

    /// <summary>The same normalisation as <see cref="Concern.PostedByKey"/>: lower case, single spaces.</summary>
    public static string ParentKey(string name) => ConcernLists.ParentKey(name);

    public sealed record Citation(string Id, string Label, string? Heading, string Quote);

    public sealed record EvidenceView(int Id, string Kind, string FileName, string ContentType, long Size);

    public sealed record EmailView(string? From, DateTimeOffset? Date, string Subject, string Body);

    public sealed record ActionView(int Id, string ResponseId, string Label, string Status, string? Detail, DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

    public sealed record AuditView(DateTimeOffset At, string ActorId, string ActorRole, string Action, string? FromState, string? ToState, string? Reason);

    public sealed record ProposalView(int Version, IReadOnlyList<Citation> Responses, string? Reason, string? LetterText, string? ProposedBy, DateTimeOffset? ProposedAt, bool Overdue);

    public sealed record DecisionView(string? DecidedBy, string? Role, DateTimeOffset? DecidedAt, string? Comment, int? ProposalVersion);

    public sealed record CaseView(
        int Id, string State, string StateLabel, bool Open, string Group, string PostedBy, string PostedByKey, string? Quote, string? Notes,
        bool ChildAtRisk, IReadOnlyList<string> NamedChildren, IReadOnlyList<string> NamedStaff,
        string? ReporterName, string? ReporterEmail, DateTimeOffset? EmailSentAt, string? EmailSubject, string? SourceLink,
        DateTimeOffset LoggedAt, string LoggedBy, string? LoggedByName,
        IReadOnlyList<Citation> Conduct, EmailView? Email, IReadOnlyList<EvidenceView> Evidence,
        ProposalView? Proposal, DecisionView? Decision, IReadOnlyList<ActionView> Actions, IReadOnlyList<AuditView> Audit,
        IReadOnlyList<ConcernRow> ParentHistory, string PolicyUrl,
        int Version, int ProposalVersion, IReadOnlyList<string> Allowed, SafeguardingView? Safeguarding,
        IReadOnlyList<NamedPersonView> NamedPeople, IReadOnlyList<Citation> Responses, IReadOnlyList<LetterChoice> Letters,
        IReadOnlyList<TimelineEntry> Timeline, int? ParentId = null);

    /// <summary>One message of a WhatsApp chat export kept as evidence; the time is the phone's, with no offset.</summary>
    public sealed record TimelineEntry(string? Time, string? Author, string? Text);

    public sealed record SafeguardingView(bool Applies, DateTimeOffset? DslToldAt, string? DeliveryProblem, DateTimeOffset? HandledAt, string? Note);

    /// <summary>A member of staff the concern names, for SLT deciding whether to share it with them.</summary>
    public sealed record NamedPersonView(string UserId, string? Name, bool Shared);

    public sealed record LetterChoice(string Id, string Title, string ResponseId);

    public sealed record ActRequest(string? Verb, System.Text.Json.JsonElement Data);

    public sealed record ActResult(string? Note, bool Problem);

    internal static async Task<Results<Ok<CaseView>, NotFound>> GetAsync(
        int id, CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<DecisionOptions> decisions, IOptions<RolesOptions> roles,
        LetterTemplates letters, CaseChanges changes, TimeProvider clock, CancellationToken ct)
    {
        var heads = roles.Value.HeadmistressIds();
        var c = await db.Concerns.AsNoTracking().Include(x => x.Actions).Include(x => x.People).AsSplitQuery().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null)
        {
            return TypedResults.NotFound();
        }

        var facts = c.ToFacts(heads);
        if (!CaseAccess.CanSee(me.Member, facts))
        {
            // Not 403: a teacher must not learn that someone else's concern exists. The attempt is recorded.
            await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.CasePage, ct);
            return TypedResults.NotFound();
        }

        await changes.RecordViewAsync(me.UserId, CaseAccess.BestRole(me.Member.Roles), AuditActions.Viewed, id, AuditSurfaces.CasePage, ct);
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.ConcernId == id)
            .Select(e => new EvidenceView(e.Id, e.Kind.ToString(), e.FileName, e.ContentType, e.Size)).ToListAsync(ct);
        var email = await ReadEmailAsync(db, id, ct);
        var subject = AuditSubjects.Case(id);
        var audit = (await db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject).ToListAsync(ct))
            .OrderBy(a => a.At)
            .Select(a => new AuditView(a.At, a.ActorId, a.ActorRole, a.Action, a.FromState, a.ToState, a.Reason)).ToList();
        var now = clock.GetUtcNow();
        var history = (await CaseCard.CaseView.SameParent(Visible(db, me, roles.Value).AsNoTracking(), c).Where(x => x.Id != id)
                .OrderByDescending(x => x.LoggedAt).Take(50).ToListAsync(ct))
            .Select(x => ToRow(x, me, policy, decisions.Value, now)).ToList();

        var proposal = c.ProposalVersion > 0 || c.ProposedAt is not null
            ? new ProposalView(
                c.ProposalVersion,
                ReadList(c.ProposedResponseIdsJson).Select(r => policy.FindResponse(r) is { } o ? new Citation(o.Id, o.Label, o.CitedHeading, o.Quote) : new Citation(r, r, null, string.Empty)).ToList(),
                c.ProposalReason, c.LetterText, c.ProposedByUserId, c.ProposedAt, IsOverdue(c, decisions.Value, now))
            : null;
        var decision = c.DecidedAt is not null
            ? new DecisionView(c.DecidedByUserId, c.DecidedByRole?.ToString(), c.DecidedAt, c.DecisionComment, c.DecidedProposalVersion)
            : null;
        var allowed = CaseAccess.Allowed(me.Member, facts);
        var named = allowed.Contains(CaseOperation.Share)
            ? c.People.Where(p => p.Kind == CasePersonKind.Named).Select(p => new NamedPersonView(
                p.UserId,
                roles.Value.StaffNames.TryGetValue(p.UserId, out var name) ? name : null,
                c.People.Any(s => s.Kind == CasePersonKind.Shared && s.UserId == p.UserId))).ToList()
            : [];
        var safeguarding = c.Safeguarding || c.ChildAtRisk
            ? new SafeguardingView(c.Safeguarding, c.DslToldAt, c.DslDeliveryProblem, c.SafeguardingHandledAt, c.SafeguardingNote)
            : null;

        return TypedResults.Ok(new CaseView(
            c.Id, c.State.ToString(), Label(c.State), IsOpen(c.State), c.Group, c.PostedBy, c.PostedByKey, c.Quote, c.Notes,
            c.ChildAtRisk, ReadList(c.NamedChildrenJson), ReadList(c.NamedStaffJson),
            c.ReporterName, c.ReporterEmail, c.EmailSentAt, c.EmailSubject, c.SourceLink,
            c.LoggedAt, c.LoggedByUserId, c.LoggedByName,
            ReadList(c.ConductIdsJson).Select(x => policy.FindConduct(x) is { } k ? new Citation(k.Id, k.Label, k.CitedHeading, k.Quote) : new Citation(x, x, null, string.Empty)).ToList(),
            email, evidence, proposal, decision,
            c.Actions.OrderBy(a => a.CreatedAt).Select(a => new ActionView(a.Id, a.ResponseId, policy.FindResponse(a.ResponseId)?.Label ?? a.ResponseId, a.Status.ToString(), a.Detail, a.CreatedAt, a.CompletedAt)).ToList(),
            audit, history, "/policy",
            c.Version, c.ProposalVersion, allowed.Select(o => o.ToString()).Order(StringComparer.Ordinal).ToList(), safeguarding, named,
            allowed.Contains(CaseOperation.Propose) ? policy.Responses.Select(r => new Citation(r.Id, r.Label, r.CitedHeading, r.Quote)).ToList() : [],
            allowed.Contains(CaseOperation.Propose) ? letters.All.Select(t => new LetterChoice(t.Id, t.Title, t.ResponseId)).ToList() : [],
            await ReadTimelineAsync(db, id, ct), c.ParentId));
    }

    /// <summary>The WhatsApp chat the email attached or quoted, as the timeline kept with the concern (empty when none).</summary>
    private static async Task<IReadOnlyList<TimelineEntry>> ReadTimelineAsync(AppDbContext db, int id, CancellationToken ct)
    {
        var json = await db.Evidence.AsNoTracking()
            .Where(e => e.ConcernId == id && e.Kind == EvidenceKind.ChatTimeline)
            .Select(e => e.Content).FirstOrDefaultAsync(ct);
        if (json is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<TimelineEntry>>(json, JsonSerializerOptions.Web) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>
    /// The case page's buttons: the same commands as the card's, through the same dispatcher and access rule. A case the
    /// caller may not see is 404, as on every other surface.
    /// </summary>
    internal static async Task<Results<Ok<ActResult>, NotFound, ProblemHttpResult>> ActAsync(
        int id, ActRequest request, CurrentStaff me, CaseActionDispatcher dispatcher, CancellationToken ct)
    {
        var data = System.Text.Json.Nodes.JsonNode.Parse(request.Data.ValueKind == System.Text.Json.JsonValueKind.Object ? request.Data.GetRawText() : "{}")!.AsObject();
        data["caseId"] = id;
        using var document = JsonDocument.Parse(data.ToJsonString());
        if (CaseCommand.Parse(request.Verb, document.RootElement) is not { } command)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "That isn't something the case page can do. Nothing has changed.");
        }

        // The name signs the letter when the Headmistress approves from the case page (without it, "{signature}" went out).
        var result = await dispatcher.RunAsync(me.Member, command, CaseOrigin.None, me.Name, null, AuditSurfaces.CasePage, ct);
        return result switch
        {
            CaseResult.Answered answered => TypedResults.Ok(new ActResult(answered.Outcome.Note, answered.Outcome.IsProblem)),
            _ => TypedResults.NotFound(),
        };
    }

    internal static async Task<IResult> EvidenceAsync(int id, int evidenceId, CurrentStaff me, AppDbContext db, IOptions<RolesOptions> roles, CaseChanges changes, CancellationToken ct)
    {
        var c = await db.Concerns.AsNoTracking().Include(x => x.People).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (c is null || !CaseAccess.CanSee(me.Member, c.ToFacts(roles.Value.HeadmistressIds())))
        {
            if (c is not null)
            {
                await changes.RecordViewAsync(me.UserId, null, AuditActions.AccessRefused, id, AuditSurfaces.Evidence, ct);
            }

            return Results.NotFound();
        }

        var evidence = await db.Evidence.AsNoTracking().SingleOrDefaultAsync(e => e.Id == evidenceId && e.ConcernId == id, ct);
        if (evidence is null)
        {
            return Results.NotFound();
        }

        await changes.RecordViewAsync(me.UserId, CaseAccess.BestRole(me.Member.Roles), AuditActions.EvidenceDownloaded, id, AuditSurfaces.Evidence, ct);

        // Always a download, never rendered by the app's origin: an attachment could be HTML.
        var type = evidence.Kind == EvidenceKind.OriginalEmail ? "message/rfc822" : "application/octet-stream";
        return Results.File(evidence.Content, type, evidence.FileName);
    }

    private static async Task<EmailView?> ReadEmailAsync(AppDbContext db, int id, CancellationToken ct)
    {
        var original = await db.Evidence.AsNoTracking()
            .Where(e => e.ConcernId == id && e.Kind == EvidenceKind.OriginalEmail)
            .Select(e => e.Content).FirstOrDefaultAsync(ct);
        if (original is null)
        {
            return null;
        }

        try
        {
            using var stream = new MemoryStream(original);
            var parsed = EmailReader.Read(stream);
            return new EmailView(parsed.From?.ToString(), parsed.Date, parsed.Subject, parsed.Body);
        }
        catch (EmailReadException)
        {
            return null;
        }
    }

    internal static IReadOnlyList<string> ReadList(string? json) => ConcernLists.Read(json);

    public sealed record Count(string Key, string Label, int Total, int Open);

    public sealed record Overview(
        DateOnly From, DateOnly To, int Total, int Open, int Overdue, int ChildAtRisk,
        IReadOnlyList<Count> ByGroup, IReadOnlyList<Count> ByConduct, IReadOnlyList<Count> ByMonth, IReadOnlyList<Count> ByState, IReadOnlyList<Count> Outcomes);

    internal static async Task<Results<Ok<Overview>, ProblemHttpResult>> OverviewAsync(
        CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<SchoolOptions> school, IOptions<DecisionOptions> decisions, IOptions<RolesOptions> roles, TimeProvider clock,
        DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.ViewOverview);
        if (!access.Allowed)
        {
            return Refused(access);
        }

        return TypedResults.Ok(await BuildOverviewAsync(Visible(db, me, roles.Value), policy, school.Value, decisions.Value, clock.GetUtcNow(), from, to, ct));
    }

    internal static async Task<IResult> OverviewCsvAsync(
        CurrentStaff me, AppDbContext db, PolicyCatalogue policy, IOptions<SchoolOptions> school, IOptions<DecisionOptions> decisions, IOptions<RolesOptions> roles, TimeProvider clock,
        DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var access = CaseAccess.Check(me.Member, SchoolOperation.ViewOverview);
        if (!access.Allowed)
        {
            return Refused(access);
        }

        var o = await BuildOverviewAsync(Visible(db, me, roles.Value), policy, school.Value, decisions.Value, clock.GetUtcNow(), from, to, ct);
        var csv = new StringBuilder(Csv.Line("Section", "Item", "Concerns", "Still open"));
        csv.Append(Csv.Line("Period", $"{o.From:yyyy-MM-dd} to {o.To:yyyy-MM-dd}", Num(o.Total), Num(o.Open)));
        csv.Append(Csv.Line("Waiting too long for a decision", "Overdue", Num(o.Overdue), Num(o.Overdue)));
        foreach (var (section, counts) in new[] { ("Group", o.ByGroup), ("Conduct", o.ByConduct), ("Month", o.ByMonth), ("State", o.ByState), ("Outcome", o.Outcomes) })
        {
            foreach (var count in counts)
            {
                csv.Append(Csv.Line(section, count.Label, Num(count.Total), Num(count.Open)));
            }
        }

        return Results.File(
            Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8",
            $"concerns-overview-{o.From:yyyy-MM-dd}-to-{o.To:yyyy-MM-dd}.csv");
    }

    private static ProblemHttpResult Refused(AccessDecision access) => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: access.Message);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts only: the overview is shown to governors, so it carries no names, quotes or ids.</summary>
    internal static async Task<Overview> BuildOverviewAsync(
        IQueryable<Concern> visible, PolicyCatalogue policy, SchoolOptions school, DecisionOptions decisions, DateTimeOffset now, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        // School days and months (Europe/London), not UTC ones: a concern logged at 00:30 on 1 July is July's.
        var today = SchoolTime.Today(now);
        var end = to ?? today;
        var start = from ?? new DateOnly(end.Year, end.Month, 1).AddMonths(-11);
        var startAt = SchoolTime.StartOfDay(start);
        var endAt = SchoolTime.StartOfDay(end.AddDays(1));
        // Only the columns the counts need (no quotes, emails or evidence): a narrow row per concern in the period.
        var concerns = await visible.AsNoTracking()
            .Where(c => c.LoggedAt >= startAt && c.LoggedAt < endAt)
            .Select(c => new Concern
            {
                Id = c.Id, Group = c.Group, State = c.State, LoggedAt = c.LoggedAt, ProposedAt = c.ProposedAt, DecidedAt = c.DecidedAt,
                ChildAtRisk = c.ChildAtRisk, ConductIdsJson = c.ConductIdsJson, ProposedResponseIdsJson = c.ProposedResponseIdsJson,
                LoggedByUserId = string.Empty, PostedBy = string.Empty, PostedByKey = string.Empty,
            })
            .ToListAsync(ct);

        Count Tally(string key, string label, IEnumerable<Concern> items)
        {
            var list = items.ToList();
            return new Count(key, label, list.Count, list.Count(c => IsOpen(c.State)));
        }

        var byGroup = school.Groups
            .Concat(concerns.Select(c => c.Group).Where(g => !school.Groups.Contains(g, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal))
            .Select(g => Tally(g, g, concerns.Where(c => c.Group == g))).ToList();
        var conductIds = concerns.ToDictionary(c => c.Id, c => ReadList(c.ConductIdsJson));
        var byConduct = policy.Conduct
            .Select(k => Tally(k.Id, k.Label, concerns.Where(c => conductIds[c.Id].Contains(k.Id))))
            .Where(c => c.Total > 0).OrderByDescending(c => c.Total).ToList();
        var months = new List<Count>();
        for (var m = new DateOnly(start.Year, start.Month, 1); m <= end; m = m.AddMonths(1))
        {
            var month = m;
            months.Add(Tally(month.ToString("yyyy-MM", CultureInfo.InvariantCulture), month.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en-GB")),
                concerns.Where(c => SchoolTime.Local(c.LoggedAt).Year == month.Year && SchoolTime.Local(c.LoggedAt).Month == month.Month)));
        }

        var byState = Enum.GetValues<CaseState>()
            .Select(s => Tally(s.ToString(), Label(s), concerns.Where(c => c.State == s))).Where(c => c.Total > 0).ToList();

        // Outcomes: what the Headmistress approved, by response, for decided cases.
        var approved = concerns.Where(c => c.DecidedAt is not null && c.State is CaseState.Approved or CaseState.ActionsInProgress or CaseState.Closed).ToList();
        var outcomes = policy.Responses
            .Select(r => Tally(r.Id, r.Label, approved.Where(c => ReadList(c.ProposedResponseIdsJson).Contains(r.Id))))
            .Where(c => c.Total > 0).ToList();
        outcomes.Add(Tally("rejected", "Not approved", concerns.Where(c => c.State == CaseState.Rejected)));
        outcomes.Add(Tally("withdrawn", "Withdrawn", concerns.Where(c => c.State == CaseState.Withdrawn)));

        return new Overview(
            start, end, concerns.Count, concerns.Count(c => IsOpen(c.State)), concerns.Count(c => IsOverdue(c, decisions, now)), concerns.Count(c => c.ChildAtRisk),
            byGroup, byConduct, months, byState, outcomes);
    }
}
