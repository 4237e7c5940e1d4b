using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>Reading and answering the cards an Agents Playground window shows, as a person would.</summary>
internal static class PlaygroundCards
{
    /// <summary>
    /// "Log a WhatsApp concern" from the "..." menu of an emailed post showing <paramref name="sample"/>, as the README's
    /// step 4: the form the app fills in from it.
    /// </summary>
    internal static async Task<JsonObject> OpenLogFormAsync(PlaygroundInstance window, string messageId, string sample)
    {
        var fetched = await window.InvokeAsync("composeExtension/fetchTask", new JsonObject
        {
            ["commandId"] = "logConcern",
            ["commandContext"] = "message",
            ["messagePayload"] = new JsonObject
            {
                ["id"] = messageId,
                ["body"] = new JsonObject { ["contentType"] = "html", ["content"] = SampleEmailHtml(sample) },
            },
        });
        return fetched?["task"]?["value"]?["card"]?["content"] as JsonObject
            ?? throw new Xunit.Sdk.XunitException("No form came back: " + fetched?.ToJsonString());
    }

    /// <summary>How Teams shows an emailed channel post: the headers, then the body's paragraphs.</summary>
    internal static string SampleEmailHtml(string sample)
    {
        var raw = File.ReadAllText(Path.Combine(TestPaths.SampleEmails, sample)).Replace("\r\n", "\n", StringComparison.Ordinal);
        string Header(string name) => raw.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();
        var start = raw.IndexOf("Content-Type: text/plain", StringComparison.Ordinal);
        var bodyStart = raw.IndexOf("\n\n", start, StringComparison.Ordinal) + 2;
        // A multipart email's text ends at its next boundary; a plain one at the end of the file.
        var bodyEnd = raw.IndexOf("\n--", bodyStart, StringComparison.Ordinal) is var boundary and >= 0 ? boundary : raw.Length;
        var body = QuotedPrintable(raw[bodyStart..bodyEnd]);
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<div><p>From: {WebUtility.HtmlEncode(Header("From"))}<br>Sent: {WebUtility.HtmlEncode(Header("Date"))}<br>Subject: {WebUtility.HtmlEncode(Header("Subject"))}</p>");
        foreach (var paragraph in body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            html.Append("<p>").Append(WebUtility.HtmlEncode(paragraph).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        return html.Append("</div>").ToString();
    }

    internal static string QuotedPrintable(string text)
    {
        var joined = text.Replace("=\n", string.Empty, StringComparison.Ordinal);
        var bytes = new List<byte>();
        for (var i = 0; i < joined.Length; i++)
        {
            if (joined[i] == '=' && i + 2 < joined.Length && byte.TryParse(joined.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    internal static bool Mentions(PlaygroundEvent e, string text) => Json(e.Card).Contains(text, StringComparison.Ordinal);

    /// <summary>
    /// The node as JSON with the text as written: the default encoder writes an apostrophe as \u0027, so "parent's"
    /// would never be found in it.
    /// </summary>
    internal static string Json(JsonNode? node) => node?.ToJsonString(Readable) ?? string.Empty;

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What the dialog submits: each input's value plus the submit action's data.</summary>
    internal static JsonObject FormData(JsonObject card)
    {
        var data = new JsonObject();
        foreach (var input in All(card).Where(e => e["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true && e["id"] is not null))
        {
            data[input["id"]!.GetValue<string>()] = input["value"]?.DeepClone() ?? string.Empty;
        }

        foreach (var (key, value) in card["actions"]![0]!["data"]!.AsObject())
        {
            data[key] = value!.DeepClone();
        }

        return data;
    }

    internal static string? Input(JsonObject card, string id) =>
        All(card).FirstOrDefault(e => e["id"]?.GetValue<string>() == id)?["value"]?.GetValue<string>();

    /// <summary>The data of the button with <paramref name="verb"/>, or of the card's refresh when null.</summary>
    internal static JsonObject ButtonData(JsonObject card, string? verb)
    {
        var node = verb is null
            ? card["refresh"]?["action"]
            : All(card).FirstOrDefault(e => e["type"]?.GetValue<string>() == "Action.Execute" && e["verb"]?.GetValue<string>() == verb);
        return (JsonObject)(node?["data"] ?? throw new Xunit.Sdk.XunitException($"No {verb ?? "refresh"} action in the card.")).DeepClone();
    }

    /// <summary>
    /// What the Playground sends when a person presses the button with <paramref name="verb"/>: the button's data and
    /// every input on the card as it stands, with what they typed or chose in <paramref name="typed"/>. A typed field
    /// the card does not have fails the test, as the person would not find it.
    /// </summary>
    internal static JsonObject Press(JsonObject card, string verb, IReadOnlyDictionary<string, string> typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var data = ButtonData(card, verb);
        var inputs = All(card).Where(e => e["type"]?.GetValue<string>().StartsWith("Input.", StringComparison.Ordinal) == true && e["id"] is not null).ToList();
        foreach (var input in inputs)
        {
            data[input["id"]!.GetValue<string>()] = input["value"]?.DeepClone() ?? string.Empty;
        }

        foreach (var (id, value) in typed)
        {
            if (inputs.All(i => i["id"]!.GetValue<string>() != id))
            {
                throw new Xunit.Sdk.XunitException($"The card has no field {id} to fill in beside {verb}; it has {string.Join(", ", inputs.Select(i => i["id"]))}.");
            }

            data[id] = value;
        }

        return data;
    }

    /// <summary>The address of the card's link button titled <paramref name="title"/>, or null when it has none.</summary>
    internal static Uri? OpenUrl(JsonObject? card, string title) =>
        All(card).FirstOrDefault(e => e["type"]?.GetValue<string>() == "Action.OpenUrl" && e["title"]?.GetValue<string>() == title)?["url"]?.GetValue<string>() is { } url
            ? new Uri(url)
            : null;

    internal static List<string> Verbs(JsonObject? card) =>
        All(card).Where(e => e["type"]?.GetValue<string>() == "Action.Execute").Select(e => e["verb"]!.GetValue<string>()).ToList();

    private static IEnumerable<JsonObject> All(JsonNode? node) => Features.DecisionScenario.All(node);
}
