using System.Text.Json.Nodes;

namespace StaffConductAssistant.Tests.Reliability;

/// <summary>
/// Seeded, deterministic mutations of a JSON body: one node replaced by a value of another JSON kind (or an extreme of
/// its own), removed, or its text mangled. The same seed gives the same bodies on every run, so a failure is repeatable.
/// Shared with bench/reliability (linked there), which runs it at 10,000 bodies.
/// </summary>
public sealed class JsonMutator(int seed)
{
    private static readonly Func<Random, JsonNode?>[] Replacements =
    [
        _ => null,
        _ => new JsonObject(),
        _ => new JsonArray(),
        _ => JsonValue.Create(true),
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(long.MinValue),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(-2.5),
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("\u0000\uFFFD\uD83D"),
        r => JsonValue.Create(new string('x', r.Next(1, 40_000))),
        _ => JsonValue.Create("99999999999999999999999"),
        _ => JsonValue.Create("2026-13-45T99:99:99Z"),
        _ => Deep(200),
        _ => new JsonArray(new JsonObject { ["a"] = 1 }, JsonValue.Create("b")),
    ];

    private readonly Random random = new(seed);

    /// <summary>A mutated copy of <paramref name="body"/>; the original is untouched. <paramref name="path"/> says what changed.</summary>
    public JsonNode Mutate(JsonNode body, out string path)
    {
        var copy = body.DeepClone();
        var nodes = new List<(JsonNode? Parent, string? Key, int Index, string Path)>();
        Collect(copy, null, null, -1, "$", nodes);

        // Never the root itself: a non-object body is covered by the endpoint's own tests.
        var pick = nodes[1 + random.Next(nodes.Count - 1)];
        path = pick.Path;
        var mode = random.Next(10);
        var current = pick.Key is not null ? ((JsonObject)pick.Parent!)[pick.Key] : ((JsonArray)pick.Parent!)[pick.Index];
        JsonNode? replacement = mode switch
        {
            < 6 => Replacements[random.Next(Replacements.Length)](random),
            < 8 when current is JsonValue v && v.TryGetValue<string>(out var s) => JsonValue.Create(Mangle(s)),
            < 8 => JsonValue.Create(random.NextInt64(long.MinValue, long.MaxValue)),
            _ => null,
        };

        if (mode >= 8 && pick.Key is not null)
        {
            ((JsonObject)pick.Parent!).Remove(pick.Key);
            path += " (removed)";
            return copy;
        }

        if (pick.Key is not null)
        {
            ((JsonObject)pick.Parent!)[pick.Key] = replacement;
        }
        else
        {
            ((JsonArray)pick.Parent!)[pick.Index] = replacement;
        }

        path += " = " + (replacement?.ToJsonString() is { } text ? text[..Math.Min(40, text.Length)] : "null");
        return copy;
    }

    private string Mangle(string s) => random.Next(4) switch
    {
        0 => s.Length > 1 ? s[..random.Next(s.Length)] : s + s,
        1 => s + new string((char)random.Next(1, 0xD7FF), random.Next(1, 50)),
        2 => s.ToUpperInvariant(),
        _ => new string(s.Reverse().ToArray()),
    };

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static void Collect(JsonNode? node, JsonNode? parent, string? key, int index, string path, List<(JsonNode?, string?, int, string)> into)
    {
        into.Add((parent, key, index, path));
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, child) in o.ToList())
                {
                    Collect(child, o, k, -1, path + "." + k, into);
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    Collect(a[i], a, null, i, path + "[" + i + "]", into);
                }

                break;
        }
    }
}
