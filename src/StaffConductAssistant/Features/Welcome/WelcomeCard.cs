using StaffConductAssistant.AdaptiveCards;

namespace StaffConductAssistant.Features.Welcome;

/// <summary>The first thing staff see, and what "help" shows: what the app does, in plain words.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Create(Uri policyUrl) => new()
    {
        MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full },
        FallbackText = "Staff Conduct Assistant helps staff follow the school's policy for parents' class WhatsApp groups.",
        Body =
        [
            new TextBlock { Text = "Staff Conduct Assistant", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading },
            new TextBlock
            {
                Text = "I help staff follow the school's policy for parents' class and year WhatsApp groups.",
                Wrap = true,
            },
            new FactSet
            {
                Facts =
                [
                    new Fact("Log a concern", "On a parent's email forwarded into Teams, choose … (More actions) then \"Log WhatsApp concern\". The form fills itself in from the email."),
                    new Fact("See the options", "Each concern shows the responses the policy allows, with the policy's own words and guidance on what is proportional."),
                    new Fact("The decision", "SLT propose a response; the Headmistress approves, rejects or asks for changes. The policy says the decision is hers."),
                    new Fact("Moderators", "SLT keep the list of each group's parent moderator in the \"Moderator roster\" tab."),
                ],
            },
            new TextBlock
            {
                Text = "Type \"help\" at any time to see this again.",
                Wrap = true,
                IsSubtle = true,
                Spacing = Spacing.Medium,
            },
        ],
        Actions =
        [
            new OpenUrlAction { Title = "Read the policy", Url = policyUrl },
        ],
    };
}
