using Microsoft.Graph.Models;
using Microsoft.Graph.Users.Item.Events.Item.Cancel;
using Microsoft.Kiota.Abstractions;

namespace StaffConductAssistant.Graph;

/// <summary>One meeting as it goes into a colleague's calendar: times in UTC, the parent invited when an address is known.</summary>
public sealed record CalendarMeeting(string Subject, string BodyText, DateTimeOffset Start, DateTimeOffset End, string Location, string? AttendeeEmail, string? AttendeeName);

/// <summary>
/// Events in a member of staff's calendar (Graph: user-post-events, event-update, event-cancel; application
/// permission <c>Calendars.ReadWrite</c>, scoped to staff mailboxes with Exchange RBAC for Applications, teams-protocol.md §8).
/// </summary>
public interface ICalendarEvents
{
    /// <summary>
    /// POST /users/{mailbox}/events with <paramref name="transactionId"/>, which Graph keeps so a retried create makes
    /// no second event. Returns the event id. Throws <see cref="GraphUnavailableException"/> when it cannot.
    /// </summary>
    Task<string> CreateAsync(string mailbox, CalendarMeeting meeting, string transactionId, CancellationToken ct);

    /// <summary>The id of the event created with this transaction id, if there is one (looked for before any re-create).</summary>
    Task<string?> FindAsync(string mailbox, string transactionId, CancellationToken ct);

    /// <summary>PATCH /users/{mailbox}/events/{id}: new time and place; Exchange sends the attendees the update.</summary>
    Task UpdateAsync(string mailbox, string eventId, CalendarMeeting meeting, CancellationToken ct);

    /// <summary>POST /users/{mailbox}/events/{id}/cancel: the organiser cancels, and the attendees are told with the comment.</summary>
    Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken ct);
}

internal sealed class GraphCalendarEvents(GraphClientHolder holder) : ICalendarEvents
{
    public async Task<string> CreateAsync(string mailbox, CalendarMeeting meeting, string transactionId, CancellationToken ct)
    {
        var client = Client();
        var e = ToEvent(meeting);
        e.TransactionId = transactionId;
        Event? created = null;
        await CallAsync(async t => created = await client.Users[mailbox].Events.PostAsync(e, cancellationToken: t).ConfigureAwait(false), "put the meeting in the calendar", ct).ConfigureAwait(false);
        return created?.Id ?? throw new GraphUnavailableException("Microsoft Graph created the meeting but gave no id.");
    }

    public async Task<string?> FindAsync(string mailbox, string transactionId, CancellationToken ct)
    {
        var client = Client();
        EventCollectionResponse? found = null;
        var value = transactionId.Replace("'", "''", StringComparison.Ordinal);
        try
        {
            await CallAsync(async t => found = await client.Users[mailbox].Events.GetAsync(r =>
            {
                r.QueryParameters.Filter = $"transactionId eq '{value}'";
                r.QueryParameters.Select = ["id"];
                r.QueryParameters.Top = 1;
            }, t).ConfigureAwait(false), "look for the meeting", ct).ConfigureAwait(false);
        }
        catch (GraphUnavailableException ex) when (ex.InnerException is ApiException { ResponseStatusCode: 400 })
        {
            // If Graph will not filter on transactionId, the create itself is still safe: Graph keeps the
            // transactionId and answers a repeated create with the same event (event resource, transactionId).
            return null;
        }

        return found?.Value is { Count: > 0 } list ? list[0].Id : null;
    }

    public Task UpdateAsync(string mailbox, string eventId, CalendarMeeting meeting, CancellationToken ct)
    {
        var client = Client();
        return CallAsync(t => client.Users[mailbox].Events[eventId].PatchAsync(ToEvent(meeting), cancellationToken: t), "change the meeting", ct);
    }

    public Task CancelAsync(string mailbox, string eventId, string comment, CancellationToken ct)
    {
        var client = Client();
        return CallAsync(t => client.Users[mailbox].Events[eventId].Cancel.PostAsync(new CancelPostRequestBody { Comment = comment }, cancellationToken: t), "cancel the meeting", ct);
    }

    private Microsoft.Graph.GraphServiceClient Client() => holder.Client ?? throw new GraphUnavailableException("Microsoft Graph is not configured.");

    private static Event ToEvent(CalendarMeeting m)
    {
        var e = new Event
        {
            Subject = m.Subject,
            Body = new ItemBody { ContentType = BodyType.Text, Content = m.BodyText },
            Start = new DateTimeTimeZone { DateTime = m.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = m.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), TimeZone = "UTC" },
            Location = new Location { DisplayName = m.Location },
        };
        if (m.AttendeeEmail is { Length: > 0 } email)
        {
            e.Attendees = [new Attendee { Type = AttendeeType.Required, EmailAddress = new EmailAddress { Address = email, Name = m.AttendeeName } }];
        }

        return e;
    }

    /// <summary>Each call within Graph:Timeout, so a lost answer is a failure the card shows, not a wait without end.</summary>
    private async Task CallAsync(Func<CancellationToken, Task> call, string what, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(holder.Options.Timeout);
        try
        {
            await call(budget.Token).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            throw new GraphUnavailableException($"Microsoft Graph couldn't {what} ({ex.ResponseStatusCode}).", ex);
        }
        catch (AggregateException ex)
        {
            throw new GraphUnavailableException($"Microsoft Graph couldn't {what}.", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new GraphUnavailableException($"Microsoft Graph didn't answer in time when asked to {what}.", ex);
        }
    }
}
