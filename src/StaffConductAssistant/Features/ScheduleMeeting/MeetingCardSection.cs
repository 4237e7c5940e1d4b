using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;

namespace StaffConductAssistant.Features.ScheduleMeeting;

/// <summary>The booked meeting on the concern card: when and where, and (for SLT) the form to move or cancel it.</summary>
public static class MeetingCardSection
{
    public static void Add(List<CardElement> body, Concern c, JsonObject data, IReadOnlySet<CaseOperation> allowed)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(allowed);
        foreach (var m in c.Meetings.Where(m => m.CancelledAt is null).OrderBy(m => m.Id))
        {
            if (BookMeetingHandler.Booked(c, m.ActionId) is null || !allowed.Contains(CaseOperation.RescheduleMeeting))
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(m.Start, BookMeetingHandler.SchoolTime);
            var move = (JsonObject)data.DeepClone();
            move["actionId"] = m.ActionId;
            var cancel = (JsonObject)move.DeepClone();
            body.Add(new Container
            {
                Separator = true,
                Spacing = Spacing.Medium,
                Items =
                [
                    new TextBlock { Text = $"The meeting: {BookMeetingHandler.When(m.Start)}, {AdaptiveText.Escape(m.Place)}", Weight = TextWeight.Bolder, Wrap = true },
                    new TextBlock { Text = $"With {AdaptiveText.Escape(m.Colleague)}. To move it, change the date, time or place; the parent is sent the change.", Wrap = true, IsSubtle = true, Spacing = Spacing.None },
                    new InputDate { Id = "meetingDate", Label = "New date", Value = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                    new InputTime { Id = "meetingTime", Label = "New time", Value = local.ToString("HH:mm", CultureInfo.InvariantCulture) },
                    new InputText { Id = "meetingPlace", Label = "Place", MaxLength = 200, Value = m.Place },
                    new InputText { Id = "meetingCancelReason", Label = "If you cancel: what the parent is told (optional)", MaxLength = 500 },
                    new ActionSet
                    {
                        Actions =
                        [
                            new ExecuteAction { Title = "Move the meeting", Verb = CaseVerbs.RescheduleMeeting, Data = move },
                            new ExecuteAction { Title = "Cancel the meeting", Verb = CaseVerbs.CancelMeeting, Style = ActionStyle.Destructive, Data = cancel },
                        ],
                    },
                ],
            });
        }
    }
}
