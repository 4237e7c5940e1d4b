namespace StaffConductAssistant.Hosting;

/// <summary>
/// Where the app finds appsettings.json and wwwroot. ASP.NET Core takes the working directory as the content root, so
/// `dotnet /app/StaffConductAssistant.dll` run from another folder found neither its settings nor its pages. When the
/// working directory has no appsettings.json, the folder of the app's own dll is the content root instead.
/// </summary>
public static class AppContentRoot
{
    public static WebApplicationOptions Options(string[] args)
    {
        var workingDirectory = Directory.GetCurrentDirectory();
        var beside = AppContext.BaseDirectory;
        var useBeside = !File.Exists(Path.Combine(workingDirectory, "appsettings.json")) && File.Exists(Path.Combine(beside, "appsettings.json"));
        return new WebApplicationOptions { Args = args, ContentRootPath = useBeside ? beside : null };
    }
}
