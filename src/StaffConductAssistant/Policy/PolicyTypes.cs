namespace StaffConductAssistant.Policy;

/// <summary>How serious the policy's wording makes a kind of conduct; ordered so that comparisons mean "more serious".</summary>
public enum Severity
{
    Low = 0,
    Moderate = 1,
    High = 2,
    Severe = 3,
}

/// <summary>Properties of a kind of conduct that point staff beyond the ordinary ladder of responses.</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The name the rest of the app integrates against; it is a [Flags] enum.")]
public enum ConductFlags
{
    None = 0,
    Threat = 1,
    PossibleCrime = 2,
    PossiblyDefamatory = 4,
    ConcernsChild = 8,
}

/// <summary>One rule of the code of conduct, or one activity the policy calls inappropriate, in the policy's own words.</summary>
/// <param name="Id">Stable kebab-case id; stored on cases, so never renamed.</param>
/// <param name="Label">Short plain-English label for forms and cards.</param>
/// <param name="Heading">The policy heading the quote stands under, exactly as the policy spells it.</param>
/// <param name="Quote">The policy's words, verbatim (whitespace aside).</param>
/// <param name="Cues">Lowercase words or phrases that, found in a report, suggest this conduct.</param>
public sealed record ConductKind(
    string Id,
    string Label,
    string Heading,
    string Quote,
    Severity Severity,
    ConductFlags Flags,
    IReadOnlyList<string> Cues)
{
    public bool Has(ConductFlags flag) => (Flags & flag) == flag;

    /// <summary>The heading to cite beside the quote, or null when it adds nothing (see <see cref="PolicyHeadings.Cited"/>).</summary>
    public string? CitedHeading => PolicyHeadings.Cited(Heading);
}

/// <summary>One response the policy allows the school, with when the policy says it applies.</summary>
/// <param name="SchoolCanOnlyAsk">True where the step belongs to someone else (the group moderator), so the school can only request it.</param>
public sealed record ResponseOption(
    string Id,
    string Label,
    string Heading,
    string Quote,
    string AppliesWhen,
    bool SchoolCanOnlyAsk)
{
    /// <summary>The heading to cite beside the quote, or null when it adds nothing (see <see cref="PolicyHeadings.Cited"/>).</summary>
    public string? CitedHeading => PolicyHeadings.Cited(Heading);
}

/// <summary>Which of the policy's headings are worth printing beside a quote.</summary>
public static class PolicyHeadings
{
    /// <summary>
    /// A heading that names a part of the policy ("Code of Conduct", "Raising Concerns") tells the reader where the
    /// words stand; a heading that is the lead-in sentence to a list ("Please note, the school considers the following
    /// WhatsApp activity inappropriate:") only repeats what the label already says, so it is left out.
    /// </summary>
    public static string? Cited(string heading)
    {
        ArgumentNullException.ThrowIfNull(heading);
        var trimmed = heading.Trim();
        return trimmed.Length == 0 || trimmed.EndsWith(':') || trimmed.Contains(',', StringComparison.Ordinal) ? null : trimmed;
    }
}

/// <summary>The response ids the rest of the app relies on; the catalogue must define every one.</summary>
public static class ResponseIds
{
    public const string SpeakToParent = "speak-to-parent";
    public const string CautionaryNotice = "cautionary-notice";
    public const string Meeting = "meeting";
    public const string Authorities = "authorities";
    public const string LegalAdvice = "legal-advice";
    public const string SiteBan = "site-ban";
    public const string AskModeratorRemoval = "ask-moderator-removal";

    public static IReadOnlyList<string> All { get; } =
        [SpeakToParent, CautionaryNotice, Meeting, Authorities, LegalAdvice, SiteBan, AskModeratorRemoval];
}

/// <summary>A conduct kind suggested by cues found in a piece of text, with the cues that matched so staff can see why.</summary>
public sealed record ConductSuggestion(ConductKind Conduct, IReadOnlyList<string> MatchedCues);

/// <summary>The catalogue or the policy text is wrong; start-up must stop rather than cite words the policy does not contain.</summary>
public sealed class PolicyCatalogueException : Exception
{
    public PolicyCatalogueException()
    {
    }

    public PolicyCatalogueException(string message)
        : base(message)
    {
    }

    public PolicyCatalogueException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
