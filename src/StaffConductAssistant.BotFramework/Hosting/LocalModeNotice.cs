using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StaffConductAssistant.BotFramework.Hosting;

/// <summary>Says once, at start, that the bot accepts token-less loopback requests.</summary>
internal sealed class LocalModeNotice(IOptions<BotOptions> options, IHostEnvironment environment, ILogger<LocalModeNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.IsLocalMode(environment.IsDevelopment()))
        {
            Log.LocalModeEnabled(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
