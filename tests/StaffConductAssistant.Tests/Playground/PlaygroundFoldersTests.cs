using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Playground;

/// <summary>
/// The README's "be someone else" step runs a second Playground from playground/&lt;person&gt;/: each folder's
/// .m365agentsplayground.yml must be the one the Playground tests prove it accepts (a config it rejects makes it exit
/// with no message).
/// </summary>
public sealed class PlaygroundFoldersTests
{
    public static TheoryData<string, string> Folders => new()
    {
        { "megan-bowen", PlaygroundUser.MeganBowen.Id },
        { "isaiah-langer", PlaygroundUser.IsaiahLanger.Id },
        { "adele-vance", PlaygroundUser.AdeleVance.Id },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public void Each_person_folder_holds_the_config_the_Playground_accepts(string folder, string userId)
    {
        var user = PlaygroundUser.All.Single(u => u.Id == userId);
        var path = Path.Combine(TestPaths.RepositoryRoot, "playground", folder, ".m365agentsplayground.yml");

        Assert.True(File.Exists(path), $"{path} is missing: it should hold {Environment.NewLine}{PlaygroundInstance.Config(user)}");
        Assert.Equal(PlaygroundInstance.Config(user).ReplaceLineEndings("\n"), File.ReadAllText(path).ReplaceLineEndings("\n"));
    }
}
