using System.Net;
using System.Text.Json.Nodes;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.BotFramework;

public sealed class MessagesEndpointTests : IAsyncLifetime
{
    private TestTokenIssuer _issuer = null!;

    public async Task InitializeAsync() => _issuer = await TestTokenIssuer.StartAsync();

    public async Task DisposeAsync() => await _issuer.DisposeAsync();

    [Fact]
    public async Task Malformed_JSON_is_refused_with_400_and_no_stack_trace() =>
        await AssertRefusedAsync(HttpStatusCode.BadRequest, bot => bot.PostAsync("{ \"type\": \"message\", ", _issuer.CreateToken()));

    [Fact]
    public async Task An_activity_without_a_type_is_refused_with_400() =>
        await AssertRefusedAsync(HttpStatusCode.BadRequest, bot => bot.PostAsync("""{ "text": "hi" }""", _issuer.CreateToken()));

    [Fact]
    public async Task A_JSON_array_is_refused_with_400() =>
        await AssertRefusedAsync(HttpStatusCode.BadRequest, bot => bot.PostAsync("[1,2]", _issuer.CreateToken()));

    [Fact]
    public async Task A_body_that_is_not_JSON_by_content_type_is_refused_with_415() =>
        await AssertRefusedAsync(HttpStatusCode.UnsupportedMediaType, bot => bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken(), "text/plain"));

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413() =>
        await AssertRefusedAsync(HttpStatusCode.RequestEntityTooLarge,
            bot => bot.PostAsync(TeamsActivities.Message(text: new string('x', 300_000)), _issuer.CreateToken()));

    [Fact]
    public async Task A_chunked_body_over_the_configured_size_limit_is_refused_with_413()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer, o => o.Settings["Bot:MaxRequestBodyBytes"] = "2048");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new ChunkedJson(TeamsActivities.Message(text: new string('x', 4096))),
        };
        request.Headers.Authorization = new("Bearer", _issuer.CreateToken());

        var response = await bot.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(bot.Handled);
    }

    [Fact]
    public async Task A_message_is_answered_200_with_an_empty_body()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_invoke_the_handler_does_not_handle_is_answered_501()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.PostAsync(TeamsActivities.Invoke("composeExtension/query"), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Single(bot.Handled);
    }

    [Fact]
    public async Task An_invoke_is_answered_with_the_handlers_status_and_JSON_body()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        bot.Handler.Respond = _ => InvokeResponse.Task(TaskModuleResponse.Message("Saved."));

        var response = await bot.PostAsync(TeamsActivities.Invoke(InvokeNames.MessagingExtensionSubmitAction), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("message", (string?)body["task"]!["type"]);
        Assert.Equal("Saved.", (string?)body["task"]!["value"]);
    }

    [Fact]
    public async Task A_failing_handler_is_answered_500_without_a_stack_trace()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);
        bot.Handler.Respond = _ => throw new InvalidOperationException("secret internals");

        var response = await bot.PostAsync(TeamsActivities.Message(), _issuer.CreateToken());

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internals", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Playground_HEAD_probe_is_answered_200_without_a_token()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/messages"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Handled);
    }

    [Fact]
    public async Task A_GET_of_the_endpoint_is_answered_405()
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await bot.Client.GetAsync("api/messages");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    private async Task AssertRefusedAsync(HttpStatusCode expected, Func<BotTestHost, Task<HttpResponseMessage>> send)
    {
        await using var bot = await BotTestHost.ForIssuer(_issuer);

        var response = await send(bot);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(" at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(bot.Handled);
    }

    /// <summary>JSON sent without a Content-Length, so the size limit must hold while reading.</summary>
    private sealed class ChunkedJson(string json) : HttpContent
    {
        private readonly byte[] _bytes = System.Text.Encoding.UTF8.GetBytes(json);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            Headers.ContentType = new("application/json");
            return false;
        }
    }
}
