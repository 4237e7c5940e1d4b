using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Features.Common;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.ReviewConcern;

/// <summary>
/// The concern as SLT, the person who logged it and the Headmistress see it: what happened, the conduct with the
/// policy's words, the parent's history, the policy's options ranked by the proportionality guide, what happens next.
/// Everything that came from an email goes through <see cref="AdaptiveText.Escape"/>.
/// </summary>
public static class ConcernCard
{
    public const string RefreshVerb = "refreshCase";

    public static AdaptiveCard Build(ConcernView view, PolicyCatalogue catalogue, ConcernCardOptions options)
    {
        var c = view.Concern;
        var body = new List<CardElement>
        {
            new TextBlock { Text = $"WhatsApp concern {CaseNumber(c.Id)}: {AdaptiveText.Escape(c.Group)}", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading },
            new TextBlock { Text = StateLine(c.State), Color = StateColour(c.State), Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.None },
            new FactSet
            {
                Facts =
                [
                    new Fact("Posted by", AdaptiveText.Escape(c.PostedBy)),
                    new Fact("Group", AdaptiveText.Escape(c.Group)),
                    new Fact("Reported by", AdaptiveText.Escape(c.ReporterName ?? "Not known")),
                    new Fact("Logged", c.LoggedAt.ToString("d MMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))),
                ],
            },
        };

        if (!string.IsNullOrWhiteSpace(c.Quote))
        {
            body.Add(new Container
            {
                Style = ContainerStyle.Emphasis,
                Items = [new TextBlock { Text = "“" + AdaptiveText.Escape(AdaptiveText.Truncate(c.Quote, 600)) + "”", Wrap = true }],
            });
        }

        if (view.NamedChildren.Count > 0 || c.ChildAtRisk)
        {
            body.Add(new TextBlock
            {
                Text = "A child is named or may be at risk: follow the school's safeguarding procedure and inform the Designated Safeguarding Lead.",
                Color = TextColor.Attention,
                Weight = TextWeight.Bolder,
                Wrap = true,
            });
        }

        body.Add(Heading("What the policy says about this"));
        foreach (var id in view.ConductIds)
        {
            if (catalogue.FindConduct(id) is { } conduct)
            {
                body.Add(new TextBlock { Text = conduct.Label, Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Small });
                body.Add(new TextBlock { Text = $"“{AdaptiveText.Escape(conduct.Quote)}” ({AdaptiveText.Escape(conduct.Heading)})", IsSubtle = true, Wrap = true, Spacing = Spacing.None });
            }
        }

        body.Add(Heading("This parent's history"));
        body.Add(new TextBlock { Text = AdaptiveText.Escape(view.Guidance.HistorySummary), Wrap = true });

        foreach (var flag in view.Guidance.Flags)
        {
            body.Add(new TextBlock { Text = AdaptiveText.Escape(flag.Message), Color = TextColor.Attention, Wrap = true });
        }

        body.Add(Heading("The policy's options, most proportionate first"));
        foreach (var ranked in view.Guidance.RankedOptions.Take(options.MaxOptions))
        {
            var marker = ranked.Indicated ? "Suggested" : "Possible";
            body.Add(new TextBlock { Text = $"{ranked.Rank}. {ranked.Option.Label} ({marker})", Weight = ranked.Indicated ? TextWeight.Bolder : TextWeight.Default, Wrap = true, Spacing = Spacing.Small });
            body.Add(new TextBlock { Text = AdaptiveText.Escape(ranked.Reason), Wrap = true, Spacing = Spacing.None });
            body.Add(new TextBlock { Text = $"Policy: “{AdaptiveText.Escape(ranked.Option.Quote)}”", IsSubtle = true, Wrap = true, Spacing = Spacing.None });
        }

        if (view.Guidance.Precedents.Count > 0)
        {
            body.Add(Heading("Similar earlier cases"));
            foreach (var precedent in view.Guidance.Precedents.Take(3))
            {
                body.Add(new TextBlock { Text = AdaptiveText.Escape(precedent.Summary), Wrap = true, Spacing = Spacing.Small });
            }
        }

        body.Add(new TextBlock { Text = AdaptiveText.Escape(view.Guidance.DecisionNote), IsSubtle = true, Wrap = true, Spacing = Spacing.Medium });
        body.Add(new TextBlock { Text = NextStep(c.State), Wrap = true, Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        if (options.Note is { Length: > 0 } note)
        {
            body.Add(new TextBlock { Text = note, Color = TextColor.Warning, Wrap = true });
        }

        var actions = new List<CardAction>();
        if (options.CaseUrl is { } caseUrl)
        {
            actions.Add(new OpenUrlAction { Title = "Open the case", Url = caseUrl });
        }

        return new AdaptiveCard
        {
            MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full },
            FallbackText = $"WhatsApp concern {CaseNumber(c.Id)}: {StateLine(c.State)}",
            Refresh = options.RefreshUserIds is null ? null : new CardRefresh
            {
                Action = new ExecuteAction { Title = "Refresh", Verb = RefreshVerb, Data = RefreshData(c.Id, c.Version) },
                UserIds = options.RefreshUserIds,
            },
            Body = body,
            Actions = actions.Count > 0 ? actions : null,
        };
    }

    public static JsonObject RefreshData(int concernId, int version) => new() { ["caseId"] = concernId, ["version"] = version };

    public static string CaseNumber(int id) => "#" + id.ToString(CultureInfo.InvariantCulture);

    public static string StateLine(CaseState state) => state switch
    {
        CaseState.Logged => "Logged: waiting for SLT to review",
        CaseState.UnderReview => "Under review by SLT",
        CaseState.Proposed => "Proposed response: waiting for the Headmistress's decision",
        CaseState.ChangesRequested => "The Headmistress asked for changes",
        CaseState.Approved => "Approved by the Headmistress",
        CaseState.Rejected => "Rejected: no response will be made",
        CaseState.ActionsInProgress => "Approved: actions in progress",
        CaseState.Closed => "Closed",
        CaseState.Withdrawn => "Withdrawn",
        _ => state.ToString(),
    };

    public static string NextStep(CaseState state) => state switch
    {
        CaseState.Logged or CaseState.UnderReview => "Next: SLT gather information, then propose a response to the Headmistress.",
        CaseState.ChangesRequested => "Next: SLT revise the proposal and send it back to the Headmistress.",
        CaseState.Proposed => "Next: the Headmistress approves, rejects or asks for changes.",
        CaseState.Approved or CaseState.ActionsInProgress => "Next: the approved actions are carried out and tracked.",
        _ => "Nothing more to do.",
    };

    private static TextColor StateColour(CaseState state) => state switch
    {
        CaseState.Approved or CaseState.ActionsInProgress or CaseState.Closed => TextColor.Good,
        CaseState.Rejected or CaseState.Withdrawn => TextColor.Default,
        CaseState.Proposed or CaseState.ChangesRequested => TextColor.Warning,
        _ => TextColor.Accent,
    };

    private static TextBlock Heading(string text) =>
        new() { Text = text, Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true };

}

/// <summary>How one copy of the card is built: for whom, with which note and links.</summary>
public sealed record ConcernCardOptions
{
    public IReadOnlyList<string>? RefreshUserIds { get; init; }

    public Uri? CaseUrl { get; init; }

    public string? Note { get; init; }

    public int MaxOptions { get; init; } = 7;
}
