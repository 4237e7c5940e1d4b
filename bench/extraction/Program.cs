using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using StaffConductAssistant.Email;
using StaffConductAssistant.Features.LogConcern;
using StaffConductAssistant.Policy;
using StaffConductAssistant.Tests.Email.Corpus;

// Usage: dotnet run -c Release --project bench/extraction [-- --misses | --html]
// Reads every email of the corpus through the app's DraftReader (shipped policy catalogue, the school's groups from
// appsettings.json) and prints right/accuracy/precision/recall per field; --misses lists every wrong field.
var corpus = CorpusScorer.FindCorpus(AppContext.BaseDirectory);
if (args.Contains("--html"))
{
    HtmlBench.Run(corpus);
    return;
}

var repo = Path.GetFullPath(Path.Combine(corpus, "..", "..", "..", ".."));
var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(repo, "src", "StaffConductAssistant", "appsettings.json"))
    .Build();
var reader = new DraftReader(PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy")), configuration);

EmailDraft? Read(byte[] raw)
{
    try
    {
        return reader.FromMime(raw).Draft;
    }
    catch (EmailReadException)
    {
        return null;
    }
}

CorpusScorer.Score(corpus, Read); // warm up the JIT
var clock = Stopwatch.StartNew();
var report = CorpusScorer.Score(corpus, Read);
clock.Stop();
Console.WriteLine("All emails");
Console.WriteLine(report.Table());
Console.WriteLine("Held out (written after tuning; kinds contain \"holdout\")");
Console.WriteLine(CorpusScorer.Score(corpus, Read, a => a.Kinds.Contains("holdout")).Table());
Console.WriteLine("Second held-out set (written after all tuning; kinds contain \"holdout2\")");
Console.WriteLine(CorpusScorer.Score(corpus, Read, a => a.Kinds.Contains("holdout2")).Table());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Read + extract: {clock.Elapsed.TotalMilliseconds / report.Emails:0.00} ms per email ({report.Emails} emails, {clock.Elapsed.TotalMilliseconds:0} ms)"));
if (args.Contains("--misses"))
{
    foreach (var m in report.Misses)
    {
        Console.WriteLine($"{m.File} {m.Field}: want {m.Expected} | got {m.Got}");
    }
}
