using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using StaffConductAssistant.Data;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// The real app, hosted on Kestrel on a loopback port, with its own temporary SQLite database
/// (or PostgreSQL) and whatever configuration the test gives it.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    private readonly string environment;
    private readonly Dictionary<string, string?> settings;
    private readonly string dataDirectory = Directory.CreateTempSubdirectory("sca-test-").FullName;

    private readonly Action<IServiceCollection>? configureServices;

    public AppHost(string environment = "Production", IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        this.environment = environment;
        this.configureServices = configureServices;
        this.settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(dataDirectory, "app.db")}",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }

        UseKestrel(0);
    }

    /// <summary>The folder holding this host's SQLite database (and, by default, its letters' outbox folder).</summary>
    public string DataDirectory => dataDirectory;

    /// <summary>The base address the app listens on, for example http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal) + "/");
        }
    }

    public Uri MessagesEndpoint => new(BaseAddress, "api/messages");

    /// <summary>A plain client for real HTTP into the app (not the in-memory test server).</summary>
    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        // UseSetting (not ConfigureAppConfiguration) so the values are there before Program reads them.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file briefly on some machines; the temp folder is harmless.
        }
    }
}
