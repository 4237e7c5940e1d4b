namespace StaffConductAssistant.Subjects;

/// <summary>What the matcher knows about one parent on record.</summary>
public sealed record ParentCandidate(int Id, string Name, IReadOnlyList<string> OtherNames, string? Email, IReadOnlyList<string> Groups);

/// <summary>Why a parent on record may be the one typed, strongest first.</summary>
public enum MatchReason
{
    /// <summary>The email address given is this parent's.</summary>
    SameEmail,

    /// <summary>The same name (or one of their other names), in the same group.</summary>
    SameNameSameGroup,

    /// <summary>A short form of the first name (Dan for Daniel), the same surname, in the same group.</summary>
    ShortFormSameGroup,

    /// <summary>The same name, in another group: a namesake as likely as the same person.</summary>
    SameNameOtherGroup,
}

public sealed record ParentSuggestion(ParentCandidate Parent, MatchReason Reason)
{
    public string Explanation => Reason switch
    {
        MatchReason.SameEmail => "same email address",
        MatchReason.SameNameSameGroup => "same name, same group",
        MatchReason.ShortFormSameGroup => "a short form of the name, same group",
        _ => "same name, another group",
    };
}

/// <summary>The matcher's answer: the likely parents, best first, and the one to link without asking, if any.</summary>
public sealed record ParentMatch(IReadOnlyList<ParentSuggestion> Suggestions, ParentCandidate? Automatic);

/// <summary>
/// Which parents on record the typed name may be (issue 11): the same email, the same name, or a short form of the
/// name in the same group. Only a single same-email or same-name-same-group match links without asking; a short form
/// or a namesake in another group is only offered, because merging two different people is worse than splitting one
/// (SLT can merge two records; unpicking one person into two is guesswork). Pure.
/// </summary>
public static class ParentMatcher
{
    public const int MaxSuggestions = 5;

    public static ParentMatch Match(string? typedName, string? group, string? email, IEnumerable<ParentCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var key = ParentNames.Key(typedName);
        var surname = ParentNames.SurnameKey(typedName);
        var first = ParentNames.FirstNameKey(typedName);
        var mail = NormaliseEmail(email);
        var suggestions = new List<ParentSuggestion>();
        foreach (var candidate in candidates)
        {
            if (Reason(candidate, key, surname, first, group, mail) is { } reason)
            {
                suggestions.Add(new ParentSuggestion(candidate, reason));
            }
        }

        var ordered = suggestions.OrderBy(s => s.Reason).ThenBy(s => s.Parent.Id).Take(MaxSuggestions).ToList();
        var strong = ordered.Where(s => s.Reason is MatchReason.SameEmail or MatchReason.SameNameSameGroup).ToList();
        var automatic = strong.Select(s => s.Parent.Id).Distinct().Count() == 1 ? strong[0].Parent : null;
        return new ParentMatch(ordered, automatic);
    }

    public static string? NormaliseEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    private static MatchReason? Reason(ParentCandidate c, string key, string surname, string? first, string? group, string? mail)
    {
        if (mail is not null && string.Equals(NormaliseEmail(c.Email), mail, StringComparison.Ordinal))
        {
            return MatchReason.SameEmail;
        }

        if (key.Length == 0)
        {
            return null;
        }

        var names = c.OtherNames.Prepend(c.Name).ToList();
        var inGroup = group is not null && c.Groups.Contains(group.Trim(), StringComparer.OrdinalIgnoreCase);
        var sameName = names.Any(n => ParentNames.Key(n) == key);
        if (sameName)
        {
            return inGroup ? MatchReason.SameNameSameGroup : MatchReason.SameNameOtherGroup;
        }

        if (inGroup && first is not null
            && names.Any(n => ParentNames.SurnameKey(n) == surname && ParentNames.SameFirstName(ParentNames.FirstNameKey(n), first)))
        {
            return MatchReason.ShortFormSameGroup;
        }

        return null;
    }
}
