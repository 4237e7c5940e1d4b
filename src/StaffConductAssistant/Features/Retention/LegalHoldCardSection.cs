using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;

namespace StaffConductAssistant.Features.Retention;

/// <summary>
/// The legal hold on the concern card, for SLT (behind "Show more"): whether the case is held and why, and the reason
/// box with the button to place or lift it. The buttons post the same change as the case page (<see cref="LegalHoldHandler"/>).
/// </summary>
public static class LegalHoldCardSection
{
    public static void Add(List<CardElement> into, LegalHold? hold, JsonObject data, IReadOnlySet<CaseOperation> allowed, bool shared)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(allowed);
        var operation = hold is null ? CaseOperation.PlaceLegalHold : CaseOperation.ReleaseLegalHold;
        if (shared || !allowed.Contains(operation))
        {
            return;
        }

        into.Add(new TextBlock { Text = "Legal hold", Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true });
        into.Add(new TextBlock
        {
            Text = hold is null
                ? "Not on legal hold. Once closed, this case is deleted when the school's schedule says, after SLT are told."
                : $"On legal hold since {ConcernCard.When(hold.PlacedAt)}: {AdaptiveText.Escape(hold.Reason)}. Nothing of this case is deleted while it stands.",
            Wrap = true,
        });
        into.Add(new InputText
        {
            Id = "holdReason",
            Label = hold is null ? "Why hold it? (a claim, a complaint, an inquiry)" : "Why lift the hold?",
            IsMultiline = true,
            MaxLength = RetentionModel.ReasonMaxLength,
        });
        into.Add(new ActionSet
        {
            Actions =
            [
                hold is null
                    ? new ExecuteAction { Title = "Place a legal hold", Verb = CaseVerbs.PlaceLegalHold, Data = data.DeepClone() }
                    : new ExecuteAction { Title = "Lift the legal hold", Verb = CaseVerbs.ReleaseLegalHold, Data = data.DeepClone() },
            ],
        });
    }
}
