using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Features.DecideResponse;

/// <summary>Configuration section "Decisions": how old a card's buttons may be, when to remind the Headmistress.</summary>
public sealed class DecisionOptions
{
    public const string Section = "Decisions";

    /// <summary>A card older than this shows the case's current state instead of acting on its buttons.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Decisions:CardMaxAge must be between one second and a year.")]
    public TimeSpan CardMaxAge { get; set; } = TimeSpan.FromDays(14);

    /// <summary>A proposal not decided after this long reminds the Headmistress (once) and shows as overdue to SLT.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "60.00:00:00", ErrorMessage = "Decisions:RemindAfter must be between one second and 60 days.")]
    public TimeSpan RemindAfter { get; set; } = TimeSpan.FromDays(2);
}

/// <summary>Configuration section "Teams": the app's id in the tenant's app catalog, to install it for the Headmistress.</summary>
public sealed class TeamsAppOptions
{
    public const string Section = "Teams";

    /// <summary>The catalog app id (Graph teamsApp id), not the manifest id; empty means "do not try to install".</summary>
    public string? CatalogAppId { get; set; }

    /// <summary>
    /// The app's id in Teams (the manifest's <c>id</c>), for deep links from a card to the case page in the Concerns
    /// tab; empty means cards link to the case page in a browser.
    /// </summary>
    public string? ManifestAppId { get; set; }
}

/// <summary>Configuration section "Letters": the school mailbox approved letters are sent from.</summary>
public sealed class LetterOptions
{
    public const string Section = "Letters";

    /// <summary>The shared mailbox (address or object id) letters are sent from; empty means letters are not emailed.</summary>
    public string? SenderMailbox { get; set; }

    /// <summary>
    /// Where approved letters are written as .eml files (and meetings as .ics) when no mailbox is set: for local mode
    /// and for schools that post letters. Empty: <c>outbox/</c> beside the SQLite database.
    /// </summary>
    public string? OutboxFolder { get; set; }

    /// <summary>The From address on letters written to the folder.</summary>
    public string FromAddress { get; set; } = "St John's Priory School <office@stjohnspriory.co.uk>";
}
