using StaffConductAssistant.BotFramework.Hosting;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.AuditTrail;
using StaffConductAssistant.Features.LogConcern;
using StaffConductAssistant.Features.OutlookAddin;
using StaffConductAssistant.Features.Retention;
using StaffConductAssistant.Graph;
using StaffConductAssistant.Hosting;

// Large native blocks (SQLite's copies of a 20 MB email) returned to the system when freed, not kept by malloc (IdleMemory).
IdleMemory.KeepLargeNativeBlocksApart();

// The content root is the app's own folder when started from elsewhere (see AppContentRoot).
var builder = WebApplication.CreateBuilder(AppContentRoot.Options(args));

// A Key Vault reference App Service could not resolve arrives as its own text: stop now, naming the setting.
UnresolvedKeyVaultReferences.Refuse(builder.Configuration);

// Errors on HTTP endpoints are problem+json, never a stack trace; an unreadable body is a plain 400.
builder.Services.AddPlainProblems();

// App-wide options and the clock.
builder.Services.AddAppOptions();

// The Bot Framework protocol: inbound authentication, /api/messages, the connector client.
builder.Services.AddBotFramework();

// The database: SQLite by default, PostgreSQL in Azure.
builder.Services.AddAppData(builder.Configuration);

// The school's policy as data, checked against the policy text at start.
builder.Services.AddSchoolPolicy();

// Microsoft Graph: the original emails behind Teams posts, the school's directory.
builder.Services.AddAppGraph();

// Who is asking, and in which roles.
builder.Services.AddStaffDirectory();

// The bot's features, reached through the activity dispatcher.
builder.Services.AddBotFeatures();

// Cases: the concern card, every request about a case through the one access rule, and the work each step starts.
builder.Services.AddCases();

// Work after the answer (cards to others, letters, reminders), stored first so a restart loses nothing.
builder.Services.AddOutbox();

// How long records are kept: the schedule, checked at start, and its daily run (one instance, through the outbox).
builder.Services.AddRetention();

// The Teams tabs (roster, concerns): Teams SSO, the school's groups, the pages and their APIs.
builder.Services.AddTabs();

// Per-person rate limits on draft uploads and case steps (429 with Retry-After).
builder.Services.AddAppRateLimits();

// Traces and metrics (OpenTelemetry): to Application Insights when configured, to the console when asked.
builder.Services.AddTelemetry(builder.Configuration);

// Liveness for Azure and for scripts.
builder.Services.AddHealthChecks();

// Memory given back when the app goes quiet after heavy work (large emails), not kept until the next busy moment.
builder.Services.AddIdleMemory();

var app = builder.Build();

// `audit verify`: walk the audit trail's hash chain, name the first broken entry, exit 1 if there is one. Serves nothing.
if (args is [AuditVerifyEndpoints.Verb, "verify"])
{
    return await AuditVerifyEndpoints.RunAsync(app.Services, Console.Out);
}

// Create or migrate the database before serving anything.
await app.MigrateDatabaseAsync();

// Every request counts as activity, so memory is given back only when none is running (IdleMemory).
app.UseIdleMemory();

// A body that can't be read (malformed JSON) is the caller's mistake: its 400, not a 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
    SuppressDiagnosticsCallback = UnreadableRequests.IsCallersMistake,
});
app.UseStatusCodePages();

// After sign-in (so limits are per person), before the endpoints that name a policy.
app.UseRateLimiter();

// Teams and the Agents Playground post activities here.
app.MapBotFramework("/api/messages");

// The same concern draft over HTTP, for the tab and scripts.
app.MapLogConcernApi();

// The policy text that cards link to.
app.MapPolicy();

// The tab pages under /tab and their APIs under /api/tab.
app.MapTabs();

// The Outlook add-in's task pane: log the email being read, with the same form and API as the tab.
app.MapOutlookAddin();

app.MapHealthChecks("/healthz");

app.Run();
return 0;

/// <summary>The entry point, public so tests can host the real app.</summary>
public partial class Program;
