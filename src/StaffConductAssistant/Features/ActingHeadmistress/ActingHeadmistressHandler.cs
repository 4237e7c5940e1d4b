using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Bot;
using StaffConductAssistant.BotFramework.Connector;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Identity;

namespace StaffConductAssistant.Features.ActingHeadmistress;

/// <summary>
/// "acting headmistress" in the Headmistress's 1:1 chat: a card to name an acting Headmistress for a period (from SLT
/// members the app knows, or by Entra object id) and to revoke a current appointment. Only the Headmistress may, which
/// the server checks on every press (<see cref="ActingHeadmistressAppointment.Appoint"/>), whatever the card showed.
/// </summary>
public sealed class ActingHeadmistressHandler(
    AppDbContext db,
    StaffDirectory directory,
    ConversationStore conversations,
    IConnectorClient connector,
    TimeProvider clock)
{
    public const string AppointVerb = "appointActing";
    public const string RevokeVerb = "revokeActing";

    /// <summary>The school is in England: dates on the card are London days.</summary>
    private static readonly TimeZoneInfo School = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static bool IsCommand(string command) => command is "acting headmistress" or "acting head" or "appoint acting headmistress";

    public static bool IsVerb(string? verb) => verb is AppointVerb or RevokeVerb;

    /// <summary>Answers the command with the card (or, for anyone else, a plain no).</summary>
    public async Task ShowAsync(Activity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var record = await conversations.UpsertAsync(activity, ct);
        var who = await directory.GetAsync(activity.From?.AadObjectId, ct);
        var access = CaseAccess.Check(who, SchoolOperation.AppointActing);
        var reply = access.Allowed
            ? ConversationStore.ReferenceOf(record).CreateMessage(attachments: [(await BuildAsync(null, false, ct)).ToAttachment()])
            : ConversationStore.ReferenceOf(record).CreateMessage(access.Message);
        await connector.SendToConversationAsync(record.ServiceUrl, record.ConversationId, reply, ct);
    }

    /// <summary>Appoint or revoke (Action.Execute); answers with the card as it now is.</summary>
    public async Task<InvokeResponse> OnActionAsync(Activity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var value = activity.GetValue<AdaptiveCardInvokeValue>();
        var data = value?.Action?.Data is { ValueKind: JsonValueKind.Object } d ? d : default;
        var who = await directory.GetAsync(activity.From?.AadObjectId, ct);
        var access = CaseAccess.Check(who, SchoolOperation.AppointActing);
        var now = clock.GetUtcNow();
        if (!access.Allowed)
        {
            return Answer(Message(access.Message));
        }

        var actor = new Actor(who.UserId, access.Role!.Value);

        if (value?.Action?.Verb == RevokeVerb)
        {
            var id = int.TryParse(Read(data, "appointmentId"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
            var appointment = await db.ActingHeadAppointments.SingleOrDefaultAsync(a => a.Id == id, ct);
            if (appointment is null || appointment.RevokedAt is not null)
            {
                return Answer(await BuildAsync("That appointment was already revoked. Nothing has changed.", true, ct));
            }

            appointment.RevokedAt = now;
            AuditLog.Record(db, actor.UserId, nameof(StaffRole.Headmistress), AuditActions.ActingRevoked, AuditSubjects.ActingAppointment(appointment.Id), now,
                JsonSerializer.Serialize(new { userId = appointment.UserId }));
            await db.SaveChangesAsync(ct);
            return Answer(await BuildAsync("Revoked: they can no longer decide as acting Headmistress.", false, ct));
        }

        var person = Read(data, "personId") is { Length: > 0 } typed ? typed.Trim() : Read(data, "person")?.Trim();
        if (!DateOnly.TryParseExact(Read(data, "from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var fromDay)
            || !DateOnly.TryParseExact(Read(data, "until"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var untilDay))
        {
            return Answer(await BuildAsync("Choose both dates: the first day and the last day she or he acts.", true, ct));
        }

        ActingHeadmistressAppointment made;
        try
        {
            // The last day counts in full: the appointment ends at the start of the next day.
            made = ActingHeadmistressAppointment.Appoint(actor, person ?? string.Empty, StartOf(fromDay), StartOf(untilDay.AddDays(1)));
        }
        catch (AppointmentException e)
        {
            return Answer(await BuildAsync(e.Message + " Nothing has changed.", true, ct));
        }

        if (made.Until <= now)
        {
            return Answer(await BuildAsync("That period is already over. Choose dates from today on. Nothing has changed.", true, ct));
        }

        // The same appointment again is the same click delivered twice (Teams redelivers after 5 s): one appointment.
        // (Compared here, not in SQL: SQLite cannot compare DateTimeOffset values.)
        var theirs = await db.ActingHeadAppointments.AsNoTracking().Where(a => a.RevokedAt == null && a.UserId == made.UserId).ToListAsync(ct);
        if (theirs.Any(a => a.From == made.From && a.Until == made.Until))
        {
            return Answer(await BuildAsync($"{await NameOfAsync(made.UserId, ct)} is already acting Headmistress for those dates. Nothing has changed.", false, ct));
        }

        // The appointment and its audit entry in one transaction: neither is ever saved without the other.
        var record = new ActingHeadAppointmentRecord { UserId = made.UserId, From = made.From, Until = made.Until, AppointedBy = made.AppointedBy, CreatedAt = now };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.ActingHeadAppointments.Add(record);
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, actor.UserId, nameof(StaffRole.Headmistress), AuditActions.ActingAppointed, AuditSubjects.ActingAppointment(record.Id), now,
                JsonSerializer.Serialize(new { userId = made.UserId, from = made.From, until = made.Until }));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return Answer(await BuildAsync($"Done: {await NameOfAsync(made.UserId, ct)} is acting Headmistress from {Day(fromDay)} to {Day(untilDay)} inclusive.", false, ct));
    }

    private async Task<AdaptiveCard> BuildAsync(string? note, bool problem, CancellationToken ct)
    {
        var body = new List<CardElement>
        {
            new TextBlock { Text = "Acting Headmistress", Size = TextSize.Large, Weight = TextWeight.Bolder, Style = TextBlockStyle.Heading, Wrap = true },
        };
        if (note is not null)
        {
            body.Add(new Container { Style = problem ? ContainerStyle.Attention : ContainerStyle.Good, Items = [new TextBlock { Text = AdaptiveText.Escape(note), Wrap = true, Weight = TextWeight.Bolder }] });
        }

        body.Add(new TextBlock { Text = "While an appointment is in force, the person you name receives proposals and decides them; their decisions are recorded as the acting Headmistress's, never as yours.", Wrap = true });

        var now = clock.GetUtcNow();
        var current = await db.ActingHeadAppointments.AsNoTracking().Where(a => a.RevokedAt == null).ToListAsync(ct);
        foreach (var a in current.Where(a => a.Until > now).OrderBy(a => a.From))
        {
            var revoke = new JsonObject { ["appointmentId"] = a.Id };
            body.Add(new Container
            {
                Separator = true,
                Items =
                [
                    new TextBlock { Text = $"{AdaptiveText.Escape(await NameOfAsync(a.UserId, ct))}: {Day(DayOf(a.From))} to {Day(DayOf(a.Until).AddDays(-1))}" + (a.From <= now ? " (in force now)" : string.Empty), Wrap = true, Weight = TextWeight.Bolder },
                    new ActionSet { Actions = [new ExecuteAction { Title = "Revoke", Verb = RevokeVerb, Style = ActionStyle.Destructive, Data = revoke }] },
                ],
            });
        }

        var choices = await SltChoicesAsync(ct);
        var today = DayOf(now);
        body.Add(new TextBlock { Text = "Name someone", Weight = TextWeight.Bolder, Size = TextSize.Medium, Separator = true, Spacing = Spacing.Large, Wrap = true });
        if (choices.Count > 0)
        {
            body.Add(new InputChoiceSet { Id = "person", Label = "SLT member", Style = ChoiceInputStyle.Compact, Choices = choices, Value = choices[0].Value });
        }

        body.Add(new InputText { Id = "personId", Label = choices.Count > 0 ? "Or their Entra object id (if not in the list)" : "Their Entra object id", MaxLength = 64 });
        body.Add(new InputDate { Id = "from", Label = "First day", Value = Iso(today), Min = Iso(today) });
        body.Add(new InputDate { Id = "until", Label = "Last day (inclusive)", Value = Iso(today.AddDays(7)), Min = Iso(today) });
        body.Add(new ActionSet { Actions = [new ExecuteAction { Title = "Appoint", Verb = AppointVerb, Style = ActionStyle.Positive, Data = new JsonObject() }] });
        return new AdaptiveCard { Body = body, FallbackText = "Acting Headmistress", MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full } };
    }

    /// <summary>SLT members who have the app (their 1:1 chat is stored, with their name), not the Headmistress herself.</summary>
    private async Task<List<Choice>> SltChoicesAsync(CancellationToken ct)
    {
        var records = await db.Conversations.AsNoTracking().Where(c => c.ConversationType == ConversationTypes.Personal && c.UserAadObjectId != null).ToListAsync(ct);
        var choices = new List<Choice>();
        foreach (var r in records.DistinctBy(r => r.UserAadObjectId))
        {
            var member = await directory.GetAsync(r.UserAadObjectId, ct);
            if (member.IsSlt && !member.Has(StaffRole.Headmistress))
            {
                choices.Add(new Choice(ConversationStore.ReferenceOf(r).User?.Name is { Length: > 0 } name ? name : r.UserAadObjectId!, r.UserAadObjectId!));
            }
        }

        return choices;
    }

    private async Task<string> NameOfAsync(string userId, CancellationToken ct)
    {
        var record = await db.Conversations.AsNoTracking().FirstOrDefaultAsync(c => c.UserAadObjectId == userId && c.ConversationType == ConversationTypes.Personal, ct);
        return record is not null && ConversationStore.ReferenceOf(record).User?.Name is { Length: > 0 } name ? name : userId;
    }

    private static DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, School.GetUtcOffset(local));
    }

    private static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, School).DateTime);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB"));

    private static AdaptiveCard Message(string text) => new() { Body = [new TextBlock { Text = AdaptiveText.Escape(text), Wrap = true }] };

    private static InvokeResponse Answer(AdaptiveCard card) => InvokeResponse.AdaptiveCard(AdaptiveCardInvokeResponse.Card(card.ToJsonElement()));

    private static string? Read(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var p)
            ? p.ValueKind switch { JsonValueKind.String => p.GetString(), JsonValueKind.Number => p.GetRawText(), _ => null }
            : null;
}
