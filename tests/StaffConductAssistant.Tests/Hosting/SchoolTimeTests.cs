using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Features.PrintLetter;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Hosting;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Hosting;

/// <summary>Summer time: the stored UTC is an hour behind the school's clock from late March to late October.</summary>
public class SchoolTimeTests
{
    private static readonly DateTimeOffset SummerMorning = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    // 23:30 UTC on 30 June is 00:30 on 1 July at the school.
    private static readonly DateTimeOffset SummerMidnight = new(2026, 6, 30, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_summer_time_is_printed_in_the_schools_time()
    {
        Assert.Equal("1 Jul 2026, 10:00", SchoolTime.DateAndTime(SummerMorning));
        Assert.Equal("1 July 2026", SchoolTime.LongDate(SummerMidnight));
        Assert.Equal("17 Nov 2026, 09:30", SchoolTime.DateAndTime(new DateTimeOffset(2026, 11, 17, 9, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void The_schools_day_starts_at_its_own_midnight()
    {
        Assert.Equal(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero), SchoolTime.StartOfDay(new DateOnly(2026, 7, 1)));
        Assert.Equal(TimeSpan.Zero, SchoolTime.StartOfDay(new DateOnly(2026, 7, 1)).Offset);
        Assert.Equal(new DateOnly(2026, 7, 1), SchoolTime.Today(SummerMidnight));
    }

    [Fact]
    public void A_letter_is_dated_with_the_schools_date()
    {
        var catalogue = PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy"));
        var template = new LetterTemplate("t", ResponseIds.CautionaryNotice, "Caution", "Subject", "On {date} you posted in {group}.");
        var concern = new Concern { Group = "Year 4", PostedBy = "Dan Price", PostedByKey = "dan price", LoggedByUserId = "x", LoggedAt = SummerMidnight, ConductIdsJson = "[]" };

        Assert.Equal("On 1 July 2026 you posted in Year 4.", LetterTemplates.Fill(template, concern, catalogue));
        Assert.Contains("1 July 2026", PrintLetterEndpoints.Page("Subject", "Text", SummerMidnight), StringComparison.Ordinal);
    }

    [Fact]
    public void A_card_leaves_the_time_to_each_readers_Teams()
    {
        // Adaptive Cards' DATE()/TIME() take ISO 8601 in UTC with a Z; Teams shows it in the reader's own zone.
        Assert.Equal("{{DATE(2026-07-01T09:00:00Z, SHORT)}}, {{TIME(2026-07-01T09:00:00Z)}}", ConcernCard.When(SummerMorning));
        Assert.Equal("{{DATE(2026-07-01T09:00:00Z, SHORT)}}, {{TIME(2026-07-01T09:00:00Z)}}", ConcernCard.When(SummerMorning.ToOffset(TimeSpan.FromHours(1))));
    }
}
