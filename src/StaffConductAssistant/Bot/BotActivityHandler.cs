using System.Text.RegularExpressions;
using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Features.ActingHeadmistress;
using StaffConductAssistant.Features.LogConcern;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.SltChannelSetup;
using StaffConductAssistant.Features.DecideResponse;
using StaffConductAssistant.Features.Welcome;

namespace StaffConductAssistant.Bot;

/// <summary>
/// Dispatch: activity type, invoke name or command text → the feature that handles it.
/// The only class besides the features that sees both the protocol and the product.
/// </summary>
public sealed partial class BotActivityHandler(IServiceProvider services, Hosting.AppTelemetry telemetry, ILogger<BotActivityHandler> logger) : IActivityHandler
{
    public async Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken cancellationToken)
    {
        Log.ActivityReceived(logger, activity.Type ?? "none", activity.Id, activity.Conversation?.ConversationType);

        // One span and one count per activity; an invoke's answer is also timed by its name and card verb.
        var type = Hosting.AppTelemetry.ActivityType(activity.Type);
        var invoke = type == ActivityTypes.Invoke ? Hosting.AppTelemetry.Invoke(activity.Name) : null;
        var verb = invoke == InvokeNames.AdaptiveCardAction ? Hosting.AppTelemetry.Verb(CardVerb(activity)) : null;
        using var span = Hosting.AppTelemetry.Source.StartActivity(invoke is null ? "bot " + type : "bot invoke " + invoke);
        span?.SetTag("activity.type", type);
        span?.SetTag("invoke.name", invoke);
        span?.SetTag("card.verb", verb);
        span?.SetTag("activity.id", activity.Id);
        telemetry.ActivityReceived(type, invoke);
        if (invoke is null)
        {
            return await DispatchAsync(activity, cancellationToken);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var status = 500;
        try
        {
            var response = await DispatchAsync(activity, cancellationToken);
            status = response?.Status ?? 501; // what the endpoint answers for an invoke nobody handled
            return response;
        }
        finally
        {
            span?.SetTag("invoke.status", status);
            telemetry.InvokeAnswered(invoke, verb, status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<InvokeResponse?> DispatchAsync(Activity activity, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.InstallationUpdate when IsAdd(activity.Action):
            case ActivityTypes.ConversationUpdate when activity.MembersAdded?.Any(m => m is not null && m.Id == activity.Recipient?.Id) == true:
                await Get<WelcomeHandler>().OnInstalledAsync(activity, cancellationToken);

                // A Headmistress who opens the app after SLT proposed gets the proposal now (any order works).
                if (string.Equals(activity.Conversation?.ConversationType, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase))
                {
                    await Get<HeadmistressDelivery>().CatchUpAsync(activity.From?.AadObjectId, activity.ServiceUrl, activity.Recipient?.Id, activity.GetTenantId(), cancellationToken);
                }

                return null;

            case ActivityTypes.Message:
                await OnMessageAsync(activity, cancellationToken);
                return null;

            case ActivityTypes.Invoke:
                var response = await OnInvokeAsync(activity, cancellationToken);
                if (response is null)
                {
                    Log.InvokeNotHandled(logger, activity.Name, activity.Id);
                }

                return response;

            default:
                return null;
        }
    }

    private async Task<InvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        // These invokes carry an object of the message extension or dialog schema; anything else is a bad request.
        var readable = activity.Name switch
        {
            InvokeNames.MessagingExtensionFetchTask or InvokeNames.MessagingExtensionSubmitAction => activity.GetValue<MessagingExtensionAction>() is not null,
            InvokeNames.TaskFetch or InvokeNames.TaskSubmit => activity.GetValue<TaskModuleRequest>() is not null,
            _ => true,
        };
        if (!readable)
        {
            Log.InvokeValueUnreadable(logger, activity.Name, activity.Id);
            return InvokeResponse.BadRequest();
        }

        // Per person (RateLimits:InvokesPerMinute): over the limit, the answer each invoke's protocol shows, never an error.
        if (!Get<Hosting.BotInvokeRateLimit>().TryAcquire(activity.From?.AadObjectId, activity.Conversation?.Id))
        {
            Log.InvokeRateLimited(logger, activity.Name, activity.Id);
            return TooManyRequests(activity.Name);
        }

        switch (activity.Name)
        {
            case InvokeNames.MessagingExtensionFetchTask when CommandId(activity) == LogConcernHandler.CommandId:
                return await Get<LogConcernHandler>().FetchTaskAsync(activity, cancellationToken);
            case InvokeNames.MessagingExtensionSubmitAction when CommandId(activity) == LogConcernHandler.CommandId:
                return await Get<LogConcernHandler>().SubmitActionAsync(activity, cancellationToken);
            case InvokeNames.TaskFetch:
                return await Get<LogConcernHandler>().TaskFetchAsync(activity, Get<ConcernSuggestion>(), cancellationToken);
            case InvokeNames.TaskSubmit:
                return await Get<LogConcernHandler>().TaskSubmitAsync(activity, cancellationToken);
            case InvokeNames.AdaptiveCardAction when ActingHeadmistressHandler.IsVerb(CardVerb(activity)):
                return await Get<ActingHeadmistressHandler>().OnActionAsync(activity, cancellationToken);
            case InvokeNames.AdaptiveCardAction:
                return await Get<CaseCardInvoke>().OnActionAsync(activity, cancellationToken);
            default:
                return null;
        }
    }

    private static InvokeResponse TooManyRequests(string? name) => name switch
    {
        InvokeNames.AdaptiveCardAction => InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Message(Hosting.BotInvokeRateLimit.Message)),
        InvokeNames.MessagingExtensionFetchTask or InvokeNames.MessagingExtensionSubmitAction or InvokeNames.TaskFetch or InvokeNames.TaskSubmit
            => InvokeResponse.Task(TaskModuleResponse.Message(Hosting.BotInvokeRateLimit.Message)),
        _ => new InvokeResponse(StatusCodes.Status429TooManyRequests, new InvokeError("TooManyRequests", Hosting.BotInvokeRateLimit.Message)),
    };

    /// <summary>The Action.Execute verb, or null when the invoke's value is not the shape the protocol gives it.</summary>
    private static string? CardVerb(Activity activity) => activity.GetValue<AdaptiveCardInvokeValue>()?.Action?.Verb;

    private static string? CommandId(Activity activity) => activity.GetValue<MessagingExtensionAction>()?.CommandId;

    private async Task OnMessageAsync(Activity activity, CancellationToken cancellationToken)
    {
        // With the channel-messages permission (RSC) every channel post arrives, not only those that @mention the bot:
        // a post that doesn't mention the bot is never a command; it may be an emailed concern to offer to log.
        var conversationType = activity.Conversation?.ConversationType;
        if (conversationType is ConversationTypes.Channel or ConversationTypes.GroupChat && !MentionsBot(activity))
        {
            await Get<ConcernSuggestion>().TryOfferAsync(activity, cancellationToken);
            return;
        }

        var command = CommandText(activity.Text);
        if (command.Length == 0)
        {
            return;
        }

        // A guest, a pupil or a caller with no user id gets the rule's plain answer, and nothing else.
        Cases.StaffMember who;
        try
        {
            who = await Get<Identity.StaffDirectory>().GetAsync(activity.From?.AadObjectId, cancellationToken);
        }
        catch (Graph.GraphUnavailableException)
        {
            await Get<WelcomeHandler>().ReplyAsync(activity, "I couldn't check who you are with the school's directory just now. Please try again in a minute.", cancellationToken);
            return;
        }

        if (Cases.CaseAccess.Check(who, Cases.SchoolOperation.UseApp) is { Allowed: false } refused)
        {
            await Get<WelcomeHandler>().ReplyAsync(activity, refused.Message, cancellationToken);
            return;
        }

        if (SltChannelHandler.IsUseChannelCommand(command))
        {
            await Get<SltChannelHandler>().UseThisChannelAsync(activity, cancellationToken);
            return;
        }

        if (SltChannelHandler.SuggestionsCommand(command) is { } on)
        {
            await Get<SltChannelHandler>().SetSuggestionsAsync(activity, on, cancellationToken);
            return;
        }

        if (ActingHeadmistressHandler.IsCommand(command))
        {
            await Get<ActingHeadmistressHandler>().ShowAsync(activity, cancellationToken);
            return;
        }

        if (command is "help" or "hi" or "hello" or "start")
        {
            await Get<WelcomeHandler>().OnHelpAsync(activity, cancellationToken);
            return;
        }

        if (!await Get<ConcernSuggestion>().TryOfferInChatAsync(activity, cancellationToken))
        {
            await Get<WelcomeHandler>().OnUnrecognisedTextAsync(activity, cancellationToken);
        }
    }

    /// <summary>The user's words without the bot's @mention (Teams puts it in the text as &lt;at&gt;Name&lt;/at&gt;), lower case.</summary>
    internal static string CommandText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var withoutMentions = MentionTag().Replace(text, " ");
        return WhiteSpace().Replace(withoutMentions, " ").Trim().TrimEnd('.', '!', '?').ToLowerInvariant();
    }

    private static bool MentionsBot(Activity activity) =>
        activity.Entities?.Any(e => e.Type == "mention" && e.AdditionalProperties?.TryGetValue("mentioned", out var m) == true
            && m.TryGetProperty("id", out var id) && id.GetString() == activity.Recipient?.Id) == true
        || (activity.Text?.Contains("<at>", StringComparison.OrdinalIgnoreCase) ?? false);

    private static bool IsAdd(string? action) => string.Equals(action, "add", StringComparison.OrdinalIgnoreCase);

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex MentionTag();

    [GeneratedRegex(@"\s+", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex WhiteSpace();
}
