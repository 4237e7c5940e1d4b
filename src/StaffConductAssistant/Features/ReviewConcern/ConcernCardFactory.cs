using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.Common;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ReviewConcern;

/// <summary>
/// Builds the concern card for one copy or one person. The base card (PUT to every copy) shows the status with
/// <c>refresh.userIds</c> naming the deciders, so Teams asks for their own view (teams-protocol.md §6, the approval
/// pattern); once decided, <c>userIds</c> is empty and everyone sees the same card.
/// </summary>
public sealed class ConcernCardFactory(
    AppDbContext db,
    PolicyCatalogue catalogue,
    LetterTemplates letters,
    IOptions<DecisionOptions> decisions,
    IOptions<AppOptions> app,
    IOptions<RolesOptions> roles,
    TimeProvider clock)
{
    public Uri CaseUrl(int concernId) => new(app.Value.PublicBaseUrl, $"tab/concerns?case={concernId}");

    /// <summary>The card one person sees, in the view their roles allow.</summary>
    public async Task<AdaptiveCard?> BuildAsync(int concernId, CardView view, string? note, bool noteIsProblem, ProposalForm? form, CancellationToken cancellationToken, bool offerReview = false)
    {
        var now = clock.GetUtcNow();
        var loaded = await ConcernView.LoadAsync(db, catalogue, concernId, now, cancellationToken);
        if (loaded is null)
        {
            return null;
        }

        return ConcernCard.Build(loaded, catalogue, new ConcernCardOptions
        {
            CaseUrl = CaseUrl(concernId),
            Note = note,
            NoteIsProblem = noteIsProblem,
            View = view,
            OfferReview = offerReview,
            IssuedAt = now,
            Now = now,
            RemindAfter = decisions.Value.RemindAfter,
            Letters = letters,
            Form = form,
            RefreshUserIds = await RefreshUserIdsAsync(loaded.Concern, cancellationToken),
        });
    }

    /// <summary>The card for one stored copy: the Headmistress's own 1:1 copy carries her buttons; others the status.</summary>
    public Task<AdaptiveCard?> ForCopyAsync(int concernId, CardPurpose purpose, string? note, CancellationToken cancellationToken) => purpose switch
    {
        CardPurpose.Headmistress or CardPurpose.ActingHeadmistress => BuildAsync(concernId, CardView.HeadDecide, note, false, null, cancellationToken),
        CardPurpose.SltChannel => BuildAsync(concernId, CardView.Status, note, false, null, cancellationToken, offerReview: true),
        _ => BuildAsync(concernId, CardView.Status, note, false, null, cancellationToken),
    };

    /// <summary>The Entra object ids of whoever may decide now: the Headmistress and any acting Headmistress in force.</summary>
    public async Task<IReadOnlyList<(string UserId, CardPurpose Purpose)>> DecidersAsync(CancellationToken cancellationToken)
    {
        var result = new List<(string, CardPurpose)>();
        foreach (var head in HeadmistressIds())
        {
            result.Add((head, CardPurpose.Headmistress));
        }

        var now = clock.GetUtcNow();
        var acting = await db.ActingHeadAppointments.AsNoTracking()
            .Where(a => a.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var appointment in acting.Where(a => a.From <= now && now < a.Until))
        {
            if (result.All(r => !string.Equals(r.Item1, appointment.UserId, StringComparison.OrdinalIgnoreCase)))
            {
                result.Add((appointment.UserId, CardPurpose.ActingHeadmistress));
            }
        }

        return result;
    }

    /// <summary>The user's most recent personal conversation with the bot, if the app is installed for them.</summary>
    public Task<ConversationRecord?> PersonalConversationAsync(string userObjectId, CancellationToken cancellationToken) =>
        db.Conversations.AsNoTracking()
            .Where(c => c.UserAadObjectId == userObjectId && c.ConversationType == "personal")
            .OrderByDescending(c => c.UpdatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    private IEnumerable<string> HeadmistressIds()
    {
        var options = roles.Value;
        if (!string.IsNullOrWhiteSpace(options.HeadmistressUserId))
        {
            yield return options.HeadmistressUserId;
        }

        // Local mode: the Agents Playground's users carry their roles in configuration (Roles:Users).
        foreach (var (user, configured) in options.Users)
        {
            var isHead = configured.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Any(r => string.Equals(r, nameof(StaffRole.Headmistress), StringComparison.OrdinalIgnoreCase));
            if (isHead && !string.Equals(user, options.HeadmistressUserId, StringComparison.OrdinalIgnoreCase))
            {
                yield return user;
            }
        }
    }

    /// <summary>
    /// Teams ids (29:…) for auto-refresh: the deciders, the person who logged it and whoever proposed, from their
    /// stored 1:1 conversations. A decided case refreshes for nobody ([]): everyone sees the one outcome; while its
    /// actions are carried out, the logger and proposer (the server shows SLT their buttons).
    /// </summary>
    private async Task<IReadOnlyList<string>> RefreshUserIdsAsync(Concern concern, CancellationToken cancellationToken)
    {
        if (concern.State is not (CaseState.Logged or CaseState.UnderReview or CaseState.Proposed or CaseState.ChangesRequested or CaseState.ActionsInProgress))
        {
            return [];
        }

        // While actions are carried out, SLT's own view has the "Mark done" buttons; the deciders have nothing to do.
        var people = concern.State == CaseState.ActionsInProgress ? [] : (await DecidersAsync(cancellationToken)).Select(d => d.UserId).ToList();
        people.Add(concern.LoggedByUserId);
        if (concern.ProposedByUserId is { } proposer)
        {
            people.Add(proposer);
        }

        var records = await db.Conversations.AsNoTracking()
            .Where(c => c.ConversationType == "personal" && c.UserAadObjectId != null && people.Contains(c.UserAadObjectId))
            .ToListAsync(cancellationToken);
        return records
            .Select(r => ConversationStore.ReferenceOf(r).User?.Id)
            .OfType<string>()
            .Where(id => id.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Take(CardRefresh.MaxUserIds)
            .ToList();
    }
}
