using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Email;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.LogConcern;

/// <summary>
/// The "Log WhatsApp concern" dialog: every field prefilled from the email, each saying where it came from,
/// and every field can be corrected. Text shown in TextBlocks (which render markdown) is escaped; input values
/// are shown literally by the client, so they carry the email's plain text as it is.
/// </summary>
public static class ConcernFormCard
{
    public const string SubmitTitle = "Log concern";

    public static AdaptiveCard Build(Guid draftId, ConcernForm values, EmailDraft draft, PolicyCatalogue catalogue, IReadOnlyDictionary<string, string>? errors = null, Subjects.ParentMatch? parents = null)
    {
        errors ??= new Dictionary<string, string>();
        var body = new List<CardElement>
        {
            new TextBlock { Text = "Log a WhatsApp group concern", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading },
            new TextBlock { Text = "I've filled this in from the email. Check each part and correct anything that's wrong.", Wrap = true, Spacing = Spacing.None },
        };

        if (errors.Count > 0)
        {
            body.Add(Notice("Please fix the parts marked below. Nothing has been logged yet.", ContainerStyle.Attention));
        }

        foreach (var warning in draft.Warnings)
        {
            body.Add(Notice(AdaptiveText.Escape(warning), ContainerStyle.Warning));
        }

        body.Add(Section("The parent who wrote to the school"));
        body.AddRange(Text("reporterName", "Their name", values.ReporterName, draft.SourceOf("reporter"), errors));
        body.AddRange(Text("reporterEmail", "Their email address", values.ReporterEmail, null, errors));
        body.AddRange(Text("sentAt", "When they sent it", values.SentAt, draft.SourceOf("sentAt"), errors, placeholder: "e.g. 16 Nov 2026 21:14"));

        body.Add(Section("What happened in the WhatsApp group"));
        body.AddRange(Text("group", "Class or year group", values.Group, draft.SourceOf("group"), errors, required: true, placeholder: "e.g. Year 4, Reception Robins"));
        body.AddRange(Text("postedBy", "The parent who posted it", values.PostedBy, draft.SourceOf("postedBy"), errors, required: true));
        body.AddRange(ParentChoices(values, parents, errors));
        body.AddRange(Text("quote", "What was posted", values.Quote, draft.SourceOf("quote"), errors, required: true, multiline: true));
        body.AddRange(Text("namedChildren", "Children named (separate with commas)", string.Join(", ", values.NamedChildren), draft.SourceOf("namedChildren"), errors));
        body.AddRange(Text("namedStaff", "Staff named (separate with commas)", string.Join(", ", values.NamedStaff), draft.SourceOf("namedStaff"), errors));
        body.Add(new InputToggle
        {
            Id = "childAtRisk",
            Title = "A child may be at risk or is being bullied (the safeguarding procedure applies)",
            Value = values.ChildAtRisk ? "true" : "false",
            ValueOn = "true",
            ValueOff = "false",
            Wrap = true,
        });

        body.Add(Section("Which part of the policy it may breach"));
        body.Add(new InputChoiceSet
        {
            Id = "conduct",
            Label = "Conduct the policy names (choose all that apply)",
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Expanded,
            Wrap = true,
            IsRequired = true,
            ErrorMessage = errors.GetValueOrDefault("conduct") ?? "Choose at least one.",
            Choices = [.. catalogue.Conduct.Select(c => new Choice(c.Label, c.Id))],
            Value = values.Conduct.Count > 0 ? string.Join(',', values.Conduct) : null,
        });
        if (errors.TryGetValue("conduct", out var conductError))
        {
            body.Add(new TextBlock { Text = AdaptiveText.Escape(conductError), Color = TextColor.Attention, Wrap = true, Spacing = Spacing.None });
        }

        foreach (var suggestion in draft.Suggestions)
        {
            if (catalogue.FindConduct(suggestion.ConductId) is { } conduct)
            {
                var words = string.Join(", ", suggestion.Words.Select(w => "“" + AdaptiveText.Escape(w) + "”"));
                body.Add(new TextBlock { Text = $"Suggested “{AdaptiveText.Escape(conduct.Label)}” because the email says {words}.", IsSubtle = true, Wrap = true, Spacing = Spacing.Small });
            }
        }

        body.Add(Section("Evidence kept with the concern"));
        if (draft.Attachments.Count == 0)
        {
            body.Add(new TextBlock { Text = "The email itself. It had no attachments.", Wrap = true });
        }
        else
        {
            body.Add(new FactSet
            {
                Facts = [.. draft.Attachments.Select(a => new Fact(AdaptiveText.Escape(a.Name), $"{AdaptiveText.Escape(a.ContentType)}, {Size(a.Size)}"))],
            });
        }

        body.AddRange(Text("notes", "Anything else SLT should know (optional)", values.Notes, null, errors, multiline: true));

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new SubmitAction { Title = SubmitTitle, Style = ActionStyle.Positive, Data = new JsonObject { ["draftId"] = draftId.ToString() } },
            ],
        };
    }

    /// <summary>
    /// "Which parent is this?": the records the name may be (SLT only; see <see cref="ParentChoice"/>), and a new record.
    /// The likely one is chosen already; a short form or a namesake elsewhere is offered, never chosen for them.
    /// </summary>
    private static IEnumerable<CardElement> ParentChoices(ConcernForm values, Subjects.ParentMatch? parents, IReadOnlyDictionary<string, string> errors)
    {
        if (parents is not { Suggestions.Count: > 0 })
        {
            yield break;
        }

        var options = ParentOption.From(parents.Suggestions);
        yield return new InputChoiceSet
        {
            Id = "parentId",
            Label = "Which parent is this? These parents are on record already",
            Style = ChoiceInputStyle.Expanded,
            Wrap = true,
            IsRequired = true,
            ErrorMessage = errors.GetValueOrDefault("parentId") ?? "Choose one.",
            Choices = [.. options.Select(o => new Choice(o.Title, o.Id.ToString(CultureInfo.InvariantCulture))), new Choice("Someone else: a new parent record", ParentChoice.NewValue)],
            Value = values.ParentId ?? parents.Automatic?.Id.ToString(CultureInfo.InvariantCulture),
        };
        if (errors.TryGetValue("parentId", out var error))
        {
            yield return new TextBlock { Text = AdaptiveText.Escape(error), Color = TextColor.Attention, Wrap = true, Spacing = Spacing.None };
        }
    }

    /// <summary>A short card for the dialog when there is nothing to fill in, or the email was already logged.</summary>
    public static AdaptiveCard Message(string title, string text, Uri? link = null, string? linkTitle = null) => new()
    {
        Body =
        [
            new TextBlock { Text = title, Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading },
            new TextBlock { Text = text, Wrap = true },
        ],
        Actions = link is null ? null : [new OpenUrlAction { Title = linkTitle ?? "Open", Url = link }],
    };

    private static IEnumerable<CardElement> Text(string id, string label, string? value, FieldSource? source, IReadOnlyDictionary<string, string> errors, bool required = false, bool multiline = false, string? placeholder = null)
    {
        yield return new InputText
        {
            Id = id,
            Label = label,
            Value = value,
            IsRequired = required ? true : null,
            ErrorMessage = errors.GetValueOrDefault(id) ?? (required ? "This is needed." : null),
            IsMultiline = multiline ? true : null,
            MaxLength = multiline ? ConcernForm.MaxText : 200,
            Placeholder = placeholder,
        };

        if (errors.TryGetValue(id, out var error))
        {
            yield return new TextBlock { Text = AdaptiveText.Escape(error), Color = TextColor.Attention, Wrap = true, Spacing = Spacing.None };
        }

        // Extraction is explainable: each prefilled field says where in the email it came from.
        if (source is not null && !string.IsNullOrWhiteSpace(value))
        {
            yield return new TextBlock { Text = "Found in " + AdaptiveText.Escape(AdaptiveText.Truncate(source.Explanation, 160)), IsSubtle = true, Size = TextSize.Small, Wrap = true, Spacing = Spacing.None };
        }
    }

    private static TextBlock Section(string text) =>
        new() { Text = text, Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true };

    private static Container Notice(string text, ContainerStyle style) =>
        new() { Style = style, Items = [new TextBlock { Text = text, Wrap = true }] };

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };
}
