using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;
using StaffConductAssistant.Email;

// Generates hostile-but-plausible emails and times EmailReader.Read + ConcernExtractor.Extract.
// Run in Release: dotnet run -c Release --project bench/email
var context = new ExtractionContext
{
    ConductCues =
    [
        new("staff-criticism", ["useless", "can't be bothered", "should not be teaching", "incompetent"]),
        new("threats", ["threat", "wait outside", "regret", "sort him out"]),
        new("commercial-links", ["discount", "code", "my business", "sign up", "petition", "fundraiser"]),
    ],
};

const string ParentBody = "Dear Mrs Jenkin,\n\nIn the Year 4 class WhatsApp group Daniel Price (dad of Oliver in 4T) posted that Miss Turner is \"useless and should not be teaching\". I am upset.\n\nHannah Okafor\n";

var scenarios = new (string Name, Func<byte[]> Build)[]
{
    ("20 MB email with attachments", BuildLargeEmail),
    ("200-deep message/rfc822 chain", () => BuildNested(200)),
    ("200-deep inline forward text", () => BuildInline(200)),
    ("1000-deep message/rfc822 chain (over the 500 cap)", () => BuildNested(1000)),
};

Console.WriteLine($"Machine: {Environment.ProcessorCount} CPUs, {CpuModel()}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine("| Scenario | Input size | Read + Extract (median of 5) | Allocated | Peak working set growth | Result |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, build) in scenarios)
{
    var bytes = build();
    Run(bytes, context); // Warm-up (JIT).
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    var workingSetBefore = process.WorkingSet64;
    var peakBefore = process.PeakWorkingSet64;
    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var times = new List<double>();
    string summary = string.Empty;
    for (var i = 0; i < 5; i++)
    {
        var watch = Stopwatch.StartNew();
        summary = Run(bytes, context);
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 5.0;
    process.Refresh();
    var peakGrowth = Math.Max(0, process.PeakWorkingSet64 - Math.Max(peakBefore, workingSetBefore));
    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {bytes.Length / 1048576.0:0.0} MB | {times[2]:0} ms | {allocated / 1048576.0:0.0} MB | {peakGrowth / 1048576.0:0.0} MB | {summary} |"));
}

static string Run(byte[] bytes, ExtractionContext context)
{
    using var stream = new MemoryStream(bytes, writable: false);
    var parsed = EmailReader.Read(stream);
    var draft = ConcernExtractor.Extract(parsed, context);
    return $"reporter {draft.Reporter?.Email}, chain {parsed.ForwardChain.Count}, {draft.Attachments.Count} files, group {draft.Group}, poster {draft.PostedBy}, {draft.Warnings.Count} warnings";
}

static byte[] BuildLargeEmail()
{
    var message = NewMessage("Hannah Okafor", "hannah@parent.example", "Year 4 WhatsApp group");
    var builder = new BodyBuilder { TextBody = ParentBody, HtmlBody = "<p>" + ParentBody.Replace("\n", "<br>", StringComparison.Ordinal) + "</p>" };
    var random = new Random(1);
    for (var i = 0; i < 5; i++)
    {
        var data = new byte[3 * 1024 * 1024 - 200_000];
        random.NextBytes(data);
        builder.Attachments.Add($"screenshot-{i}.png", data, new ContentType("image", "png"));
    }

    message.Body = builder.ToMessageBody();
    return ToBytes(message);
}

static byte[] BuildNested(int depth)
{
    var inner = NewMessage("Hannah Okafor", "hannah@parent.example", "Year 4 WhatsApp group");
    inner.Body = new TextPart("plain") { Text = ParentBody };
    for (var level = 0; level < depth; level++)
    {
        var outer = NewMessage("Forwarder " + level, $"f{level}@school.example", "FW: Year 4 WhatsApp group");
        var mixed = new Multipart("mixed")
        {
            new TextPart("plain") { Text = "See attached." },
            new MessagePart { Message = inner },
        };
        outer.Body = mixed;
        inner = outer;
    }

    return ToBytes(inner);
}

static byte[] BuildInline(int depth)
{
    var sb = new StringBuilder("Please see below.\n");
    for (var level = 0; level < depth; level++)
    {
        var isParent = level == depth - 1;
        sb.Append("\n-----Original Message-----\n")
          .Append(isParent ? "From: Hannah Okafor <hannah@parent.example>\n" : $"From: Forwarder {level} <f{level}@school.example>\n")
          .Append("Sent: 17 November 2026 22:40\nTo: Office <office@school.example>\nSubject: RE: Year 4 WhatsApp group\n\n")
          .Append(isParent ? ParentBody : "Passing this on.\n");
    }

    var message = NewMessage("Top Forwarder", "top@school.example", "FW: Year 4 WhatsApp group");
    message.Body = new TextPart("plain") { Text = sb.ToString() };
    return ToBytes(message);
}

static MimeMessage NewMessage(string name, string address, string subject)
{
    var m = new MimeMessage();
    m.From.Add(new MailboxAddress(name, address));
    m.To.Add(new MailboxAddress("Office", "office@school.example"));
    m.Subject = subject;
    m.Date = new DateTimeOffset(2026, 11, 16, 21, 14, 3, TimeSpan.Zero);
    m.MessageId = $"{Guid.NewGuid():N}@bench.example";
    return m;
}

static byte[] ToBytes(MimeMessage message)
{
    using var ms = new MemoryStream();
    message.WriteTo(ms);
    return ms.ToArray();
}

static string CpuModel()
{
    try
    {
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? "unknown CPU" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
    catch (IOException)
    {
        return "unknown CPU";
    }
}
