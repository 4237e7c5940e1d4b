using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.CaseCard;

/// <summary>
/// Builds the concern card for one person or one copy. Whatever it shows (the case, its history and precedents, its
/// forms and buttons) comes from the access rule for the person it is drawn for. The base card (PUT to every copy)
/// carries <c>refresh.userIds</c>, so Teams asks for each person's own view (teams-protocol.md §6).
/// </summary>
public sealed class CaseCardBuilder(
    AppDbContext db,
    PolicyCatalogue catalogue,
    EditLetterTemplates.LetterTemplateLibrary letters,
    StaffDirectory directory,
    IOptions<DecisionOptions> decisions,
    IOptions<AppOptions> app,
    IOptions<RolesOptions> roles,
    IOptions<TeamsAppOptions> teams,
    TimeProvider clock)
{
    /// <summary>The SLT channel's readers, as one audience: SLT, and nobody named in the case.</summary>
    private static readonly StaffMember SltChannelAudience = new("slt-channel", new HashSet<StaffRole> { StaffRole.Staff, StaffRole.Slt });

    /// <summary>The case page in a browser.</summary>
    public Uri CaseUrl(int concernId) => new(app.Value.PublicBaseUrl, $"tab/concerns/{concernId}");

    /// <summary>
    /// "Open the case" on a card: a Teams deep link to the Concerns tab's case page when the app's Teams id is set
    /// (teams-protocol.md §10, deep links to a tab with a sub-entity), else the case page itself.
    /// </summary>
    public Uri OpenCaseUrl(int concernId)
    {
        if (string.IsNullOrWhiteSpace(teams.Value.ManifestAppId))
        {
            return CaseUrl(concernId);
        }

        var context = JsonSerializer.Serialize(new { subEntityId = "case-" + concernId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Uri(
            $"https://teams.microsoft.com/l/entity/{Uri.EscapeDataString(teams.Value.ManifestAppId)}/concerns" +
            $"?webUrl={Uri.EscapeDataString(CaseUrl(concernId).ToString())}&label={Uri.EscapeDataString("Concern " + concernId)}&context={Uri.EscapeDataString(context)}");
    }

    /// <summary>The card one person sees: their view, or a short refusal that shows nothing of the case.</summary>
    /// <param name="noteVerb">The button pressed, so that a problem is shown next to it.</param>
    public async Task<AdaptiveCard> ForPersonAsync(int concernId, StaffMember who, string? note, bool noteIsProblem, ProposalForm? form, CancellationToken ct, string? noteVerb = null) =>
        await PersonCardAsync(concernId, who, note, noteIsProblem, form, ct, noteVerb) ?? ConcernCard.Refused(CaseAccess.CannotSeeMessage);

    /// <summary>The person's card, a refusal when the rule says no, or null when the case no longer exists.</summary>
    private async Task<AdaptiveCard?> PersonCardAsync(int concernId, StaffMember who, string? note, bool noteIsProblem, ProposalForm? form, CancellationToken ct, string? noteVerb = null)
    {
        ArgumentNullException.ThrowIfNull(who);
        var scope = CaseAccess.ScopeOf(who);
        var heads = roles.Value.HeadmistressIds();
        var view = await CaseView.LoadAsync(db, catalogue, concernId, q => q.VisibleTo(scope, heads), heads, clock.GetUtcNow(), ct);
        if (view is null)
        {
            return null;
        }

        if (!CaseAccess.CanSee(who, view.Facts))
        {
            return ConcernCard.Refused(who.IsStaff ? CaseAccess.CannotSeeMessage : CaseAccess.Check(who, SchoolOperation.UseApp).Message);
        }

        return await BuildAsync(view, CaseAccess.Allowed(who, view.Facts), shared: false, note, noteIsProblem, form, ct, noteVerb,
            CaseAccess.RolesOnCase(who, view.Facts).Contains(StaffRole.Slt) ? null : who.UserId);
    }

    /// <summary>The card for one stored copy, drawn for whoever reads that copy.</summary>
    public async Task<AdaptiveCard?> ForCopyAsync(int concernId, CardPurpose purpose, string? recipientUserId, string? note, CancellationToken ct)
    {
        if (purpose != CardPurpose.SltChannel)
        {
            return await PersonCardAsync(concernId, await directory.GetAsync(recipientUserId, ct), note, false, null, ct);
        }

        var heads = roles.Value.HeadmistressIds();
        var view = await CaseView.LoadAsync(db, catalogue, concernId, q => q.VisibleTo(CaseAccess.ScopeOf(SltChannelAudience), heads), heads, clock.GetUtcNow(), ct, NamesSltAsync);
        if (view is null)
        {
            return null;
        }

        if (await NamesSltAsync(view.Concern, ct))
        {
            // An SLT member named in a case is left out of its review: the channel they read shows nothing of it.
            return new AdaptiveCard
            {
                FallbackText = $"WhatsApp concern {ConcernCard.CaseNumber(concernId)}",
                Body =
                [
                    new TextBlock { Text = $"WhatsApp concern {ConcernCard.CaseNumber(concernId)}", Weight = TextWeight.Bolder, Size = TextSize.Large, Wrap = true },
                    new TextBlock { Text = "This concern names a member of SLT, so it is not shown in this channel. SLT members it does not name can open it in the Concerns tab.", Wrap = true },
                ],
                Actions = [new OpenUrlAction { Title = "Open the case", Url = OpenCaseUrl(concernId) }],
            };
        }

        return await BuildAsync(view, CaseAccess.Allowed(SltChannelAudience, view.Facts), shared: true, note, false, null, ct);
    }

    /// <summary>Whoever may decide this case now: the Headmistress and any acting Headmistress in force, or the configured decider when she is named.</summary>
    public async Task<IReadOnlyList<(string UserId, CardPurpose Purpose)>> DecidersAsync(CaseFacts facts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var result = new List<(string, CardPurpose)>();
        if (facts.HeadmistressNamed)
        {
            if (roles.Value.DeciderWhenHeadmistressNamed is { Length: > 0 } decider)
            {
                result.Add((decider, CardPurpose.ActingHeadmistress));
            }

            return result;
        }

        foreach (var head in roles.Value.HeadmistressIds())
        {
            result.Add((head, CardPurpose.Headmistress));
        }

        var now = clock.GetUtcNow();
        var acting = await db.ActingHeadAppointments.AsNoTracking().Where(a => a.RevokedAt == null).ToListAsync(ct);
        foreach (var appointment in acting.Where(a => a.From <= now && now < a.Until))
        {
            if (result.All(r => !string.Equals(r.Item1, appointment.UserId, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add((appointment.UserId, CardPurpose.ActingHeadmistress));
            }
        }

        // Separation of duties: whoever proposed cannot decide, so is not sent the decision card.
        return result.Where(r => !string.Equals(r.Item1, facts.ProposedByUserId, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The user's most recent personal conversation with the bot, if the app is installed for them.</summary>
    public Task<ConversationRecord?> PersonalConversationAsync(string userObjectId, CancellationToken ct) =>
        db.Conversations.AsNoTracking()
            .Where(c => c.UserAadObjectId == userObjectId && c.ConversationType == ConversationTypes.Personal)
            .OrderByDescending(c => c.UpdatedAt)
            .FirstOrDefaultAsync(ct);

    private async Task<AdaptiveCard> BuildAsync(CaseView view, IReadOnlySet<CaseOperation> allowed, bool shared, string? note, bool noteIsProblem, ProposalForm? form, CancellationToken ct, string? noteVerb = null, string? onlyTasksOwnedBy = null)
    {
        var now = clock.GetUtcNow();
        return ConcernCard.Build(view, catalogue, new ConcernCardOptions
        {
            CaseUrl = OpenCaseUrl(view.Concern.Id),
            RosterUrl = new Uri(app.Value.PublicBaseUrl, "tab/roster"),
            Note = note,
            NoteIsProblem = noteIsProblem,
            NoteVerb = noteVerb,
            Allowed = allowed,
            Shared = shared,
            IssuedAt = now,
            Now = now,
            RemindAfter = decisions.Value.RemindAfter,
            Letters = await letters.CurrentAsync(db, ct),
            TaskOwners = [.. roles.Value.StaffNames.Select(p => new Choice(p.Value, p.Key))],
            OnlyTasksOwnedBy = onlyTasksOwnedBy,
            Form = form,
            RefreshUserIds = await RefreshUserIdsAsync(view, ct),
        });
    }

    /// <summary>True when the case names someone who is SLT now (the directory, cached).</summary>
    private async Task<bool> NamesSltAsync(Concern concern, CancellationToken ct)
    {
        foreach (var person in concern.People.Where(p => p.Kind == CasePersonKind.Named))
        {
            try
            {
                if ((await directory.GetAsync(person.UserId, ct)).IsSlt)
                {
                    return true;
                }
            }
            catch (GraphUnavailableException)
            {
                // Could not check: treat as SLT, so the channel shows nothing that might be about one of its readers.
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Teams ids (29:…) for auto-refresh, from stored 1:1 conversations: the deciders, the logger, the proposer and the
    /// DSL. Each refresh still goes through the access rule, so listing someone here shows them nothing they may not see.
    /// A decided case refreshes for nobody ([]): everyone sees the one outcome.
    /// </summary>
    private async Task<IReadOnlyList<string>> RefreshUserIdsAsync(CaseView view, CancellationToken ct)
    {
        var concern = view.Concern;
        if (concern.State is not (CaseState.Logged or CaseState.UnderReview or CaseState.Proposed or CaseState.ChangesRequested or CaseState.ActionsInProgress))
        {
            return [];
        }

        var people = concern.State == CaseState.ActionsInProgress ? [] : (await DecidersAsync(view.Facts, ct)).Select(d => d.UserId).ToList();
        people.Add(concern.LoggedByUserId);
        if (concern.ProposedByUserId is { } proposer)
        {
            people.Add(proposer);
        }

        if (concern.Safeguarding)
        {
            people.AddRange(roles.Value.DslIds());
        }

        var records = await db.Conversations.AsNoTracking()
            .Where(c => c.ConversationType == ConversationTypes.Personal && c.UserAadObjectId != null && people.Contains(c.UserAadObjectId))
            .ToListAsync(ct);
        return records
            .Select(r => ConversationStore.ReferenceOf(r).User?.Id)
            .OfType<string>()
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(CardRefresh.MaxUserIds)
            .ToList();
    }
}
