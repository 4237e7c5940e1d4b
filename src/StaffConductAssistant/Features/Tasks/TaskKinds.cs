using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.Tasks;

/// <summary>
/// What a task can be: the policy's responses the app cannot carry out itself (speak to the parent, contact the
/// authorities, seek legal advice; policy-catalogue.json), gathering information before a proposal, and the
/// Headmistress's review of a provisional site ban.
/// </summary>
public static class TaskKinds
{
    public const string GatherInformation = "gather-information";
    public const string ReviewSiteBan = "review-site-ban";
    public const string Other = "other";

    /// <summary>The kinds SLT choose from on the card, in order, with the title a new task gets.</summary>
    public static IReadOnlyList<(string Id, string Title)> Choosable(PolicyCatalogue policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return
        [
            (GatherInformation, "Gather information (screenshots, who saw it, what was said before)"),
            (ResponseIds.SpeakToParent, policy.FindResponse(ResponseIds.SpeakToParent)?.Label ?? "Speak to the parent"),
            (ResponseIds.Authorities, policy.FindResponse(ResponseIds.Authorities)?.Label ?? "Contact the authorities"),
            (ResponseIds.LegalAdvice, policy.FindResponse(ResponseIds.LegalAdvice)?.Label ?? "Seek legal advice"),
            (Other, "Something else (say what in the notes)"),
        ];
    }
}
