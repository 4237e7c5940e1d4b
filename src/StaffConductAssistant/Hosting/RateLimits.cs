using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace StaffConductAssistant.Hosting;

/// <summary>How many requests one person may make a minute (section "RateLimits"), checked at start.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Emails uploaded to be read as concern drafts (each is parsed in full, up to 25 MB).</summary>
    [Range(1, 10_000)]
    public int DraftUploadsPerMinute { get; set; } = 30;

    /// <summary>Case steps asked for from the tab (propose, decide, hold, share…), and, apart, the bot's invokes (card buttons, the form).</summary>
    [Range(1, 10_000)]
    public int InvokesPerMinute { get; set; } = 120;
}

/// <summary>
/// ASP.NET Core's rate limiter (Microsoft.AspNetCore.RateLimiting), per signed-in person (their Entra object id; the
/// caller's address when there is none), so one person, or a stolen token in a script, cannot flood the app. A refusal
/// is 429 with Retry-After and a plain sentence; nothing has been done.
/// </summary>
public static class RateLimits
{
    public const string DraftUploads = "draft-uploads";
    public const string Invokes = "invokes";

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                        title: $"That was a lot of requests in a short time, so I've paused yours. Nothing was done. Try again in {seconds} seconds.")
                    .ExecuteAsync(context.HttpContext);
            };
            o.AddPolicy(DraftUploads, http => PerPerson(http, x => x.DraftUploadsPerMinute));
            o.AddPolicy(Invokes, http => PerPerson(http, x => x.InvokesPerMinute));
        });
        services.AddSingleton<BotInvokeRateLimit>();
        return services;
    }

    private static RateLimitPartition<string> PerPerson(HttpContext http, Func<RateLimitOptions, int> limit)
    {
        var permits = limit(http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        var key = http.User.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier")
            ?? http.User.FindFirstValue("oid")
            ?? "address:" + http.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}

/// <summary>
/// The bot's invokes, per person: ASP.NET Core's rate limiting (System.Threading.RateLimiting), partitioned by the
/// caller's Entra object id from the authenticated activity. It cannot sit in the middleware, which runs before the
/// body (and so the person) is read; <see cref="Bot.BotActivityHandler"/> asks it before any feature runs.
/// </summary>
public sealed class BotInvokeRateLimit(IOptions<RateLimitOptions> options) : IDisposable
{
    public const string Message = "Too many requests, try again in a minute. Nothing was done.";

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.InvokesPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>True when this person may invoke now. An activity with no Entra object id shares one partition per conversation.</summary>
    public bool TryAcquire(string? aadObjectId, string? conversationId)
    {
        var key = string.IsNullOrWhiteSpace(aadObjectId) ? "conversation:" + conversationId : "user:" + aadObjectId.ToLowerInvariant();
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    public void Dispose() => limiter.Dispose();
}
