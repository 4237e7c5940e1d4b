using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace StaffConductAssistant.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GraphOptions"/> (section "Graph", validated at start-up) and registers
    /// <see cref="ITeamsMessageReader"/>, <see cref="IDirectoryGraph"/> and <see cref="GraphClientHolder"/>.
    /// <see cref="GraphServiceClient"/> itself is registered too, but resolving it throws when Graph
    /// isn't configured; code that must cope with that should use <see cref="GraphClientHolder"/>.
    /// </summary>
    public static IServiceCollection AddAppGraph(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Graph errors are counted (Hosting/Telemetry.cs); the instruments need only the meter factory, so Graph
        // stands on its own wherever it is added.
        services.AddMetrics();
        services.TryAddSingleton<Hosting.AppTelemetry>();
        services.AddSingleton<GraphClientHolder>();
        services.AddSingleton(sp => sp.GetRequiredService<GraphClientHolder>().Client
            ?? throw new InvalidOperationException("Microsoft Graph is not configured (Graph:TenantId and Graph:ClientId)."));
        services.AddSingleton<ITeamsMessageReader, GraphTeamsMessageReader>();
        services.AddSingleton<IDirectoryGraph, GraphDirectory>();
        services.AddSingleton<GraphTeamworkAndMail>();
        services.AddSingleton<ITeamsAppInstaller>(sp => sp.GetRequiredService<GraphTeamworkAndMail>());
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<GraphTeamworkAndMail>());
        services.AddSingleton<ICalendarEvents, GraphCalendarEvents>();
        return services;
    }
}

/// <summary>Owns the app's single <see cref="GraphServiceClient"/>, or null when Graph isn't configured.</summary>
public sealed class GraphClientHolder : IDisposable
{
    private readonly Lazy<GraphServiceClient?> client;

    public GraphClientHolder(IOptions<GraphOptions> options, Hosting.AppTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        client = new Lazy<GraphServiceClient?>(() => AppGraphClientFactory.TryCreate(Options, new Hosting.GraphErrorCounter(telemetry)));
    }

    public GraphOptions Options { get; }

    public GraphServiceClient? Client => client.Value;

    public void Dispose()
    {
        if (client.IsValueCreated)
        {
            client.Value?.Dispose();
        }
    }
}
