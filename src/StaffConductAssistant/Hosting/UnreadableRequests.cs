using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// A request whose body can't be read (malformed JSON, a field of the wrong type) is the caller's mistake: a 400 that
/// says so in plain words, and no error in the app's log, which is for the app's own faults.
/// </summary>
public static class UnreadableRequests
{
    /// <summary>
    /// Problem+json for every error, and a body that can't be bound always thrown to the exception handler (by default
    /// only in Development; elsewhere it is an empty 400), so every environment gives the same plain answer.
    /// </summary>
    public static IServiceCollection AddPlainProblems(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Describe);
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>For <see cref="ProblemDetailsOptions.CustomizeProblemDetails"/>: the title says what was wrong, by field name only.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Exception is not BadHttpRequestException bad)
        {
            return;
        }

        // The JSON path names a field of the form, never a value, so nothing a person typed is echoed back or logged.
        context.ProblemDetails.Title = bad.InnerException is JsonException { Path: { Length: > 1 } path }
            ? $"The request could not be read: {path.TrimStart('$', '.')} is not in the expected form. Nothing has changed."
            : "The request could not be read. Nothing has changed.";
    }

    /// <summary>For <see cref="ExceptionHandlerOptions.SuppressDiagnosticsCallback"/>: only the app's own faults are logged as errors.</summary>
    public static bool IsCallersMistake(ExceptionHandlerSuppressDiagnosticsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Exception is BadHttpRequestException { StatusCode: < 500 };
    }
}
