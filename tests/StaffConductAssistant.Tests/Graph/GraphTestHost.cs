using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Tests.Graph;

/// <summary>Builds the app's Graph services exactly as AddAppGraph does, from in-memory configuration.</summary>
internal sealed class GraphTestHost : IDisposable
{
    private readonly ServiceProvider provider;

    public GraphTestHost(IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddAppGraph();
        provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static GraphTestHost For(string baseUrl, TimeSpan? timeout = null, long? maxBytes = null)
    {
        var settings = new Dictionary<string, string?> { ["Graph:BaseUrl"] = baseUrl };
        if (timeout is { } t)
        {
            settings["Graph:Timeout"] = t.ToString();
        }

        if (maxBytes is { } m)
        {
            settings["Graph:MaxEmailBytes"] = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return new GraphTestHost(settings);
    }

    public ITeamsMessageReader Reader => provider.GetRequiredService<ITeamsMessageReader>();

    public IDirectoryGraph Directory => provider.GetRequiredService<IDirectoryGraph>();

    public T Get<T>()
        where T : notnull => provider.GetRequiredService<T>();

    public void Dispose() => provider.Dispose();
}
