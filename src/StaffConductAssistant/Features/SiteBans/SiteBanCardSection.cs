using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Hosting;

namespace StaffConductAssistant.Features.SiteBans;

/// <summary>
/// The site ban on the case's card, kept short: where it stands and until when, its latest steps, and the next step's
/// button for whoever the access rule lets take it (SLT: record the parent's reply on the case page, where a file can
/// be attached; the decider: confirm with a review date and a last day, or lift, each with her reasons), and "Try
/// sending again" on a letter that failed.
/// </summary>
public static class SiteBanCardSection
{
    /// <summary>The folded review form's id.</summary>
    public const string ReviewId = "siteBanReview";

    /// <summary>The card data field naming the step whose letter "Try sending again" sends.</summary>
    public const string RetryStepField = "siteBanStepId";

    /// <summary>How many of the latest steps the card lists (the case page has them all).</summary>
    public const int MaxSteps = 4;

    public static void Add(List<CardElement> body, Concern c, JsonObject data, ConcernCardOptions options)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(options);
        if (c.SiteBan is not { } ban)
        {
            return;
        }

        body.Add(new TextBlock { Text = "Site ban", Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true });
        body.Add(new TextBlock
        {
            Text = $"{SiteBanEndpoints.Label(ban.State)}. {SiteBanEndpoints.Until(ban)}.",
            Color = ban.State == SiteBanState.UnderReview ? TextColor.Attention : TextColor.Default,
            Wrap = true,
            Spacing = Spacing.Small,
        });
        foreach (var step in ban.Steps.OrderByDescending(s => s.At).ThenByDescending(s => s.Id).Take(MaxSteps).Reverse())
        {
            var letter = step.LetterDetail is { Length: > 0 } detail ? $" Letter: {detail}." : string.Empty;
            body.Add(new TextBlock
            {
                Text = AdaptiveText.Escape($"{SchoolTime.DateAndTime(step.At)}: {SiteBanEndpoints.Describe(step)}{(step.ByName is { } by ? $" ({by})" : string.Empty)}.{letter}"),
                Wrap = true,
                IsSubtle = true,
                Spacing = Spacing.None,
            });
        }

        var allowed = options.Allowed;

        // A letter the outbox gave up on: its reason, and the same "Try sending again" as a response letter, by the
        // same rule (a button, not a form, so the SLT channel's copy has it too, as it has the response letter's).
        var failed = ban.Steps.Where(s => s.LetterStatus == ActionStatus.Failed && s.LetterText is not null).OrderBy(s => s.Id).ToList();
        foreach (var step in failed)
        {
            body.Add(new TextBlock
            {
                Text = AdaptiveText.Escape($"The letter ({SiteBanEndpoints.Describe(step).ToLowerInvariant()}) was not sent: {step.LetterDetail}."),
                Color = TextColor.Attention,
                Wrap = true,
                Spacing = Spacing.Small,
            });
            if (allowed.Contains(CaseOperation.RetryLetter))
            {
                var retry = (JsonObject)data.DeepClone();
                retry[RetryStepField] = step.Id;
                body.Add(new ActionSet { Actions = [new ExecuteAction { Title = "Try sending again", Verb = CaseVerbs.RetrySiteBanLetter, Data = retry }], Spacing = Spacing.Small });
            }
        }

        if (allowed.Contains(CaseOperation.RecordRepresentation) && options.CaseUrl is { } page)
        {
            body.Add(new ActionSet { Actions = [new OpenUrlAction { Title = "Record the parent's reply", Url = page }], Spacing = Spacing.Small });
        }

        var canConfirm = allowed.Contains(CaseOperation.ConfirmSiteBan);
        var canLift = allowed.Contains(CaseOperation.LiftSiteBan);
        if (options.Shared || !(canConfirm || canLift))
        {
            return;
        }

        var today = SchoolTime.Today(options.Now);
        var actions = new List<CardAction>();
        if (canConfirm)
        {
            actions.Add(new ExecuteAction { Title = "Confirm the ban", Verb = CaseVerbs.ConfirmSiteBan, Data = data.DeepClone() });
        }

        if (canLift)
        {
            actions.Add(new ExecuteAction { Title = "Lift the ban", Verb = CaseVerbs.LiftSiteBan, Style = ActionStyle.Positive, Data = data.DeepClone() });
        }

        // Folded: on a phone the form would double the card for a step taken once or twice.
        body.Add(new ActionSet { Actions = [new ToggleVisibilityAction { Title = "Review the ban", TargetElements = [ReviewId] }], Spacing = Spacing.Small });
        var items = new List<CardElement>
        {
            new InputText { Id = "siteBanReasons", Label = "Your reasons (the parent is told them in the letter)", IsMultiline = true, MaxLength = CaseCommand.MaxReason },
        };
        if (canConfirm)
        {
            items.Add(new InputDate { Id = "siteBanReviewOn", Label = "If confirmed, review it on", Value = today.AddDays(42).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

            // No default: how long a parent is kept off the site is hers to choose, and the letter tells them.
            items.Add(new InputDate { Id = "siteBanUntil", Label = "If confirmed, the ban's last day (on or after the review)" });
        }

        items.Add(new ActionSet { Actions = actions });
        body.Add(new Container { Id = ReviewId, IsVisible = false, Spacing = Spacing.Medium, Items = items });
    }
}
