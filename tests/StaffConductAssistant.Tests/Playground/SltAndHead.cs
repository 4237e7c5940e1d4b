using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// The two people of a decision, each in their own Playground against one app in local mode: Alex Wilber as SLT, who
/// proposes, and Megan Bowen as Headmistress, who decides. The outbox is polled often so a test waits on the work, not
/// on the poll.
/// </summary>
internal static class SltAndHead
{
    public static AppHost StartApp() => new("Development", new Dictionary<string, string?>
    {
        [$"Roles:Users:{PlaygroundUser.AlexWilber.AadObjectId}"] = "Staff,Slt",
        [$"Roles:Users:{PlaygroundUser.MeganBowen.AadObjectId}"] = "Staff,Headmistress",
        ["Outbox:PollInterval"] = "00:00:00.050",
    });

    public static async Task<(PlaygroundInstance Slt, PlaygroundInstance Head)> StartPlaygroundsAsync(AppHost app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var endpoint = app.MessagesEndpoint;
        var started = await Task.WhenAll(
            PlaygroundInstance.StartAsync(endpoint, PlaygroundUser.AlexWilber),
            PlaygroundInstance.StartAsync(endpoint, PlaygroundUser.MeganBowen));
        return (started[0], started[1]);
    }
}
