using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Common;

/// <summary>A concern with everything its card and case page show: history, guidance, the audit trail.</summary>
public sealed record ConcernView(
    Concern Concern,
    IReadOnlyList<string> ConductIds,
    IReadOnlyList<string> NamedChildren,
    IReadOnlyList<string> NamedStaff,
    IReadOnlyList<string> ProposedResponseIds,
    IReadOnlyList<EarlierCase> ParentHistory,
    Guidance Guidance,
    IReadOnlyList<AuditEntry> Audit)
{
    public static IReadOnlyList<string> ReadList(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<string>>(json) ?? [];

    public static string WriteList(IEnumerable<string> values) => JsonSerializer.Serialize(values.ToList());

    public static string Subject(int concernId) => $"concern:{concernId}";

    /// <summary>"Dan  Price " and "dan price" are the same parent for their history.</summary>
    public static string ParentKey(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    public static async Task<ConcernView?> LoadAsync(AppDbContext db, PolicyCatalogue catalogue, int concernId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var concern = await db.Concerns.Include(c => c.Actions).SingleOrDefaultAsync(c => c.Id == concernId, cancellationToken);
        if (concern is null)
        {
            return null;
        }

        var conduct = ReadList(concern.ConductIdsJson);
        var earlier = await db.Concerns.AsNoTracking()
            .Where(c => c.Id != concern.Id && c.PostedByKey == concern.PostedByKey)
            .Include(c => c.Actions)
            .ToListAsync(cancellationToken);
        var others = await db.Concerns.AsNoTracking()
            .Where(c => c.Id != concern.Id && c.PostedByKey != concern.PostedByKey)
            .Include(c => c.Actions)
            .ToListAsync(cancellationToken);

        var history = earlier.Where(c => c.LoggedAt <= concern.LoggedAt || c.Id < concern.Id).Select(ToEarlierCase).OrderByDescending(c => c.LoggedAt).ToList();
        var similar = others.Where(c => ReadList(c.ConductIdsJson).Intersect(conduct).Any()).Select(ToEarlierCase).ToList();
        var guidance = ProportionalityGuide.Assess(catalogue, new GuidanceRequest(
            conduct,
            concern.ChildAtRisk || ReadList(concern.NamedChildrenJson).Count > 0,
            history,
            similar,
            now));

        var subject = Subject(concern.Id);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Subject == subject).OrderBy(a => a.At).ToListAsync(cancellationToken);

        return new ConcernView(
            concern,
            conduct,
            ReadList(concern.NamedChildrenJson),
            ReadList(concern.NamedStaffJson),
            ReadList(concern.ProposedResponseIdsJson),
            history,
            guidance,
            audit);
    }

    public static EarlierCase ToEarlierCase(Concern c) => new(
        c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        c.LoggedAt,
        ReadList(c.ConductIdsJson),
        c.State switch
        {
            CaseState.Closed or CaseState.ActionsInProgress or CaseState.Approved => EarlierOutcome.ActionsTaken,
            CaseState.Rejected => EarlierOutcome.Rejected,
            CaseState.Withdrawn => EarlierOutcome.Withdrawn,
            _ => EarlierOutcome.Open,
        },
        c.State is CaseState.Closed or CaseState.ActionsInProgress or CaseState.Approved ? ReadList(c.ProposedResponseIdsJson) : []);
}
