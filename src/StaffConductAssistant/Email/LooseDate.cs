using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit.Utils;

namespace StaffConductAssistant.Email;

/// <summary>
/// Reads the dates mail programs write in inline forward headers: RFC 5322 ("Tue, 17 Nov 2026
/// 22:40:00 +0000"), Outlook ("17 November 2026 22:40", "Tuesday, November 17, 2026 10:40 PM"),
/// Gmail ("Tue, 17 Nov 2026 at 22:40"), Apple Mail ("17 November 2026 at 22:40:12 GMT").
/// Dates without a zone are taken as wall-clock time in the given zone (UK by default).
/// </summary>
internal static partial class LooseDate
{
    private static readonly CultureInfo[] Cultures = [CultureInfo.GetCultureInfo("en-GB"), CultureInfo.GetCultureInfo("en-US"), CultureInfo.InvariantCulture];

    private static readonly Dictionary<string, string> ZoneAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00", ["UTC"] = "+00:00", ["UT"] = "+00:00", ["Z"] = "+00:00", ["BST"] = "+01:00",
        ["CET"] = "+01:00", ["CEST"] = "+02:00", ["EST"] = "-05:00", ["EDT"] = "-04:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
    };

    public static DateTimeOffset? Parse(string raw, TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 200)
        {
            return null;
        }

        var s = raw.Trim().Trim('*').Trim();
        if (DateUtils.TryParse(s, out var rfc) && HasExplicitZone(s))
        {
            return rfc;
        }

        s = AtWord().Replace(s, " ");
        s = Weekday().Replace(s, string.Empty);
        var zoneMatch = TrailingZone().Match(s);
        if (zoneMatch.Success && ZoneAbbreviations.TryGetValue(zoneMatch.Groups["z"].Value, out var offset))
        {
            s = s[..zoneMatch.Index].TrimEnd() + " " + offset;
        }

        if (HasExplicitZone(s))
        {
            foreach (var culture in Cultures)
            {
                if (DateTimeOffset.TryParse(s, culture, DateTimeStyles.AllowWhiteSpaces, out var dto))
                {
                    return dto;
                }
            }
        }
        else
        {
            foreach (var culture in Cultures)
            {
                if (DateTime.TryParse(s, culture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault, out var local) && local.Year > 1900)
                {
                    var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
                    return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
                }
            }
        }

        return DateUtils.TryParse(raw, out var fallback) ? fallback : null;
    }

    private static bool HasExplicitZone(string s) => ExplicitOffset().IsMatch(s);

    [GeneratedRegex(@"([+-]\d{2}:?\d{2}|\b(GMT|UTC|UT|Z|BST|CET|CEST|EST|EDT|PST|PDT))\s*(\([^()]{0,40}\))?\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ExplicitOffset();

    [GeneratedRegex(@"\s+at\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex AtWord();

    [GeneratedRegex(@"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]{0,6}\.?,?\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"\b(?<z>GMT|UTC|UT|Z|BST|CET|CEST|EST|EDT|PST|PDT)\s*(\([^()]{0,40}\))?\s*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TrailingZone();
}
