using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;

namespace StaffConductAssistant.Tests.AdaptiveCards;

/// <summary>A card using every modelled element and action, for validation and the docs picture.</summary>
internal static class DemoCards
{
    public static AdaptiveCard Everything() => new()
    {
        MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full },
        FallbackText = "A concern was logged. Open Teams to review it.",
        Speak = "A concern was logged.",
        Refresh = new CardRefresh
        {
            Action = new ExecuteAction { Verb = "refresh", Data = new JsonObject { ["concernId"] = "demo-1" } },
            UserIds = ["29:demo-user"],
        },
        Body =
        [
            new Container
            {
                Style = ContainerStyle.Accent,
                Bleed = true,
                Items =
                [
                    new TextBlock { Text = "Concern logged", Style = TextBlockStyle.Heading, Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true },
                    new TextBlock { Text = "Year 7 parents' WhatsApp group", IsSubtle = true, Spacing = Spacing.None, Wrap = true },
                ],
            },
            new FactSet
            {
                Facts =
                [
                    new Fact("Reported by", "Example Teacher"),
                    new Fact("When", "{{DATE(2025-03-14T09:30:00Z, SHORT)}}"),
                ],
            },
            new TextBlock { Text = AdaptiveText.Escape("Quoted message: *please* see [this](https://example.org)"), Wrap = true, Separator = true },
            new RichTextBlock { Inlines = [new TextRun { Text = "Verbatim ", Italic = true }, new TextRun { Text = "text runs", Weight = TextWeight.Bolder }] },
            new ColumnSet
            {
                Columns =
                [
                    new Column { Width = ColumnWidth.Auto, Items = [new Image { Url = new Uri("https://example.org/icon.png"), AltText = "Icon", Size = ImageSize.Small }] },
                    new Column { Width = ColumnWidth.Stretch, Items = [new TextBlock { Text = "Status: open", Color = TextColor.Warning, Wrap = true }] },
                    new Column { Width = ColumnWidth.Weight(2), Items = [new TextBlock { Text = "Second column", Wrap = true }] },
                ],
            },
            new InputChoiceSet
            {
                Id = "severity",
                Label = "Severity",
                Style = ChoiceInputStyle.Expanded,
                IsRequired = true,
                ErrorMessage = "Choose a severity.",
                Value = "low",
                Choices = [new Choice("Low", "low"), new Choice("High", "high")],
            },
            new InputText { Id = "note", Label = "Note", Placeholder = "What happened?", IsMultiline = true, MaxLength = 500 },
            new InputText { Id = "ref", Label = "Reference", Regex = "^[A-Z]{2}[0-9]{3}$", IsRequired = true, ErrorMessage = "Two letters then three digits." },
            new InputToggle { Id = "notify", Title = "Tell the head teacher", ValueOn = "yes", ValueOff = "no", Value = "no" },
            new InputDate { Id = "date", Label = "Date" },
            new InputTime { Id = "time", Label = "Time" },
            new TextBlock { Id = "details", Text = "Hidden details", IsVisible = false, Wrap = true },
            new ActionSet
            {
                Actions =
                [
                    new ExecuteAction
                    {
                        Title = "Record",
                        Verb = "record",
                        Style = ActionStyle.Positive,
                        AssociatedInputs = AssociatedInputs.Auto,
                        Data = new JsonObject { ["concernId"] = "demo-1" },
                        Fallback = new SubmitAction { Title = "Record", Data = new JsonObject { ["verb"] = "record" } },
                    },
                ],
            },
        ],
        Actions =
        [
            new ExecuteAction { Title = "Dismiss", Verb = "dismiss", Style = ActionStyle.Destructive, AssociatedInputs = AssociatedInputs.None },
            new SubmitAction { Title = "Ask", Data = new JsonObject { ["msteams"] = new JsonObject { ["type"] = "messageBack", ["text"] = "help" } } },
            new OpenUrlAction { Title = "Policy", Url = new Uri("https://example.org/policy") },
            new ShowCardAction { Title = "More", Card = new AdaptiveCard { Body = [new TextBlock { Text = "More detail", Wrap = true }] } },
            new ToggleVisibilityAction { Title = "Details", TargetElements = ["details"] },
        ],
    };
}
