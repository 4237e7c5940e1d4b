using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// Where the app's traces, metrics and logs go. Application Insights when a connection string is set (App Service
/// sets <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> from the Bicep); the console only when asked
/// (<c>Telemetry:Console=true</c>), so local mode's console stays one line a request.
/// </summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>The standard variable the Azure Monitor distro and App Service use.</summary>
    public const string ConnectionStringVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>Application Insights' connection string; empty: nothing is sent to Azure.</summary>
    public string? ApplicationInsightsConnectionString { get; set; }

    /// <summary>Print spans and metrics to the console (OpenTelemetry's console exporter: several lines a span).</summary>
    public bool Console { get; set; }

    /// <summary>How often the outbox's depth and age are read from the database for the gauges.</summary>
    public TimeSpan OutboxSampleInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A connection string is "Key=Value;…" with at least the instrumentation key; anything else (a Key Vault
        // reference left unresolved, a pasted instrumentation key alone) would fail silently at the first export.
        if (!string.IsNullOrWhiteSpace(ApplicationInsightsConnectionString) && !IsConnectionString(ApplicationInsightsConnectionString))
        {
            yield return new ValidationResult(
                $"{ConnectionStringVariable} (or Telemetry:ApplicationInsightsConnectionString) must be an Application Insights connection string (InstrumentationKey=…;IngestionEndpoint=…), as shown on the resource's Overview page.",
                [nameof(ApplicationInsightsConnectionString)]);
        }

        if (OutboxSampleInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("Telemetry:OutboxSampleInterval must be positive.", [nameof(OutboxSampleInterval)]);
        }
    }

    /// <summary>"Key=Value;…" pairs, one of them a non-empty InstrumentationKey.</summary>
    public static bool IsConnectionString(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(p => p.Contains('=', StringComparison.Ordinal))
        && value.Split(';', StringSplitOptions.TrimEntries).Any(p => p.StartsWith("InstrumentationKey=", StringComparison.OrdinalIgnoreCase) && p.Length > "InstrumentationKey=".Length);
}

/// <summary>
/// The app's own spans and instruments (OpenTelemetry through System.Diagnostics). Tags carry ids, verbs, kinds and
/// status codes only, never text from an email, a card or a person; verbs and kinds outside the known set read "other",
/// so nobody can grow the metrics by sending made-up names.
/// </summary>
public sealed class AppTelemetry : IDisposable
{
    public const string Name = "StaffConductAssistant";

    /// <summary>Spans: one per bot activity (type, invoke name, card verb) and one per outbox message (kind, id).</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly HashSet<string> KnownVerbs =
    [
        .. typeof(Features.CaseActions.CaseVerbs).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
        Features.ActingHeadmistress.ActingHeadmistressHandler.AppointVerb,
        Features.ActingHeadmistress.ActingHeadmistressHandler.RevokeVerb,
    ];

    private static readonly HashSet<string> KnownInvokes =
    [
        .. typeof(BotFramework.Schema.InvokeNames).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
    ];

    private static readonly HashSet<string> KnownActivityTypes =
    [
        .. typeof(BotFramework.Schema.ActivityTypes).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!),
    ];

    private readonly Meter meter;
    private readonly Counter<long> activities;
    private readonly Histogram<double> invokeDuration;
    private readonly Counter<long> outboxRuns;
    private readonly Counter<long> graphErrors;
    private readonly Counter<long> decisions;
    private long outboxDepth;
    private double outboxAgeSeconds;

    public AppTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        meter = meters.Create(Name);
        activities = meter.CreateCounter<long>("sca.bot.activities", "{activity}", "Activities received on /api/messages, by type and invoke name.");
        invokeDuration = meter.CreateHistogram<double>("sca.bot.invoke.duration", "s", "Time to answer an invoke, by invoke name, card verb and the status answered.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        outboxRuns = meter.CreateCounter<long>("sca.outbox.runs", "{message}", "Outbox messages run, by kind and outcome (done, retry, gave_up).");
        graphErrors = meter.CreateCounter<long>("sca.graph.errors", "{response}", "Microsoft Graph answers that were not a success, by status code (0: no answer).");
        decisions = meter.CreateCounter<long>("sca.decisions", "{decision}", "Decisions recorded on proposals, by decision.");
        meter.CreateObservableGauge("sca.outbox.depth", () => Interlocked.Read(ref outboxDepth), "{message}", "Outbox messages due and not yet done (scheduled reminders are not due).");
        meter.CreateObservableGauge("sca.outbox.age", () => Volatile.Read(ref outboxAgeSeconds), "s", "How long the oldest due outbox message has waited.");
    }

    public static string Verb(string? verb) => verb is not null && KnownVerbs.Contains(verb) ? verb : "other";

    public static string Invoke(string? name) => name is not null && KnownInvokes.Contains(name) ? name : "other";

    public static string ActivityType(string? type) => type is not null && KnownActivityTypes.Contains(type) ? type : "other";

    public void ActivityReceived(string activityType, string? invokeName) =>
        activities.Add(1, new TagList { { "activity.type", activityType }, { "invoke.name", invokeName ?? "none" } });

    public void InvokeAnswered(string invokeName, string? verb, int status, TimeSpan elapsed) =>
        invokeDuration.Record(elapsed.TotalSeconds, new TagList { { "invoke.name", invokeName }, { "card.verb", verb ?? "none" }, { "http.response.status_code", status } });

    public void OutboxRan(string kind, string outcome) =>
        outboxRuns.Add(1, new TagList { { "outbox.kind", kind }, { "outcome", outcome } });

    public void GraphError(int status) => graphErrors.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status));

    public void Decided(Cases.CaseAction decision) => decisions.Add(1, new KeyValuePair<string, object?>("decision", decision.ToString()));

    public void OutboxSampled(long depth, TimeSpan oldestDueAge)
    {
        Interlocked.Exchange(ref outboxDepth, depth);
        Volatile.Write(ref outboxAgeSeconds, Math.Max(0, oldestDueAge.TotalSeconds));
    }

    public void Dispose() => meter.Dispose();
}

/// <summary>Counts Graph's failed answers (each try, retries included) for <c>sca.graph.errors</c>; nearest the network.</summary>
public sealed class GraphErrorCounter(AppTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            telemetry.GraphError(0);
            throw;
        }

        if (!response.IsSuccessStatusCode)
        {
            telemetry.GraphError((int)response.StatusCode);
        }

        return response;
    }
}

public static partial class TelemetryServices
{
    /// <summary>
    /// OpenTelemetry for requests (ASP.NET Core), outgoing calls (HttpClient: the connector and Graph) and the app's own
    /// spans and instruments; exported to Application Insights when configured, to the console when asked. The database
    /// is not traced: SQL text can carry literal values, and the request spans already time each use.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TelemetryOptions>()
            .BindConfiguration(TelemetryOptions.Section)
            .PostConfigure(o => o.ApplicationInsightsConnectionString ??= configuration[TelemetryOptions.ConnectionStringVariable])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<AppTelemetry>();

        // The exporters are chosen here, from configuration, because OpenTelemetry's pipeline is built with the services;
        // TelemetryOptions' validation still stops the app at start when the connection string is malformed.
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var connectionString = settings.ApplicationInsightsConnectionString ?? configuration[TelemetryOptions.ConnectionStringVariable];
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(t => t
                .AddSource(AppTelemetry.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !http.Request.Path.StartsWithSegments("/healthz");

                    // The tabs' list filters arrive in the query string (?parent=<a parent's name>): never keep it.
                    o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                {
                    // Graph and connector paths can hold a mailbox address or a shared file's link: keep the shape only.
                    if (request.RequestUri is { } uri)
                    {
                        activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + PathShape(uri.AbsolutePath));
                    }
                }))
            .WithMetrics(m => m
                .AddMeter(AppTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = false;
            });

        // A malformed one is left to the options' validation, which names the setting.
        if (!string.IsNullOrWhiteSpace(connectionString) && TelemetryOptions.IsConnectionString(connectionString))
        {
            telemetry.UseAzureMonitor(o => o.ConnectionString = connectionString);
        }

        if (settings.Console)
        {
            telemetry.WithTracing(t => t.AddConsoleExporter()).WithMetrics(m => m.AddConsoleExporter());
        }

        return services;
    }

    /// <summary>A path with every segment that is not a plain word (ids, addresses, encoded links) replaced by {id}.</summary>
    internal static string PathShape(string path) =>
        string.Join('/', path.Split('/').Select(s => s.Length == 0 || PlainSegment().IsMatch(s) ? s : "{id}"));

    [GeneratedRegex(@"^(v\d+(\.\d+)?|[A-Za-z][A-Za-z0-9]{0,30})$", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex PlainSegment();
}
