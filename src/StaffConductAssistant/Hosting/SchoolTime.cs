using System.Globalization;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// The school's time (Europe/London) for what is printed on pages, letters and exports: times are stored in UTC,
/// which is an hour out from late March to late October. Cards use Adaptive Cards' DATE()/TIME() instead, so each
/// reader sees their own time. Needs the IANA time zone data (tzdata), which Debian and the .NET images carry.
/// </summary>
public static class SchoolTime
{
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The school's date today.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(Local(now).DateTime);

    /// <summary>When the school's day begins, in UTC (offset zero, as the database compares times).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>"1 July 2026": the school's date, as a letter prints it.</summary>
    public static string LongDate(DateTimeOffset at) => Local(at).ToString("d MMMM yyyy", EnGb);

    /// <summary>"1 Jul 2026, 10:00": the school's date and time.</summary>
    public static string DateAndTime(DateTimeOffset at) => Local(at).ToString("d MMM yyyy, HH:mm", EnGb);
}
