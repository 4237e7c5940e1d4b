using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Features.SiteBans;

/// <summary>Configuration section "SiteBans": how long a parent has to reply, and what the ban covers.</summary>
public sealed class SiteBanOptions
{
    public const string Section = "SiteBans";

    /// <summary>
    /// School days (Monday to Friday) from the provisional ban to the last day for representations: time to reply
    /// before a final decision is fair process (school-data-protection.md §4, Wandsworth LBC v A).
    /// </summary>
    [Range(1, 60, ErrorMessage = "SiteBans:RepresentationSchoolDays must be between 1 and 60 school days.")]
    public int RepresentationSchoolDays { get; set; } = 10;

    /// <summary>The ban's scope, as the letters state it (the letter gives the length of the ban and its scope).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "SiteBans:Scope must say where the parent may not come.")]
    [MaxLength(1000)]
    public string Scope { get; set; } = "the school site at Priory Road, Banbury, including its grounds and car park, at any time, including drop-off, collection and school events";

    /// <summary>The latest a confirmed ban's review may be set, from the day she confirms it: no longer than is reasonable.</summary>
    [Range(1, 366, ErrorMessage = "SiteBans:MaxReviewDays must be between 1 and 366 days.")]
    public int MaxReviewDays { get; set; } = 183;

    /// <summary>The latest a confirmed ban's last day may be set, from the day she confirms it.</summary>
    [Range(1, 3660, ErrorMessage = "SiteBans:MaxBanDays must be between 1 and 3660 days.")]
    public int MaxBanDays { get; set; } = 366;
}

/// <summary>School days are Monday to Friday; the school's holidays are not known to the app, so they count.</summary>
public static class SchoolDays
{
    public static DateOnly Add(DateOnly from, int days)
    {
        var day = from;
        for (var left = days; left > 0;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                left--;
            }
        }

        return day;
    }
}
