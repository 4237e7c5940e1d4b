using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Email;

/// <summary>
/// Issue 14's symptom through the front door: "Log WhatsApp concern" on an email typed into the Agents Playground,
/// which has no Graph and sends the text with its line breaks lost and the address in angle brackets, not as HTML.
/// </summary>
public sealed class PlaygroundPasteTests : IAsyncLifetime
{
    private SignedBotApp app = null!;

    public async Task InitializeAsync() => app = await SignedBotApp.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task A_run_together_email_with_an_angle_bracketed_address_fills_the_form_as_its_eml_does()
    {
        var text = "From: Hannah Okafor <hannah.okafor@mail.example.com>Sent: Monday, 16 November 2026 21:14To: Mrs Jenkin <headmistress@stjohnspriory.example>"
                   + "Subject: Comments about Miss Turner in Year 4 WhatsApp groupDear Mrs Jenkin,"
                   + "I am writing because I am uncomfortable with what has been happening in the Year 4 class WhatsApp group this evening."
                   + "At about 8pm Daniel Price (dad of Oliver in 4T) posted a long message saying that Miss Turner \"clearly can't be bothered to mark homework\" "
                   + "and that she is \"useless and should not be teaching\".Kind regards,Hannah Okafor(mum of Amara, 4T)";
        var response = await app.SendAsync(Activities.Invoke(
            SignedBotApp.TeacherId,
            "composeExtension/fetchTask",
            new JsonObject
            {
                ["commandId"] = "logConcern",
                ["commandContext"] = "message",
                ["messagePayload"] = new JsonObject { ["id"] = "playground-1", ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = text } },
            }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var card = (await response.Content.ReadFromJsonAsync<JsonObject>())!["task"]!["value"]!["card"]!["content"]!.AsObject();
        Assert.Equal("Hannah Okafor", Input(card, "reporterName"));
        Assert.Equal("Year 4", Input(card, "group"));
        Assert.Equal("Daniel Price", Input(card, "postedBy"));
        Assert.Equal("Miss Turner, Mrs Jenkin", Input(card, "namedStaff"));
        Assert.Contains("useless and should not be teaching", Input(card, "quote"), StringComparison.Ordinal);
    }

    private static string? Input(JsonObject card, string id) =>
        card["body"]!.AsArray().OfType<JsonObject>().FirstOrDefault(e => e["id"]?.GetValue<string>() == id)?["value"]?.GetValue<string>();
}
