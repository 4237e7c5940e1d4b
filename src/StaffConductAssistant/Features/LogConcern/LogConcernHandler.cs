using System.Text.Json;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Email;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.SltChannelSetup;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Identity;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>
/// "Log WhatsApp concern" on a message: <c>composeExtension/fetchTask</c> opens the prefilled form,
/// <c>composeExtension/submitAction</c> logs it. The same form opens from the bot's "Log it" card
/// (<c>task/fetch</c>, <c>task/submit</c>). Every answer is a dialog the member of staff can read: never a 500.
/// </summary>
public sealed partial class LogConcernHandler(
    ITeamsMessageReader messages,
    BotFramework.Connector.IConnectorClient connector,
    DraftReader reader,
    ConcernLogger logger,
    CaseCardBuilder cards,
    AppDbContext db,
    StaffDirectory directory,
    PolicyCatalogue catalogue,
    Hosting.OutboxProcessor outbox,
    ParentChoice parents,
    ILogger<LogConcernHandler> log)
{
    public const string CommandId = "logConcern";
    public const string DialogTitle = "Log WhatsApp concern";

    /// <summary>Teams allows about 5 s for the answer; Graph gets at most this, then the form opens from the message HTML.</summary>
    public static readonly TimeSpan GraphBudget = TimeSpan.FromSeconds(1.2);

    public async Task<InvokeResponse> FetchTaskAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = activity.GetValue<MessagingExtensionAction>();
        var payload = action?.MessagePayload;
        var who = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        if (payload is null)
        {
            return Dialog(ConcernFormCard.Message("Choose a message first", "Use \"Log WhatsApp concern\" from the … menu on the message that holds the parent's email."));
        }

        var location = Locate(activity, payload.Id) ?? await LocateThroughTeamAsync(activity, payload.Id, cancellationToken);
        var origin = new DraftOrigin(payload.Id, activity.Conversation?.Id, payload.LinkToMessage);
        return await OpenFormAsync(location, payload.Body?.Content, origin, who, cancellationToken);
    }

    /// <summary>The bot's "Log it" button on an emailed post in the SLT channel (<c>task/fetch</c>).</summary>
    public async Task<InvokeResponse> TaskFetchAsync(Activity activity, ConcernSuggestion suggestions, CancellationToken cancellationToken)
    {
        var request = activity.GetValue<TaskModuleRequest>();
        var who = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        if (!Guid.TryParse(ReadString(request?.Data, "suggestionId"), out var suggestionId)
            || await suggestions.FindAsync(suggestionId, cancellationToken) is not { } suggestion)
        {
            return Dialog(ConcernFormCard.Message("This button has expired", "Use \"Log WhatsApp concern\" from the … menu on the email's message instead. Nothing has been logged."), asTask: true);
        }

        var location = Locate(activity, suggestion.SourceMessageId);
        var origin = new DraftOrigin(suggestion.SourceMessageId, suggestion.SourceConversationId, null);
        return await OpenFormAsync(location, suggestion.MessageHtml, origin, who, cancellationToken, asTask: true);
    }

    public Task<InvokeResponse> SubmitActionAsync(Activity activity, CancellationToken cancellationToken) =>
        SubmitAsync(activity, activity.GetValue<MessagingExtensionAction>()?.Data, asTask: false, cancellationToken);

    public Task<InvokeResponse> TaskSubmitAsync(Activity activity, CancellationToken cancellationToken) =>
        SubmitAsync(activity, activity.GetValue<TaskModuleRequest>()?.Data, asTask: true, cancellationToken);

    private async Task<InvokeResponse> OpenFormAsync(TeamsMessageLocation? location, string? html, DraftOrigin origin, StaffMember who, CancellationToken cancellationToken, bool asTask = false)
    {
        var access = CaseAccess.Check(who, SchoolOperation.LogConcern);
        if (!access.Allowed)
        {
            return Dialog(ConcernFormCard.Message("You can't log concerns", access.Message), asTask);
        }

        ReadDraft read;
        try
        {
            read = await ReadAsync(location, html, cancellationToken);
        }
        catch (EmailReadException ex)
        {
            Log.NotAnEmail(log, ex.Reason);
            return Dialog(ConcernFormCard.Message("There's nothing here to log", ex.Message + " Open the message that holds the parent's email and try again. Nothing has been logged."), asTask);
        }

        if (await logger.FindExistingAsync(read.Email.MessageId, read.ContentSha256, cancellationToken) is { } existing)
        {
            return Dialog(ConcernFormCard.Message("Already logged", $"This email was already logged as concern {ConcernCard.CaseNumber(existing)}. Nothing new has been logged.", cards.CaseUrl(existing), "Open the concern"), asTask);
        }

        if (await logger.DraftQuotaProblemAsync(who.UserId, read, cancellationToken) is { } quota)
        {
            return Dialog(ConcernFormCard.Message("Too many unfinished forms", quota), asTask);
        }

        var draft = await logger.SaveDraftAsync(read, who.UserId, origin, cancellationToken);
        var shown = read.Draft;
        if (await logger.FindLikelyDuplicateAsync(read.Draft, cancellationToken) is { } likely)
        {
            shown = shown with { Warnings = [.. shown.Warnings, LikelyDuplicate(likely)] };
        }

        var matches = ParentChoice.MaySeeSuggestions(who) ? await parents.MatchAsync(read.Draft.PostedBy, read.Draft.Group, null, cancellationToken) : null;
        var card = ConcernFormCard.Build(draft.Id, ConcernLogger.FormFrom(read.Draft), shown, catalogue, parents: matches);
        return Dialog(card, asTask);
    }

    private async Task<ReadDraft> ReadAsync(TeamsMessageLocation? location, string? html, CancellationToken cancellationToken)
    {
        string? problem = "The original email could not be read, so this is filled in from the message as Teams shows it (only the start of a long email).";
        if (location is not null)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(GraphBudget);
            var result = await messages.ReadOriginalEmailAsync(location, budget.Token);
            Log.GraphResult(log, result.Status);
            if (result is { Status: OriginalEmailStatus.Found, Email: { } email })
            {
                try
                {
                    return reader.FromMime(email.Content);
                }
                catch (EmailReadException)
                {
                    problem = "The file kept with the message isn't an email I can read, so this is filled in from the message itself.";
                }
            }
            else if (result.Status == OriginalEmailStatus.Deleted)
            {
                throw new EmailReadException(EmailReadFailure.Empty, "This message has been deleted.");
            }
            else if (result.Message?.BodyHtml is { Length: > 0 } fullHtml && result.Status is OriginalEmailStatus.MessageOnly or OriginalEmailStatus.UnsupportedFormat)
            {
                html = fullHtml;
                problem = result.Status == OriginalEmailStatus.UnsupportedFormat
                    ? "The original email is an Outlook .msg file, which I can't read, so this is filled in from the message itself."
                    : null;
            }
        }

        if (string.IsNullOrWhiteSpace(html))
        {
            throw new EmailReadException(EmailReadFailure.Empty, "This message is empty.");
        }

        return reader.FromHtml(html, problem);
    }

    private async Task<InvokeResponse> SubmitAsync(Activity activity, JsonElement? data, bool asTask, CancellationToken cancellationToken)
    {
        var form = ConcernForm.FromCardData(data);
        var who = await directory.GetAsync(activity.From?.AadObjectId, cancellationToken);
        var address = activity.ServiceUrl is { } serviceUrl && activity.From?.Id is { } teamsId
            ? new LoggerAddress(serviceUrl, teamsId, activity.GetTenantId(), activity.Recipient?.Id)
            : null;

        var result = await logger.LogAsync(form, who, address, cancellationToken);
        switch (result)
        {
            case LogResult.Created created:
                outbox.Wake();
                Log.Logged(log, created.Concern.Id);
                var channel = await SltChannel.GetAsync(db, cancellationToken);
                return Answer(TaskModuleResponseTask.Message(channel is null
                    ? $"Logged as concern {ConcernCard.CaseNumber(created.Concern.Id)}. It is in SLT's queue in the Concerns tab, and you have been sent its card."
                    : $"Logged as concern {ConcernCard.CaseNumber(created.Concern.Id)}. SLT have been sent the card, and so have you."), asTask);

            case LogResult.Refused refused:
                return Answer(TaskModuleResponseTask.Message(refused.Message), asTask);

            case LogResult.Duplicate duplicate:
                return Dialog(ConcernFormCard.Message("Already logged", $"This email was already logged as concern {ConcernCard.CaseNumber(duplicate.ExistingId)}. Nothing new has been logged.", cards.CaseUrl(duplicate.ExistingId), "Open the concern"), asTask);

            case LogResult.Invalid invalid when form.DraftId is { } draftId && await logger.LoadDraftAsync(draftId, who.UserId, cancellationToken) is { Read: { } read }:
                return Dialog(ConcernFormCard.Build(draftId, form, read.Draft, catalogue, invalid.Errors,
                    invalid.Parents is { Count: > 0 } offered ? new Subjects.ParentMatch(offered, null) : await ParentsForAsync(who, form, cancellationToken)), asTask);

            case LogResult.Invalid invalid:
                return Answer(TaskModuleResponseTask.Message("Some details were missing: " + string.Join(" ", invalid.Errors.Values) + " Nothing has been logged."), asTask);

            default:
                return Answer(TaskModuleResponseTask.Message("This form has expired. Please open \"Log WhatsApp concern\" on the message again. Nothing has been logged."), asTask);
        }
    }

    /// <summary>The choices redrawn with the form, for the name as it was submitted (it may have been corrected).</summary>
    private async Task<Subjects.ParentMatch?> ParentsForAsync(StaffMember who, ConcernForm form, CancellationToken cancellationToken) =>
        ParentChoice.MaySeeSuggestions(who) ? await parents.MatchAsync(form.PostedBy, form.Group, form.PostedByEmail, cancellationToken) : null;

    /// <summary>Where the message is, for Graph: a channel post (team's group id, channel, message, thread root) or a chat message.</summary>
    internal static TeamsMessageLocation? Locate(Activity activity, string? messageId)
    {
        if (string.IsNullOrWhiteSpace(messageId) || activity.Conversation?.Id is not { } conversationId)
        {
            return null;
        }

        var parts = conversationId.Split(";messageid=", 2, StringSplitOptions.None);
        if (string.Equals(activity.Conversation.ConversationType, "channel", StringComparison.OrdinalIgnoreCase))
        {
            var teamGroupId = activity.GetChannelDataString("team", "aadGroupId");
            var channelId = activity.GetTeamsChannelId() ?? parts[0];
            return teamGroupId is null ? null : TeamsMessageLocation.Channel(teamGroupId, channelId, messageId, parts.Length > 1 ? parts[1] : null);
        }

        return TeamsMessageLocation.Chat(parts[0], messageId);
    }

    /// <summary>
    /// When Teams leaves the team's Graph id out of channelData, the connector's team details have it
    /// (docs/teams-protocol.md §7). Failing that, the form opens from the message HTML.
    /// </summary>
    private async Task<TeamsMessageLocation?> LocateThroughTeamAsync(Activity activity, string? messageId, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Conversation?.ConversationType, "channel", StringComparison.OrdinalIgnoreCase)
            || activity.GetTeamsTeamId() is not { } teamId || activity.ServiceUrl is not { } serviceUrl || string.IsNullOrWhiteSpace(messageId))
        {
            return null;
        }

        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(TimeSpan.FromMilliseconds(500));
            var team = await connector.GetTeamDetailsAsync(serviceUrl, teamId, budget.Token);
            var parts = activity.Conversation!.Id!.Split(";messageid=", 2);
            return team.AadGroupId is { } groupId
                ? TeamsMessageLocation.Channel(groupId, activity.GetTeamsChannelId() ?? parts[0], messageId, parts.Length > 1 ? parts[1] : null)
                : null;
        }
        catch (Exception ex) when (ex is BotFramework.Connector.ConnectorException or OperationCanceledException or HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The form's warning when the same email seems to have come by another route.</summary>
    public static string LikelyDuplicate(int existingId) =>
        $"This looks like concern {ConcernCard.CaseNumber(existingId)}, already logged (same parent, and the same time sent or words quoted). Check it before logging this again.";

    private static InvokeResponse Dialog(AdaptiveCard card, bool asTask = false) =>
        Answer(TaskModuleResponseTask.Continue(new TaskModuleTaskInfo { Title = DialogTitle, Height = "large", Width = "medium", Card = card.ToAttachment() }), asTask);

    private static InvokeResponse Answer(TaskModuleResponseTask task, bool asTask) =>
        asTask ? InvokeResponse.Task(new TaskModuleResponse { Task = task }) : InvokeResponse.MessagingExtension(MessagingExtensionActionResponse.FromTask(task));

    private static string? ReadString(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Concern {ConcernId} logged")]
        public static partial void Logged(ILogger logger, int concernId);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Message could not be read as an email: {Reason}")]
        public static partial void NotAnEmail(ILogger logger, EmailReadFailure reason);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Original email lookup: {Status}")]
        public static partial void GraphResult(ILogger logger, OriginalEmailStatus status);
    }
}
