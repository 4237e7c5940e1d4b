namespace StaffConductAssistant.AdaptiveCards;

/// <summary>
/// Common input properties. The schema requires <c>id</c>; the official renderer reports
/// "All inputs must have a unique Id" otherwise, so here it is required at compile time.
/// </summary>
public abstract record CardInput : CardElement
{
    /// <summary>Hides the optional base id: for inputs it is mandatory (and must be unique in the card).</summary>
    public new required string Id
    {
        get => base.Id!;
        init => base.Id = value;
    }

    /// <summary>Visible label (1.3+); required inputs should have one (renderer hint).</summary>
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record InputText : CardInput
{
    public string? Placeholder { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    public string? Value { get; init; }

    /// <summary>ECMAScript regular expression the value must match.</summary>
    public string? Regex { get; init; }
}

public sealed record InputChoiceSet : CardInput
{
    public required IReadOnlyList<Choice> Choices { get; init; }

    public bool? IsMultiSelect { get; init; }

    public ChoiceInputStyle? Style { get; init; }

    /// <summary>Selected value(s); comma-separated when multi-select.</summary>
    public string? Value { get; init; }

    public string? Placeholder { get; init; }

    public bool? Wrap { get; init; }
}

public sealed record Choice(string Title, string Value);

public sealed record InputToggle : CardInput
{
    public required string Title { get; init; }

    public string? ValueOn { get; init; }

    public string? ValueOff { get; init; }

    public string? Value { get; init; }

    public bool? Wrap { get; init; }
}

/// <summary>Values are ISO "yyyy-MM-dd".</summary>
public sealed record InputDate : CardInput
{
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }

    public string? Placeholder { get; init; }
}

/// <summary>Values are "HH:mm".</summary>
public sealed record InputTime : CardInput
{
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }

    public string? Placeholder { get; init; }
}
