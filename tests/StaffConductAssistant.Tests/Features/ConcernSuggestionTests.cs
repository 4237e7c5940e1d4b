using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Features;

/// <summary>The bot offers to log emailed concerns posted in the SLT channel, and stays quiet about anything else.</summary>
public sealed class ConcernSuggestionTests : IAsyncLifetime
{
    private const string SltChannel = "19:slt@thread.tacv2";
    private SignedBotApp app = null!;

    public async Task InitializeAsync()
    {
        app = await SignedBotApp.StartAsync();
        var response = await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "use this channel for concerns"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Theory]
    [InlineData("01-staff-criticism-year4.eml", "Year 4")]
    [InlineData("03-threatening-language-year6.eml", "Year 6")]
    [InlineData("04-commercial-links-nursery.eml", "Nursery Owls")]
    public async Task An_emailed_concern_in_the_SLT_channel_gets_a_Log_it_reply_in_its_thread(string sample, string group)
    {
        var before = app.Connector.Requests.Count;

        var response = await app.SendAsync(EmailedPost(SltChannel, "post-1", ForwardedHtml(sample)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(app.Connector.Requests.Skip(before));
        Assert.Contains(Uri.EscapeDataString(SltChannel + ";messageid=post-1"), reply.Path, StringComparison.Ordinal);
        var card = reply.Json!["attachments"]![0]!["content"]!;
        Assert.Contains($"Looks like a concern about the {group} group", card.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("task/fetch", card["actions"]![0]!["data"]!["msteams"]!["type"]!.GetValue<string>());
        await AdaptiveCardValidator.AssertValidAsync(card.ToJsonString());
    }

    [Fact]
    public async Task Log_it_opens_the_same_prefilled_form()
    {
        var before = app.Connector.Requests.Count;
        await app.SendAsync(EmailedPost(SltChannel, "post-2", ForwardedHtml("01-staff-criticism-year4.eml")));
        var data = app.Connector.Requests.Skip(before).Single().Json!["attachments"]![0]!["content"]!["actions"]![0]!["data"]!.DeepClone();

        var response = await app.SendAsync(Activities.Invoke(SignedBotApp.SltMemberId, "task/fetch", new JsonObject { ["data"] = data }, "channel", SltChannel + ";messageid=post-2"));

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("continue", body["task"]!["type"]!.GetValue<string>());
        var form = body["task"]!["value"]!["card"]!["content"]!.ToJsonString();
        Assert.Contains("\"id\":\"group\"", form, StringComparison.Ordinal);
        Assert.Contains("Daniel Price", form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parents_email_pasted_into_a_chat_with_the_bot_gets_the_offer_instead_of_I_did_not_understand()
    {
        var before = app.Connector.Requests.Count;
        var message = Activities.PersonalMessage(SignedBotApp.TeacherId, ForwardedHtml("03-threatening-language-year6.eml"));

        await app.SendAsync(message);

        var reply = Assert.Single(app.Connector.Requests.Skip(before));
        Assert.Contains(Uri.EscapeDataString("a:personal-teacher"), reply.Path, StringComparison.Ordinal);
        Assert.Contains("Looks like a concern about the Year 6 group", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't understand", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_concern_typed_as_plain_text_into_a_chat_with_the_bot_gets_the_offer()
    {
        // As the Agents Playground sends it: textFormat plain, line breaks lost, an address in angle brackets.
        var before = app.Connector.Requests.Count;
        var message = Activities.PersonalMessage(SignedBotApp.TeacherId,
            "From: Hannah Okafor <hannah.okafor@mail.example.com>Sent: Monday, 16 November 2026 21:14I am uncomfortable with what is happening in the Year 4 class WhatsApp group. "
            + "Daniel Price (dad of Oliver in 4T) posted that Miss Turner is \"useless and should not be teaching\".");
        message["textFormat"] = "plain";

        await app.SendAsync(message);

        var reply = Assert.Single(app.Connector.Requests.Skip(before));
        Assert.Contains("Looks like a concern about the Year 4 group", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chatting_about_something_else_in_a_chat_with_the_bot_gets_the_short_reply()
    {
        var before = app.Connector.Requests.Count;

        await app.SendAsync(Activities.PersonalMessage(SignedBotApp.TeacherId, "When is the next staff meeting?"));

        var reply = Assert.Single(app.Connector.Requests.Skip(before));
        Assert.Contains("didn't understand", reply.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_email_that_is_not_about_a_WhatsApp_group_gets_no_reply()
    {
        var before = app.Connector.Requests.Count;

        await app.SendAsync(EmailedPost(SltChannel, "post-3", ForwardedHtml("05-not-a-concern-lost-kit.eml")));

        Assert.Equal(before, app.Connector.Requests.Count);
        Assert.Equal(0, await app.App.WithDbAsync(db => db.ConcernDrafts.CountAsync()));
    }

    [Fact]
    public async Task Emails_in_other_channels_get_no_reply()
    {
        var before = app.Connector.Requests.Count;

        await app.SendAsync(EmailedPost("19:staffroom@thread.tacv2", "post-4", ForwardedHtml("01-staff-criticism-year4.eml")));

        Assert.Equal(before, app.Connector.Requests.Count);
    }

    [Fact]
    public async Task SLT_can_turn_the_suggestions_off()
    {
        await app.SendAsync(Activities.ChannelMessage(SignedBotApp.SltMemberId, "stop suggesting concerns"));
        var before = app.Connector.Requests.Count;

        await app.SendAsync(EmailedPost(SltChannel, "post-5", ForwardedHtml("01-staff-criticism-year4.eml")));

        Assert.Equal(before, app.Connector.Requests.Count);
    }

    [Fact]
    public async Task A_teacher_cannot_turn_the_suggestions_off()
    {
        await app.SendAsync(Activities.ChannelMessage(SignedBotApp.TeacherId, "stop suggesting concerns"));
        var before = app.Connector.Requests.Count;

        await app.SendAsync(EmailedPost(SltChannel, "post-6", ForwardedHtml("01-staff-criticism-year4.eml")));

        Assert.Equal(before + 1, app.Connector.Requests.Count);
    }

    /// <summary>A post made by forwarding an email to the channel: no @mention, no signed-in sender.</summary>
    private static JsonObject EmailedPost(string channel, string messageId, string html)
    {
        var activity = Activities.ChannelMessage(SignedBotApp.TeacherId, string.Empty, channel + ";messageid=" + messageId);
        activity["id"] = messageId;
        activity["text"] = html;
        activity["textFormat"] = "xml";
        activity["from"] = new JsonObject { ["id"] = "29:email-connector", ["name"] = "Email" };
        activity["channelData"]!["channel"] = new JsonObject { ["id"] = channel };
        return activity;
    }

    /// <summary>How a forwarded email reads in Teams: the forward's header block, then the parent's words.</summary>
    private static string ForwardedHtml(string sample)
    {
        using var message = MimeMessage.Load(Path.Combine(TestPaths.SampleEmails, sample));
        var inner = message.BodyParts.OfType<MessagePart>().FirstOrDefault()?.Message ?? message;
        var html = new StringBuilder("<div><p>-----Original Message-----<br>");
        html.Append("From: ").Append(System.Net.WebUtility.HtmlEncode(inner.From.ToString())).Append("<br>");
        html.Append("Sent: ").Append(inner.Date.ToString("dddd, d MMMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture)).Append("<br>");
        html.Append("Subject: ").Append(System.Net.WebUtility.HtmlEncode(inner.Subject)).Append("</p>");
        foreach (var paragraph in (inner.TextBody ?? string.Empty).Split("\n\n"))
        {
            html.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(paragraph)).Append("</p>");
        }

        return html.Append("</div>").ToString();
    }
}
