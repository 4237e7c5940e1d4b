namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>
/// Finds the repository root and the <c>shared/</c> folder that sits beside the clone
/// (CI clones the repository with <c>shared/</c> next to it).
/// </summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "StaffConductAssistant.sln")))
        ?? throw new InvalidOperationException("Could not find StaffConductAssistant.sln above " + AppContext.BaseDirectory);

    public static string Shared { get; } = FindUp(dir => Directory.Exists(Path.Combine(dir, "shared", "samples", "emails"))) is { } parent
        ? Path.Combine(parent, "shared")
        : throw new InvalidOperationException("Could not find the shared/ folder (with samples/emails) above " + AppContext.BaseDirectory);

    public static string SampleEmails => Path.Combine(Shared, "samples", "emails");

    public static string SharedPolicyText => Path.Combine(Shared, "policy", "whatsapp-groups-policy.txt");

    public static string NodeModules => Path.Combine(RepositoryRoot, "node_modules");

    private static string? FindUp(Func<string, bool> predicate)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (predicate(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
