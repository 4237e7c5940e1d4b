using Microsoft.Extensions.Options;
using StaffConductAssistant.Graph;

namespace StaffConductAssistant.Identity;

/// <summary>
/// Which members of staff a concern names, by Entra object id, so the access rule can keep it from them. A name
/// matches every person with that surname (and first name or initial, when the email gives one): leaving out one
/// person too many is safer than showing a concern to the person it is about.
/// </summary>
public sealed partial class NamedStaff(IDirectoryGraph graph, IOptions<GraphOptions> graphOptions, IOptions<RolesOptions> roles, ILogger<NamedStaff> logger)
{
    private static readonly HashSet<string> Titles = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "miss", "ms", "mx", "dr", "prof", "sir", "madam", "mme", "rev", "fr", "sr",
    };

    public async Task<IReadOnlySet<string>> ResolveAsync(IEnumerable<string> names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (Parse(name) is not { } mentioned)
            {
                continue;
            }

            foreach (var (id, fullName) in roles.Value.StaffNames)
            {
                if (Matches(mentioned, fullName))
                {
                    found.Add(id);
                }
            }

            if (graphOptions.Value.IsConfigured)
            {
                try
                {
                    foreach (var (id, displayName) in await graph.UsersWithSurnameAsync(mentioned.Surname, ct))
                    {
                        if (Matches(mentioned, displayName) || mentioned.First is null)
                        {
                            found.Add(id);
                        }
                    }
                }
                catch (GraphUnavailableException)
                {
                    // SLT are told on the card that the named staff could not be checked (they can share or not).
                    Log.LookupFailed(logger);
                }
            }
        }

        return found;
    }

    /// <summary>A name as written in an email: "Mrs Smith", "Sarah Smith", "Mr J. Turner". Null when it has no surname.</summary>
    public static MentionedName? Parse(string? name)
    {
        var words = (name ?? string.Empty)
            .Split([' ', '\t', '.', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(w => !Titles.Contains(w))
            .ToList();
        return words.Count == 0 ? null : new MentionedName(words.Count > 1 ? words[0] : null, words[^1]);
    }

    /// <summary>Same surname; and when a first name or initial is given, it agrees with the person's first name.</summary>
    public static bool Matches(MentionedName mentioned, string fullName)
    {
        ArgumentNullException.ThrowIfNull(mentioned);
        if (Parse(fullName) is not { } person || !string.Equals(person.Surname, mentioned.Surname, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (mentioned.First is null || person.First is null)
        {
            return true;
        }

        return mentioned.First.Length == 1
            ? person.First.StartsWith(mentioned.First, StringComparison.OrdinalIgnoreCase)
            : string.Equals(person.First, mentioned.First, StringComparison.OrdinalIgnoreCase);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "The staff named in a concern could not be looked up in the directory")]
        public static partial void LookupFailed(ILogger logger);
    }
}

public sealed record MentionedName(string? First, string Surname);
