using System.Text.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.AdaptiveCards;

public class CardModelTests
{
    [Fact]
    public void SerialisesWithSchemaNamesTypeFirstAndNoNulls()
    {
        var card = new AdaptiveCard
        {
            MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full },
            Body = [new TextBlock { Text = "Hi", Wrap = true, Size = TextSize.ExtraLarge, Style = TextBlockStyle.Heading }],
            Actions = [new ExecuteAction { Title = "Go", Verb = "go", AssociatedInputs = AssociatedInputs.Auto, Style = ActionStyle.Positive }],
        };

        Assert.Equal(
            """{"type":"AdaptiveCard","$schema":"http://adaptivecards.io/schemas/adaptive-card.json","version":"1.5","body":[{"type":"TextBlock","text":"Hi","wrap":true,"size":"extraLarge","style":"heading"}],"actions":[{"type":"Action.Execute","verb":"go","associatedInputs":"auto","title":"Go","style":"positive"}],"msteams":{"width":"Full"}}""",
            card.ToJson());
    }

    [Fact]
    public void EveryTypedObjectWritesTypeFirst()
    {
        var typed = 0;
        Walk(DemoCards.Everything().ToJsonObject(), underData: false);
        Assert.True(typed > 20, $"only {typed} typed objects seen");

        void Walk(JsonNode? node, bool underData)
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Walk(item, underData);
                    }

                    break;
                case JsonObject obj:
                    // Free-form action data (e.g. msteams.type) is not an Adaptive Card object.
                    if (!underData && obj.ContainsKey("type"))
                    {
                        typed++;
                        Assert.True(obj.First().Key == "type", $"{obj.GetPath()} does not start with type: {obj.ToJsonString()}");
                    }

                    foreach (var (key, value) in obj)
                    {
                        Walk(value, underData || key == "data");
                    }

                    break;
            }
        }
    }

    [Fact]
    public void InputsCarryTheirMandatoryIdAndColumnWidthsUseSchemaForms()
    {
        var json = DemoCards.Everything().ToJsonObject();
        var body = json["body"]!.AsArray();
        Assert.Equal("severity", body.OfType<JsonObject>().Single(e => (string?)e["type"] == "Input.ChoiceSet")["id"]!.GetValue<string>());
        var widths = body.OfType<JsonObject>().Single(e => (string?)e["type"] == "ColumnSet")["columns"]!.AsArray().Select(c => c!["width"]!.ToJsonString());
        Assert.Equal(["\"auto\"", "\"stretch\"", "2"], widths);
        Assert.Equal("\"50px\"", JsonSerializer.Serialize(ColumnWidth.Pixels(50)));
    }

    [Fact]
    public void RoundTripsThroughJson()
    {
        var card = DemoCards.Everything();
        var again = AdaptiveCard.FromJson(card.ToJson());
        Assert.Equal(card.ToJson(), again.ToJson());
        Assert.IsType<InputChoiceSet>(again.Body![5]);
    }

    [Fact]
    public void RefreshRefusesMoreThan60Users() =>
        Assert.Throws<ArgumentException>(() => new CardRefresh
        {
            Action = new ExecuteAction { Verb = "refresh" },
            UserIds = Enumerable.Range(0, 61).Select(i => $"29:{i}").ToList(),
        });

    [Fact]
    public void ContentTypeIsTheAdaptiveCardMimeType() =>
        Assert.Equal("application/vnd.microsoft.card.adaptive", AdaptiveCard.ContentType);

    [Fact]
    public async Task DemoCardPassesTheOfficialRenderer()
    {
        await AdaptiveCardValidator.AssertValidAsync(DemoCards.Everything(), new AdaptiveCard { Body = [new TextBlock { Text = "Minimal" }] });
    }
}
