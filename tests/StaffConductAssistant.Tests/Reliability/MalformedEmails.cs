using System.Text;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Malformed emails, seeded: garbage, forwards nested 1,000 deep (attached and multipart), a 20 MB one, 10,000 headers,
/// unknown and unsupported charsets, broken encodings and boundaries. Shared with bench/reliability (linked there).
/// </summary>
public static class MalformedEmails
{
    public static readonly string[] Charsets =
    [
        "utf-7", "x-unknown", "utf-32be", "utf-16", "ebcdic-cp-us", "iso-2022-jp", "gb18030", "koi8-r", "", "\"\"", "windows-99999", "x-mac-roman", "us-ascii\u0000", "big5",
    ];

    /// <summary>The <paramref name="index"/>th case (wraps round the kinds); the same index always gives the same bytes.</summary>
    public static (string Kind, byte[] Bytes) Case(int index, int seed = 16)
    {
        var random = new Random(seed * 100_003 + index);
        return (index % 14) switch
        {
            0 => ("garbage", Garbage(random, random.Next(1, 200_000))),
            1 => ("charset " + Charsets[index / 14 % Charsets.Length], Charset(Charsets[index / 14 % Charsets.Length], random)),
            2 => ("attached 1,000 deep", Nested(1000)),
            3 => ("multipart 1,000 deep", Multipart(1000)),
            4 => ("10,000 headers", ManyHeaders(10_000)),
            5 => ("broken base64", Plain("Content-Transfer-Encoding: base64\r\n", "!!!!not*base64=== \u00ff\r\n" + new string('=', 500))),
            6 => ("no closing boundary", Encoding.ASCII.GetBytes(Headers() + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello")),
            7 => ("headers only", Encoding.ASCII.GetBytes(Headers())),
            8 => ("NUL and control bytes", Plain("", "Dan Price wrote \u0000\u0001\u001b[31m useless \u0000" + new string('\u0007', 100))),
            9 => ("one 2 MB line", Plain("", new string('a', 2_000_000))),
            10 => ("bad encoded-word subject", Encoding.ASCII.GetBytes("From: a@b.example\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\nSubject: =?utf-7?Q?+AGE-?= =?x-bad?B?!!!?= =?utf-8?B?" + new string('A', 10_000) + "?=\r\nMessage-ID: <" + index + "@fuzz>\r\n\r\nbody")),
            11 => ("quoted-printable soup", Plain("Content-Transfer-Encoding: quoted-printable\r\n", string.Concat(Enumerable.Repeat("=ZZ=\r\n=0", 20_000)))),
            12 => ("inline forwards 1,000 deep", Plain("", string.Concat(Enumerable.Range(0, 1000).Select(i => $"-----Original Message-----\r\nFrom: p{i} <p{i}@x.example>\r\nSent: 1 December 2026 10:00\r\nSubject: fw\r\n\r\n"))) ),
            _ => ("mutated sample", Mutate(SampleBytes, random)),
        };
    }

    /// <summary>A 20 MB email: one big text body and a large attachment.</summary>
    public static byte[] Large(int megabytes = 20)
    {
        var sb = new StringBuilder(Headers());
        sb.Append("Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        sb.Append("Dan Price posted in the Year 4 group that Mrs Smith is useless.\r\n");
        sb.Append("--big\r\nContent-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var line = Convert.ToBase64String(new byte[57]) + "\r\n";
        while (sb.Length < megabytes * 1024 * 1024)
        {
            sb.Append(line);
        }

        sb.Append("--big--\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static readonly byte[] SampleBytes = Encoding.UTF8.GetBytes(Headers() + "Content-Type: text/plain; charset=utf-8\r\n\r\nDear Mrs Jenkin,\r\n\r\nIn the Year 4 WhatsApp group Dan Price posted that Mrs Smith is \"useless\".\r\n\r\nHannah\r\n");

    private static string Headers(string id = "fuzz") =>
        $"From: Hannah Okafor <hannah@parent.example>\r\nTo: office@school.example\r\nDate: Mon, 1 Dec 2026 10:00:00 +0000\r\nSubject: Year 4 group\r\nMessage-ID: <{id}-{Guid.NewGuid():N}@fuzz.example>\r\nMIME-Version: 1.0\r\n";

    private static byte[] Plain(string extraHeaders, string body) =>
        Encoding.UTF8.GetBytes(Headers() + "Content-Type: text/plain; charset=utf-8\r\n" + extraHeaders + "\r\n" + body);

    private static byte[] Charset(string charset, Random random)
    {
        var body = new byte[random.Next(10, 4000)];
        random.NextBytes(body);
        var text = "Dan Price posted that Mrs Smith is useless. +AGEAYgBj- ";
        return [.. Encoding.ASCII.GetBytes(Headers() + $"Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}"), .. body];
    }

    private static byte[] Garbage(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // Garbage that starts like an email, so the parser goes further in.
            var start = Encoding.ASCII.GetBytes("From: x@y.example\r\nSubject: ");
            start.CopyTo(bytes, 0);
        }

        return bytes;
    }

    private static byte[] Nested(int depth)
    {
        var inner = Encoding.ASCII.GetString(SampleBytes);
        for (var i = 0; i < depth; i++)
        {
            inner = Headers("n" + i) + $"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\nContent-Type: text/plain\r\n\r\nFwd\r\n--b{i}\r\nContent-Type: message/rfc822\r\n\r\n" + inner + $"\r\n--b{i}--\r\n";
        }

        return Encoding.ASCII.GetBytes(inner);
    }

    private static byte[] Multipart(int depth)
    {
        var sb = new StringBuilder(Headers());
        for (var i = 0; i < depth; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=\"m{i}\"\r\n\r\n--m{i}\r\n");
        }

        sb.Append("Content-Type: text/plain\r\n\r\nDan Price posted that Mrs Smith is useless.\r\n");
        for (var i = depth - 1; i >= 0; i--)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"--m{i}--\r\n");
        }

        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static byte[] ManyHeaders(int count)
    {
        var sb = new StringBuilder(Headers());
        for (var i = 0; i < count; i++)
        {
            sb.Append("X-Fuzz-").Append(i).Append(": ").Append(new string('v', 40)).Append("\r\n");
        }

        sb.Append("Content-Type: text/plain\r\n\r\nDan Price posted that Mrs Smith is useless.\r\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static byte[] Mutate(byte[] sample, Random random)
    {
        var bytes = (byte[])sample.Clone();
        for (var i = 0; i < 1 + random.Next(30); i++)
        {
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        }

        return bytes;
    }
}
