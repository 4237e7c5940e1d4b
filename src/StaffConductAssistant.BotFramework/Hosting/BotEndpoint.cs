using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StaffConductAssistant.BotFramework.Authentication;
using StaffConductAssistant.BotFramework.Invokes;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>
/// POST of one activity: content type (415), size (413), JSON with a <c>type</c> (400), authentication (401/403),
/// then the handler. Invokes are answered with the handler's <see cref="InvokeResponse"/>; other activities with 200
/// and no body (Bot Framework HTTP details). Every refusal is problem+json without internals.
/// </summary>
internal static class BotEndpoint
{
    public static async Task HandlePostAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<BotOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotEndpoint).FullName!);
        var cancellationToken = http.RequestAborted;

        if (!IsJson(http.Request.ContentType))
        {
            await RefuseAsync(http, logger, StatusCodes.Status415UnsupportedMediaType, "The body must be application/json.").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(http.Request, options.MaxRequestBodyBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(http, logger, StatusCodes.Status413PayloadTooLarge, "The body is larger than Bot:MaxRequestBodyBytes.").ConfigureAwait(false);
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, BotJson.Options);
        }
        catch (JsonException)
        {
            activity = null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            await RefuseAsync(http, logger, StatusCodes.Status400BadRequest, "The body is not an activity with a type.").ConfigureAwait(false);
            return;
        }

        var authenticator = services.GetRequiredService<BotRequestAuthenticator>();
        var outcome = await authenticator.AuthenticateAsync(http, activity, cancellationToken).ConfigureAwait(false);
        if (!outcome.Succeeded)
        {
            // The reason goes to the log only: the caller learns nothing about which check failed.
            await WriteProblemAsync(http, outcome.Status, outcome.Status == StatusCodes.Status403Forbidden ? "Forbidden." : "Unauthorized.").ConfigureAwait(false);
            return;
        }

        // The Activity spec requires conversation (with its id) on every activity: there is nowhere to answer without one.
        // Teams' ids are a few hundred characters at most; a longer one is no real conversation (and would not fit a URL).
        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id) || activity.Conversation.Id.Length > 1024)
        {
            await RefuseAsync(http, logger, StatusCodes.Status400BadRequest, "The activity has no conversation id.").ConfigureAwait(false);
            return;
        }

        services.GetRequiredService<BotRequestContext>().Caller = outcome.Caller;
        Log.ActivityAccepted(logger, activity.Id, activity.Type, outcome.Caller.ToString());

        InvokeResponse? result;
        try
        {
            result = await services.GetRequiredService<IActivityHandler>().OnActivityAsync(activity, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Log.HandlerFailed(logger, exception, activity.Id, activity.Type);
            await WriteProblemAsync(http, StatusCodes.Status500InternalServerError, "The bot could not process the activity.").ConfigureAwait(false);
            return;
        }

        if (activity.Type != ActivityTypes.Invoke)
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        result ??= InvokeResponse.NotImplemented();
        http.Response.StatusCode = result.Status;
        if (result.Body is not null)
        {
            await http.Response.WriteAsJsonAsync(result.Body, result.Body.GetType(), BotJson.Options, "application/json; charset=utf-8", cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>The Agents Playground probes the endpoint with HEAD before its first POST.</summary>
    public static Task HandleHead(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> (checked before and while reading).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 64 * 1024) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > limit)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task RefuseAsync(HttpContext http, ILogger logger, int status, string title)
    {
        Log.RequestRejected(logger, status, title);
        return WriteProblemAsync(http, status, title);
    }

    private static Task WriteProblemAsync(HttpContext http, int status, string title) =>
        Results.Problem(statusCode: status, title: title).ExecuteAsync(http);
}
