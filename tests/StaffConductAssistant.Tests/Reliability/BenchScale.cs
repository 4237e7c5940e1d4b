using System.Globalization;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// The reliability tests run a short form in the suite; bench/reliability/run.sh sets SCA_RELIABILITY_* to run the
/// full counts and SCA_RELIABILITY_REPORT to a file the figures are appended to (figures never decide a test).
/// </summary>
public static class BenchScale
{
    public static int Count(string name, int shortForm) =>
        int.TryParse(Environment.GetEnvironmentVariable("SCA_RELIABILITY_" + name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : shortForm;

    public static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("SCA_RELIABILITY_REPORT") is { Length: > 0 } path)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    /// <summary>This process's resident set now and at its peak, in MB (/proc/self/status VmRSS, VmHWM).</summary>
    public static (double Rss, double Peak) Memory()
    {
        double Read(string key) => File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).FirstOrDefault();
        return (Read("VmRSS:"), Read("VmHWM:"));
    }
}
