using System.Text.Json;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.CaseActions;

/// <summary>
/// A press on a concern card (<c>adaptiveCard/action</c>, Universal Actions): the typed command is parsed once, the
/// dispatcher asks the access rule and runs the handler, and the answer is the caller's own card, or a refusal that
/// shows nothing of the case. The slow work (other copies, the Headmistress's card, letters) is left to the outbox.
/// </summary>
public sealed partial class CaseCardInvoke(
    CaseActionDispatcher dispatcher,
    CaseCardBuilder cards,
    StaffDirectory directory,
    ConversationStore conversations,
    ILogger<CaseCardInvoke> logger)
{
    public async Task<InvokeResponse> OnActionAsync(Activity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var value = activity.GetValue<AdaptiveCardInvokeValue>();

        var data = value?.Action?.Data is { ValueKind: JsonValueKind.Object } d ? d : default;
        if (CaseCommand.Parse(value?.Action?.Verb, data) is not { } command)
        {
            return InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Error(400, "BadRequest",
                value?.Action?.Verb is null ? "This card doesn't name a case, so nothing was done." : "This button isn't one I know, or its card doesn't name a case, so nothing was done."));
        }

        // The caller's 1:1 (its Teams id is needed for refresh.userIds and proactive cards).
        if (activity.ServiceUrl is not null && activity.Conversation?.Id is not null
            && string.Equals(activity.Conversation.ConversationType, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase))
        {
            await conversations.UpsertAsync(activity, ct);
        }

        StaffMember who;
        try
        {
            who = await directory.GetAsync(activity.From?.AadObjectId, ct);
        }
        catch (GraphUnavailableException)
        {
            Log.RolesUnavailable(logger, command.CaseId);
            return Card(ConcernCard.Refused("I couldn't check your role with the school's directory just now, so nothing has been shown or changed. Please try again in a minute."));
        }

        var origin = new CaseOrigin(activity.ServiceUrl, activity.GetConversationReference().Bot?.Id, activity.GetTenantId());
        var result = await dispatcher.RunAsync(who, command, origin, activity.From?.Name, activity.ReplyToId, Data.AuditSurfaces.Card, ct);
        return result switch
        {
            CaseResult.Answered answered => Card(await cards.ForPersonAsync(answered.CaseId, who, answered.Outcome.Note, answered.Outcome.IsProblem, answered.Outcome.Form, ct, value?.Action?.Verb)),
            CaseResult.Refused refused => Card(ConcernCard.Refused(refused.Message)),
            _ => Card(ConcernCard.Refused(CaseAccess.CannotSeeMessage)),
        };
    }

    private static InvokeResponse Card(AdaptiveCards.AdaptiveCard card) =>
        InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Card(card.ToJsonElement()));

    private static partial class Log
    {
        [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Case {CaseId}: the directory could not be asked for the caller's roles")]
        public static partial void RolesUnavailable(ILogger logger, int caseId);
    }
}
