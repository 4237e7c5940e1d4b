using System.Globalization;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.ProposeResponse;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Features.CaseCard;

/// <summary>What someone had typed into the propose form, shown again when something needs fixing.</summary>
public sealed record ProposalForm(IReadOnlyList<string> ResponseIds, string? Reason, string? LetterTemplateId, string? LetterText, string? LetterRecipient);

/// <summary>
/// The concern as SLT, the person who logged it and the Headmistress see it: what happened, the conduct with the
/// policy's words, the parent's history, the policy's options ranked by the proportionality guide, the proposal and
/// decision, what has happened so far and what happens next. Adaptive Card 1.5 with Action.Execute and <c>refresh</c>
/// (Universal Actions, teams-protocol.md §6). Everything that came from an email or a person goes through
/// <see cref="AdaptiveText.Escape"/>. Built in sections; which forms and buttons it has comes only from the access
/// rule's allowed operations for the person (or audience) it is drawn for.
/// </summary>
public static class ConcernCard
{
    public const string NoLetter = "none";

    /// <summary>The id of the hidden part of the card that "Show more" reveals.</summary>
    public const string MoreId = "more";

    /// <summary>The id of the hidden letter editor on the decider's card.</summary>
    public const string LetterEditorId = "letterEditor";

    /// <summary>
    /// The card in sections, phone first: what the case is and where it stands, who, what and where, what the guide
    /// suggests (or what was proposed and decided), the next step, then the forms. The quotes, every option, the
    /// history and the trail are behind "Show more" (Action.ToggleVisibility, schema 1.2+). A further section is one
    /// more <c>AddX(card)</c> call here.
    /// </summary>
    public static AdaptiveCard Build(CaseView view, PolicyCatalogue catalogue, ConcernCardOptions options)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(options);
        var card = new Draft(view, catalogue, options);
        AddHeader(card);
        AddSafeguarding(card);
        AddWhoWhatWhere(card);
        AddSuggested(card);
        AddProposal(card);
        AddDecision(card);
        ScheduleMeeting.MeetingCardSection.Add(card.Body, card.Concern, card.Data, card.Allowed);
        Tasks.TaskCardSection.Add(card.Body, card.Concern, card.Data, card.Options, card.Catalogue);
        SiteBans.SiteBanCardSection.Add(card.Body, card.Concern, card.Data, card.Options);
        AddNextStep(card);
        Retention.LegalHoldCardSection.Add(card.More, view.Hold, card.Data, card.Allowed, card.Options.Shared);
        AddMore(card);
        AddForms(card);
        return card.ToCard();
    }

    /// <summary>One card being built: the visible body, the part behind "Show more", and where the note goes.</summary>
    private sealed class Draft(CaseView view, PolicyCatalogue catalogue, ConcernCardOptions options)
    {
        public CaseView View { get; } = view;

        public Concern Concern => View.Concern;

        public PolicyCatalogue Catalogue { get; } = catalogue;

        public ConcernCardOptions Options { get; } = options;

        public IReadOnlySet<CaseOperation> Allowed => Options.Allowed;

        public JsonObject Data { get; } = ActionData(view.Concern, options.IssuedAt);

        public List<CardElement> Body { get; } = [];

        public List<CardElement> More { get; } = [];

        public bool ShowsProposeForm => !Options.Shared && Allowed.Contains(CaseOperation.Propose);

        public bool ShowsDecisionForm => !Options.Shared && Allowed.Contains(CaseOperation.Approve);

        public bool ShowsActionButtons => Concern.Actions.Count > 0 && Concern.State == CaseState.ActionsInProgress && Allowed.Contains(CaseOperation.CompleteAction);

        public bool ShowsSafeguardingForm => !Options.Shared && Allowed.Contains(CaseOperation.RecordSafeguarding) && Concern.SafeguardingHandledAt is null;

        private bool notePlaced;

        /// <summary>
        /// Where the note goes: a problem stands next to the buttons that were pressed (on a long card the top is
        /// out of sight); anything else, or a problem whose buttons are no longer on the card, goes at the top.
        /// </summary>
        public NoteSection NoteSection
        {
            get
            {
                if (!Options.NoteIsProblem)
                {
                    return NoteSection.Top;
                }

                var section = Options.NoteVerb switch
                {
                    CaseVerbs.Propose or CaseVerbs.FillLetter or CaseVerbs.Withdraw when ShowsProposeForm => NoteSection.ProposeForm,
                    CaseVerbs.Approve or CaseVerbs.Reject or CaseVerbs.RequestChanges when ShowsDecisionForm => NoteSection.DecisionForm,
                    CaseVerbs.CompleteAction or CaseVerbs.RetryLetter or CaseVerbs.BookMeeting when ShowsActionButtons => NoteSection.Actions,
                    CaseVerbs.RecordSafeguarding when ShowsSafeguardingForm => NoteSection.SafeguardingForm,
                    _ => NoteSection.Top,
                };
                return section;
            }
        }

        /// <summary>Adds the note here if this is its section.</summary>
        public void NoteHere(NoteSection section, List<CardElement> into)
        {
            if (notePlaced || Options.Note is not { Length: > 0 } note || section != NoteSection)
            {
                return;
            }

            notePlaced = true;
            into.Add(new Container
            {
                Style = Options.NoteIsProblem ? ContainerStyle.Attention : ContainerStyle.Good,
                Items = [new TextBlock { Text = AdaptiveText.Escape(note), Wrap = true, Weight = TextWeight.Bolder }],
            });
        }

        public AdaptiveCard ToCard()
        {
            var c = Concern;
            return new AdaptiveCard
            {
                MsTeams = new TeamsCardProperties { Width = TeamsCardWidth.Full },
                FallbackText = $"WhatsApp concern {CaseNumber(c.Id)}: {StateLine(c)}",
                Refresh = Options.RefreshUserIds is null ? null : new CardRefresh
                {
                    Action = new ExecuteAction { Title = "Refresh", Verb = CaseVerbs.Refresh, Data = RefreshData(c.Id, c.Version) },
                    UserIds = Options.RefreshUserIds,
                },
                Body = Body,
            };
        }
    }

    private enum NoteSection
    {
        Top,
        ProposeForm,
        DecisionForm,
        Actions,
        SafeguardingForm,
    }

    private static void AddHeader(Draft card)
    {
        var c = card.Concern;
        var body = card.Body;
        body.Add(new TextBlock { Text = $"WhatsApp concern {CaseNumber(c.Id)}: {AdaptiveText.Escape(c.Group)}", Size = TextSize.Large, Weight = TextWeight.Bolder, Wrap = true, Style = TextBlockStyle.Heading });
        body.Add(new TextBlock { Text = StateLine(c), Color = StateColour(c.State), Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.None });
        if (IsOverdue(c, card.Options))
        {
            body.Add(new TextBlock
            {
                Text = $"Overdue: waiting for a decision since {When(c.ProposedAt!.Value)}." + (c.ReminderSentAt is null ? string.Empty : " The Headmistress has been reminded."),
                Color = TextColor.Attention,
                Weight = TextWeight.Bolder,
                Wrap = true,
                Spacing = Spacing.None,
            });
        }

        // Near the top, so on a phone the answer to what they just did is the first thing they read.
        card.NoteHere(NoteSection.Top, body);

        if (c.HeadmistressDeliveryProblem is { Length: > 0 } problem && c.State == CaseState.Proposed)
        {
            body.Add(new Container
            {
                Style = ContainerStyle.Warning,
                Items = [new TextBlock { Text = AdaptiveText.Escape(problem), Wrap = true }],
            });
        }
    }

    /// <summary>Who posted, in which group, what kind of conduct, who reported it and when it was logged.</summary>
    private static void AddWhoWhatWhere(Draft card)
    {
        var c = card.Concern;
        var labels = card.View.ConductIds.Select(id => card.Catalogue.FindConduct(id)?.Label).OfType<string>().ToList();
        card.Body.Add(new TextBlock { Text = $"Posted by {AdaptiveText.Escape(c.PostedBy)} in the {AdaptiveText.Escape(c.Group)} group", Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Medium });
        if (labels.Count > 0)
        {
            card.Body.Add(new TextBlock { Text = string.Join("; ", labels), Wrap = true, Spacing = Spacing.None });
        }

        card.Body.Add(new TextBlock
        {
            Text = $"Reported by {AdaptiveText.Escape(c.ReporterName ?? "someone not known")}; logged {When(c.LoggedAt)}" + (c.LoggedByName is { Length: > 0 } by ? " by " + AdaptiveText.Escape(by) : string.Empty),
            IsSubtle = true,
            Wrap = true,
            Spacing = Spacing.None,
        });

        // Warnings from the guide (threats, defamation, a child) stay in view: they change what must happen today.
        foreach (var flag in card.View.Guidance.Flags.Where(f => f.Kind != GuidanceFlagKind.Safeguarding || !c.Safeguarding))
        {
            card.Body.Add(new TextBlock { Text = AdaptiveText.Escape(WithoutQuote(flag.Message)), Color = TextColor.Attention, Wrap = true, Spacing = Spacing.Small });
        }
    }

    /// <summary>A guide flag without its trailing policy quote: the quote is behind "Show more", with the options.</summary>
    private static string WithoutQuote(string message)
    {
        var at = message.IndexOf(" The policy: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    /// <summary>While SLT choose: the options the guide recommends (at most three), each with its one-line reason.</summary>
    private static void AddSuggested(Draft card)
    {
        if (!IsOpenForProposal(card.Concern.State))
        {
            return;
        }

        var suggested = card.View.Guidance.RankedOptions.Where(r => r.Indicated).ToList();
        card.Body.Add(Heading("Suggested by the policy guide"));
        foreach (var ranked in suggested)
        {
            card.Body.Add(new TextBlock { Text = ranked.Option.Label, Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Small });
            card.Body.Add(new TextBlock { Text = AdaptiveText.Escape(ranked.Reason), Wrap = true, Spacing = Spacing.None });
        }
    }

    private static void AddNextStep(Draft card)
    {
        // The decider's own card ends in her form: "the Headmistress approves, rejects or asks for changes" is what
        // its three buttons already say.
        if (card.ShowsDecisionForm)
        {
            return;
        }

        card.Body.Add(new TextBlock { Text = NextStep(card.Concern.State), Wrap = true, Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
    }

    /// <summary>
    /// Behind "Show more": the message, the policy's words, every option, the letter (for those not deciding it), the
    /// history, precedents, a closed case's safeguarding record and the trail.
    /// </summary>
    private static void AddMore(Draft card)
    {
        var view = card.View;
        var c = card.Concern;
        var more = card.More;
        if (!string.IsNullOrWhiteSpace(c.Quote))
        {
            more.Add(Heading("What was posted"));
            more.Add(new Container
            {
                Style = ContainerStyle.Emphasis,
                Items = [new TextBlock { Text = "“" + AdaptiveText.Escape(AdaptiveText.Truncate(c.Quote, 600)) + "”", Wrap = true }],
            });
        }

        if (view.ConductIds.Count > 0)
        {
            more.Add(Heading("What the policy says about this"));
            foreach (var id in view.ConductIds)
            {
                if (card.Catalogue.FindConduct(id) is { } conduct)
                {
                    more.Add(new TextBlock { Text = conduct.Label, Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Small });
                    more.Add(new TextBlock { Text = Cited(conduct.Quote, conduct.CitedHeading), IsSubtle = true, Wrap = true, Spacing = Spacing.None });
                }
            }
        }

        AddProposalDetails(card);

        if (IsOpenForProposal(c.State))
        {
            AddRankedOptions(more, view, card.Options);
        }

        more.Add(Heading("This parent's history"));
        more.Add(new TextBlock
        {
            Text = AdaptiveText.Escape(view.Guidance.HistorySummary)
                + (view.Guidance.LatestEarlier is { } latest ? $" The latest, logged {Day(latest.LoggedAt)}: {AdaptiveText.Escape(latest.Outcome)}." : string.Empty),
            Wrap = true,
        });
        if (view.Guidance.Precedents.Count > 0)
        {
            more.Add(Heading("Similar earlier cases"));
            foreach (var precedent in view.Guidance.Precedents.Take(3))
            {
                more.Add(new TextBlock { Text = $"{Day(precedent.LoggedAt)}, {AdaptiveText.Escape(precedent.Summary)}", Wrap = true, Spacing = Spacing.Small });
            }
        }

        if (IsFinished(c.State) && SafeguardingBanner(view) is { } banner)
        {
            // A closed case keeps its safeguarding record, in its history rather than as a banner over the outcome.
            more.Add(Heading("Safeguarding"));
            more.AddRange(banner);
        }

        AddAudit(more, view);
        more.Add(new TextBlock { Text = AdaptiveText.Escape(view.Guidance.DecisionNote), IsSubtle = true, Wrap = true, Spacing = Spacing.Medium });
        more.Add(new ActionSet { Actions = [new ToggleVisibilityAction { Title = "Show less", TargetElements = [MoreId] }] });

        // "Open the case" on the same row: on a phone every row of buttons costs a line.
        card.Body.Add(new ActionSet
        {
            Actions =
            [
                new ToggleVisibilityAction { Title = "Show more", TargetElements = [MoreId] },
                .. card.Options.CaseUrl is { } caseUrl ? new CardAction[] { new OpenUrlAction { Title = "Open the case", Url = caseUrl } } : [],
            ],
        });
        card.Body.Add(new Container { Id = MoreId, IsVisible = false, Items = more, Spacing = Spacing.None });
    }

    /// <summary>The forms and buttons for whoever the card is drawn for; a shared copy carries only the way in.</summary>
    private static void AddForms(Draft card)
    {
        var c = card.Concern;
        var allowed = card.Allowed;
        if (card.Options.Shared)
        {
            if (allowed.Contains(CaseOperation.StartReview) || allowed.Contains(CaseOperation.Propose))
            {
                card.Body.Add(new ActionSet
                {
                    Actions = [new ExecuteAction { Title = c.State == CaseState.Logged ? "Review and propose a response" : "Open the proposal form", Verb = CaseVerbs.StartReview, Data = card.Data.DeepClone() }],
                });
            }

            return;
        }

        if (card.ShowsProposeForm)
        {
            AddProposeForm(card, allowed.Contains(CaseOperation.Withdraw));
        }

        if (card.ShowsDecisionForm)
        {
            AddDecisionForm(card);
        }

        if (card.ShowsSafeguardingForm)
        {
            AddSafeguardingForm(card);
        }
    }

    private static bool IsFinished(CaseState state) => state is CaseState.Closed or CaseState.Rejected or CaseState.Withdrawn;

    /// <summary>A policy quote, with its heading only where the heading says something (<see cref="PolicyHeadings.Cited"/>).</summary>
    private static string Cited(string quote, string? heading) =>
        $"“{AdaptiveText.Escape(quote)}”" + (heading is null ? string.Empty : $" ({AdaptiveText.Escape(heading)})");

    public static JsonObject RefreshData(int concernId, int version) => new() { ["caseId"] = concernId, ["version"] = version };

    /// <summary>What every button carries: the case, the version it was drawn at, the proposal it shows, when it was drawn.</summary>
    public static JsonObject ActionData(Concern concern, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(concern);
        return new JsonObject
        {
            ["caseId"] = concern.Id,
            ["version"] = concern.Version,
            ["proposalVersion"] = concern.ProposalVersion,
            ["issuedAt"] = issuedAt.ToUnixTimeSeconds(),
        };
    }

    public static string CaseNumber(int id) => "#" + id.ToString(CultureInfo.InvariantCulture);

    public static bool IsOpenForProposal(CaseState state) => state is CaseState.Logged or CaseState.UnderReview or CaseState.ChangesRequested;

    public static bool IsOverdue(Concern concern, ConcernCardOptions options)
    {
        ArgumentNullException.ThrowIfNull(concern);
        ArgumentNullException.ThrowIfNull(options);
        return concern.State == CaseState.Proposed && concern.ProposedAt is { } at && options.RemindAfter > TimeSpan.Zero && options.Now >= at + options.RemindAfter;
    }

    public static string StateLine(Concern concern)
    {
        ArgumentNullException.ThrowIfNull(concern);
        var by = concern.DecidedByName is { Length: > 0 } name ? AdaptiveText.Escape(name) : null;
        var role = concern.DecidedByRole == StaffRole.ActingHeadmistress ? "the acting Headmistress" : "the Headmistress";
        return concern.State switch
        {
            CaseState.Logged => "Logged: waiting for SLT to review",
            CaseState.UnderReview => "Under review by SLT",
            CaseState.Proposed => "Proposed: waiting for the Headmistress's decision",
            CaseState.ChangesRequested => $"Changes requested by {by ?? role}: back with SLT",
            CaseState.Approved => $"Approved by {by ?? role}" + (by is null ? string.Empty : $" ({role})"),
            CaseState.Rejected => $"Rejected by {by ?? role}: no response will be made",
            CaseState.ActionsInProgress => "Approved: actions in progress",
            CaseState.Closed => "Closed: every approved action is done",
            CaseState.Withdrawn => "Withdrawn by SLT",
            _ => concern.State.ToString(),
        };
    }

    public static string NextStep(CaseState state) => state switch
    {
        CaseState.Logged or CaseState.UnderReview => "Next: SLT gather information, then propose a response to the Headmistress.",
        CaseState.ChangesRequested => "Next: SLT revise the proposal and send it back to the Headmistress.",
        CaseState.Proposed => "Next: the Headmistress approves, rejects or asks for changes.",
        CaseState.Approved => "Next: the approved actions are carried out and tracked. Any change to the proposal needs her approval again.",
        CaseState.ActionsInProgress => "Next: SLT carry out each approved action and mark it done; the case closes when the last one is done.",
        _ => "Nothing more to do.",
    };

    /// <summary>
    /// A time on a card, in each reader's own time zone and format: Adaptive Cards' DATE()/TIME() functions take
    /// ISO 8601 UTC with a Z (text-features, "Date/Time formatting and localization"); the stored time is UTC.
    /// </summary>
    public static string When(DateTimeOffset at)
    {
        var iso = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({iso}, SHORT)}}}}, {{{{TIME({iso})}}}}";
    }

    /// <summary>A date on a card in the reader's own time zone and format (a precedent's, say), as <see cref="When"/>.</summary>
    public static string Day(DateTimeOffset at) =>
        $"{{{{DATE({at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}, SHORT)}}}}";

    /// <summary>What was proposed, by whom and why; the decider reads the letter here, once.</summary>
    private static void AddProposal(Draft card)
    {
        var c = card.Concern;
        if (!HasProposal(c))
        {
            return;
        }

        var body = card.Body;
        body.Add(Heading(c.State == CaseState.Proposed ? "The proposal to decide" : "The proposal"));
        var labels = card.View.ProposedResponseIds.Select(id => card.Catalogue.FindResponse(id)?.Label).OfType<string>().ToList();
        foreach (var label in labels)
        {
            body.Add(new TextBlock { Text = "• " + label, Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.None });
        }

        if (c.ProposalReason is { Length: > 0 } reason)
        {
            body.Add(new TextBlock { Text = "Why: " + AdaptiveText.Escape(reason), Wrap = true, Spacing = Spacing.Small });
        }

        body.Add(new TextBlock
        {
            Text = $"Proposed by {AdaptiveText.Escape(c.ProposedByName ?? "SLT")} on {When(c.ProposedAt ?? c.UpdatedAt)} (version {c.ProposalVersion.ToString(CultureInfo.InvariantCulture)})",
            IsSubtle = true,
            Wrap = true,
            Spacing = Spacing.None,
        });

        if (card.ShowsDecisionForm && c.LetterText is { Length: > 0 })
        {
            AddLetter(body, c);
        }
    }

    /// <summary>Behind "Show more": the policy's words for each proposed response, and the letter for those not deciding it.</summary>
    private static void AddProposalDetails(Draft card)
    {
        var c = card.Concern;
        if (!HasProposal(c))
        {
            return;
        }

        var more = card.More;
        more.Add(Heading("The policy's words for the proposal"));
        foreach (var id in card.View.ProposedResponseIds)
        {
            if (card.Catalogue.FindResponse(id) is { } response)
            {
                more.Add(new TextBlock { Text = response.Label, Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Small });
                more.Add(new TextBlock { Text = Cited(response.Quote, response.CitedHeading), IsSubtle = true, Wrap = true, Spacing = Spacing.None });
            }
        }

        if (!card.ShowsDecisionForm && c.LetterText is { Length: > 0 })
        {
            AddLetter(more, c);
        }
    }

    private static bool HasProposal(Concern c) => c.ProposalVersion != 0 && !(c.State == CaseState.Withdrawn && c.ProposedAt is null);

    private static void AddLetter(List<CardElement> into, Concern c)
    {
        into.Add(new TextBlock
        {
            Text = "The letter" + (c.LetterRecipientEmail is { Length: > 0 } to ? $", to {AdaptiveText.Escape(to)}" : ", for the School Office to send") + ":",
            Weight = TextWeight.Bolder,
            Wrap = true,
            Spacing = Spacing.Medium,
        });
        into.Add(new Container
        {
            Style = ContainerStyle.Emphasis,
            // As it was sent: a site ban's scope and dates are filled in once the ban is open (LetterSender does the same).
            Items = Paragraphs(SiteBans.SiteBanLetters.FillDates(LetterTemplates.Sign(c.LetterText!, c), c.SiteBan)),
        });
    }

    private static void AddDecision(Draft card)
    {
        var c = card.Concern;
        var body = card.Body;
        if (c.DecidedAt is null || c.State is CaseState.Proposed or CaseState.Logged or CaseState.UnderReview)
        {
            return;
        }

        var role = c.DecidedByRole == StaffRole.ActingHeadmistress ? "acting Headmistress" : "Headmistress";
        var what = c.State switch
        {
            CaseState.ChangesRequested => "Asked for changes",
            CaseState.Rejected => "Rejected",
            CaseState.Withdrawn => "Decided",
            _ => "Approved",
        };
        body.Add(Heading("The decision"));
        body.Add(new TextBlock
        {
            Text = $"{what} by {AdaptiveText.Escape(c.DecidedByName ?? "the " + role)} ({role}) on {When(c.DecidedAt.Value)}"
                + (c.DecidedProposalVersion is { } v ? $", on proposal version {v.ToString(CultureInfo.InvariantCulture)}" : string.Empty) + ".",
            Wrap = true,
        });
        if (c.DecisionComment is { Length: > 0 } comment)
        {
            body.Add(new TextBlock { Text = "Comment: " + AdaptiveText.Escape(comment), Wrap = true, Spacing = Spacing.Small });
        }

        if (card.ShowsActionButtons)
        {
            AddActionButtons(card);
        }
        else if (c.Actions.Count > 0)
        {
            body.Add(new FactSet
            {
                Facts = c.Actions.OrderBy(a => a.Id).Select(a => new Fact(ActionLabel(a.ResponseId), a.Status switch
                {
                    ActionStatus.Done => "Done" + (a.Detail is { Length: > 0 } d ? ": " + AdaptiveText.Escape(d) : string.Empty),
                    ActionStatus.Failed => "Failed: " + AdaptiveText.Escape(a.Detail ?? "see the case"),
                    ActionStatus.Cancelled => "Cancelled",
                    _ => "To do" + (a.Detail is { Length: > 0 } p ? ": " + AdaptiveText.Escape(p) : string.Empty),
                })).ToList(),
            });
        }
    }

    /// <summary>One block per action: what it is, where it stands, and the button that moves it on.</summary>
    private static void AddActionButtons(Draft card)
    {
        var c = card.Concern;
        var body = card.Body;
        var data = card.Data;
        var canRetry = card.Allowed.Contains(CaseOperation.RetryLetter);
        var canBook = card.Allowed.Contains(CaseOperation.BookMeeting);
        body.Add(new TextBlock { Text = "The approved actions", Weight = TextWeight.Bolder, Wrap = true, Spacing = Spacing.Medium });
        card.NoteHere(NoteSection.Actions, body);
        foreach (var a in c.Actions.OrderBy(a => a.Id))
        {
            var (status, colour) = a.Status switch
            {
                ActionStatus.Done => ("Done", TextColor.Good),
                ActionStatus.Failed => ("Failed", TextColor.Attention),
                ActionStatus.Cancelled => ("Cancelled", TextColor.Default),
                _ => ("To do", TextColor.Accent),
            };
            var items = new List<CardElement>
            {
                new TextBlock { Text = $"{ActionLabel(a.ResponseId)}: {status}", Weight = TextWeight.Bolder, Color = colour, Wrap = true },
            };
            if (a.Detail is { Length: > 0 } detail)
            {
                items.Add(new TextBlock { Text = AdaptiveText.Escape(char.ToUpperInvariant(detail[0]) + detail[1..]) + ".", Wrap = true, IsSubtle = true, Spacing = Spacing.None });
            }

            var buttons = new List<CardAction>();
            if (canBook && a.ResponseId == ResponseIds.Meeting && a.Status is ActionStatus.Pending or ActionStatus.Failed && a.ExternalId is null)
            {
                // SLT choose when, where and who; the app puts it in that colleague's calendar with the parent invited.
                items.Add(new InputDate { Id = "meetingDate", Label = "Meeting date" });
                items.Add(new InputTime { Id = "meetingTime", Label = "Time" });
                items.Add(new InputText { Id = "meetingPlace", Label = "Place", MaxLength = 200 });
                items.Add(new InputText { Id = "meetingColleague", Label = "Senior colleague's email address (the meeting goes in their calendar)", MaxLength = 254 });
                var book = (JsonObject)data.DeepClone();
                book["actionId"] = a.Id;
                buttons.Add(new ExecuteAction { Title = "Book the meeting", Verb = CaseVerbs.BookMeeting, Style = ActionStyle.Positive, Data = book });
            }

            if (a.Status is ActionStatus.Pending or ActionStatus.Failed)
            {
                var done = (JsonObject)data.DeepClone();
                done["actionId"] = a.Id;
                buttons.Add(new ExecuteAction { Title = "Mark done", Verb = CaseVerbs.CompleteAction, Style = ActionStyle.Positive, Data = done });
            }

            if (canRetry && a.Status == ActionStatus.Failed && a.ExternalId is null && c.LetterText is not null)
            {
                var retry = (JsonObject)data.DeepClone();
                retry["actionId"] = a.Id;
                buttons.Add(new ExecuteAction { Title = "Try sending again", Verb = CaseVerbs.RetryLetter, Data = retry });
            }

            if (buttons.Count > 0)
            {
                items.Add(new ActionSet { Actions = buttons });
            }

            body.Add(new Container { Items = items, Spacing = Spacing.Small, Separator = true });
        }
    }

    /// <summary>
    /// The request to the moderator is addressed from the roster; with no moderator on it for the group there is no
    /// one to write to, and staff must be told so, with the way to the roster.
    /// </summary>
    private static void AddNoModerator(List<CardElement> body, CaseView view, IReadOnlyList<string> responseIds, ConcernCardOptions options)
    {
        if (view.GroupModerator is not null || !responseIds.Contains(ResponseIds.AskModeratorRemoval))
        {
            return;
        }

        body.Add(new Container
        {
            Style = ContainerStyle.Attention,
            Items =
            [
                new TextBlock
                {
                    Text = $"The roster has no moderator for the {AdaptiveText.Escape(view.Concern.Group)} group, so there is no one to address the request to the moderator to. Add the group's moderator to the roster first.",
                    Wrap = true,
                },
                .. options.RosterUrl is { } roster ? new CardElement[] { new ActionSet { Actions = [new OpenUrlAction { Title = "Open the moderator roster", Url = roster }] } } : [],
            ],
        });
    }

    private static string ActionLabel(string responseId) => responseId switch
    {
        ResponseIds.CautionaryNotice => "Cautionary notice",
        ResponseIds.Meeting => "Meeting",
        ResponseIds.SpeakToParent => "Speak to the parent",
        ResponseIds.Authorities => "Contact the authorities",
        ResponseIds.LegalAdvice => "Legal advice",
        ResponseIds.SiteBan => "Disallow from the site",
        ResponseIds.AskModeratorRemoval => "Ask the moderator",
        _ => responseId,
    };

    private static void AddRankedOptions(List<CardElement> body, CaseView view, ConcernCardOptions options)
    {
        body.Add(Heading("All the policy's options, most proportionate first"));
        foreach (var ranked in view.Guidance.RankedOptions.Take(options.MaxOptions))
        {
            var marker = ranked.Indicated ? "Suggested" : "Possible";
            body.Add(new TextBlock { Text = $"{ranked.Rank}. {ranked.Option.Label} ({marker})", Weight = ranked.Indicated ? TextWeight.Bolder : TextWeight.Default, Wrap = true, Spacing = Spacing.Small });
            body.Add(new TextBlock { Text = AdaptiveText.Escape(ranked.Reason), Wrap = true, Spacing = Spacing.None });
            body.Add(new TextBlock { Text = "Policy: " + Cited(ranked.Option.Quote, ranked.Option.CitedHeading), IsSubtle = true, Wrap = true, Spacing = Spacing.None });
        }
    }

    private static void AddAudit(List<CardElement> body, CaseView view)
    {
        var steps = view.Audit.Where(a => !CaseView.ViewActions.Contains(a.Action)).ToList();
        if (steps.Count == 0)
        {
            return;
        }

        body.Add(Heading("What has happened"));

        // One line each rather than a fact set: a phone-width fact set wraps the dates into two lines each.
        // The latest few: the full trail is on the case page.
        foreach (var a in steps.TakeLast(CaseView.MaxSteps))
        {
            body.Add(new TextBlock { Text = $"{When(a.At)}: {RoleLabel(a.ActorRole)} {AuditLabel(a.Action)}", Wrap = true, Spacing = Spacing.None });
        }
    }

    private static string RoleLabel(string role) => role switch
    {
        nameof(StaffRole.Slt) => "SLT",
        nameof(StaffRole.Headmistress) => "Headmistress",
        nameof(StaffRole.ActingHeadmistress) => "Acting Headmistress",
        nameof(StaffRole.Staff) => "Staff",
        nameof(StaffRole.Dsl) => "DSL",
        _ => "The app",
    };

    private static string AuditLabel(string action) => action switch
    {
        nameof(CaseAction.Log) => "logged the concern",
        nameof(CaseAction.StartReview) => "started the review",
        nameof(CaseAction.Propose) => "proposed a response",
        nameof(CaseAction.Revise) => "revised the proposal",
        nameof(CaseAction.Approve) => "approved",
        nameof(CaseAction.Reject) => "rejected",
        nameof(CaseAction.RequestChanges) => "asked for changes",
        nameof(CaseAction.Withdraw) => "withdrew the case",
        nameof(CaseAction.StartActions) => "started the actions",
        nameof(CaseAction.Close) => "closed the case",
        AuditActions.HeadmistressSent => "sent the proposal to the Headmistress",
        AuditActions.HeadmistressNotReached => "could not reach the Headmistress",
        AuditActions.ReminderSent => "reminded the Headmistress",
        AuditActions.LetterSent => "emailed the approved letter",
        AuditActions.LetterWritten => "wrote the approved letter to the outbox folder",
        AuditActions.MeetingBooked => "booked the meeting",
        AuditActions.LetterFailed => "could not email the letter",
        AuditActions.LetterRetried => "asked to send the letter again",
        AuditActions.ActionDone => "marked an action done",
        AuditActions.DslSent => "sent the concern to the DSL",
        AuditActions.DslNotReached => "could not reach the DSL",
        AuditActions.SafeguardingRecorded => "recorded it as handled under safeguarding procedures",
        AuditActions.Shared => "shared the case with a named member of staff",
        nameof(CaseAction.CarryOut) => "carried out an action",
        SiteBans.SiteBanAudit.Provisional => "banned the parent from the site provisionally",
        SiteBans.SiteBanAudit.Representation => "recorded the parent's representations about the site ban",
        SiteBans.SiteBanAudit.DatePassed => "moved the site ban to review: the date for representations passed",
        SiteBans.SiteBanAudit.ReviewDateReached => "moved the site ban to review: its review date came",
        SiteBans.SiteBanAudit.Confirmed => "confirmed the site ban",
        SiteBans.SiteBanAudit.Lifted => "lifted the site ban",
        SiteBans.SiteBanAudit.LetterSent => "emailed a site-ban letter",
        SiteBans.SiteBanAudit.LetterWritten => "wrote a site-ban letter to the outbox folder",
        SiteBans.SiteBanAudit.LetterFailed => "could not email a site-ban letter",
        SiteBans.SiteBanAudit.Told => "told staff about the site ban",
        _ => action,
    };

    private static void AddProposeForm(Draft card, bool canWithdraw)
    {
        var view = card.View;
        var catalogue = card.Catalogue;
        var options = card.Options;
        var data = card.Data;
        var body = card.Body;
        var c = view.Concern;
        var form = options.Form ?? new ProposalForm(
            view.ProposedResponseIds,
            c.ProposalReason,
            c.LetterTemplateId,
            c.LetterText,
            c.LetterRecipientEmail);
        var letters = options.Letters;
        var template = letters?.Find(form.LetterTemplateId) ?? letters?.ForResponses(form.ResponseIds);
        if (template is null && options.Form is null && c.ProposalVersion == 0)
        {
            // First time the form is shown: start from the letter of the most proportionate suggested response.
            template = letters?.ForResponses(view.Guidance.RankedOptions.Where(r => r.Indicated).Select(r => r.Option.Id));
        }

        var letterText = form.LetterText is { Length: > 0 } typed ? typed : template is null ? null : LetterTemplates.Fill(template, c, catalogue, view.GroupModerator);

        body.Add(Heading("Propose a response to the Headmistress"));
        body.Add(new InputChoiceSet
        {
            Id = "responses",
            Label = "Which of the policy's responses? (choose one or more)",
            IsMultiSelect = true,
            Style = ChoiceInputStyle.Expanded,
            Wrap = true,
            Choices = view.Guidance.RankedOptions.Select(r => new Choice(r.Option.Label + (r.Indicated ? " (suggested)" : string.Empty), r.Option.Id)).ToList(),
            Value = form.ResponseIds.Count > 0 ? string.Join(',', form.ResponseIds) : null,
        });
        AddNoModerator(body, view, form.ResponseIds, options);
        body.Add(new InputText
        {
            Id = "reason",
            Label = "Why this response? (required; the Headmistress reads this)",
            IsMultiline = true,
            MaxLength = 2000,
            Value = form.Reason,
        });
        if (letters is not null)
        {
            body.Add(new InputChoiceSet
            {
                Id = "letterTemplate",
                Label = "Letter",
                Style = ChoiceInputStyle.Compact,
                Choices = [.. letters.All.Select(t => new Choice(t.Title, t.Id)), new Choice("No letter", NoLetter)],
                Value = template?.Id ?? NoLetter,
            });
            body.Add(new InputText
            {
                Id = "letterText",
                Label = "The letter's text (edit it here; \"Fill in the letter\" starts again from the template)",
                IsMultiline = true,
                MaxLength = 6000,
                Value = letterText,
            });
            body.Add(new InputText
            {
                Id = "letterRecipient",
                Label = "Parent's email address for the letter (leave empty for the School Office to send it)",
                MaxLength = 254,
                Value = form.LetterRecipient,
            });
        }

        card.NoteHere(NoteSection.ProposeForm, body);
        body.Add(new ActionSet
        {
            Actions =
            [
                new ExecuteAction { Title = "Propose to the Headmistress", Verb = CaseVerbs.Propose, Style = ActionStyle.Positive, Data = data.DeepClone() },
                new ExecuteAction { Title = "Fill in the letter", Verb = CaseVerbs.FillLetter, Data = data.DeepClone() },
            ],
        });

        if (!canWithdraw)
        {
            return;
        }

        // On its own line: a destructive button beside "Propose" is easy to hit by mistake on a phone.
        body.Add(new ActionSet
        {
            Spacing = Spacing.Large,
            Actions = [new ExecuteAction { Title = "Withdraw the case", Verb = CaseVerbs.Withdraw, Style = ActionStyle.Destructive, Data = data.DeepClone() }],
        });
        body.Add(new TextBlock { Text = "To withdraw the case, write why in the reason box first.", IsSubtle = true, Wrap = true, Spacing = Spacing.None });
    }

    /// <summary>
    /// The decider's form. The letter is read once, in the proposal above; its editor is behind "Edit the letter", and
    /// an editor left closed sends nothing, so the stored letter is the one approved.
    /// </summary>
    private static void AddDecisionForm(Draft card)
    {
        var c = card.Concern;
        var body = card.Body;
        var data = card.Data;
        body.Add(Heading("Your decision"));
        if (c.LetterText is { Length: > 0 })
        {
            body.Add(new ActionSet { Actions = [new ToggleVisibilityAction { Title = "Edit the letter", TargetElements = [LetterEditorId] }] });
            body.Add(new Container
            {
                Id = LetterEditorId,
                IsVisible = false,
                Items =
                [
                    new InputText
                    {
                        Id = "letterText",
                        Label = "The letter (what you approve is what is sent)",
                        IsMultiline = true,
                        MaxLength = 6000,
                        Value = c.LetterText,
                    },
                ],
            });
        }

        body.Add(new InputText
        {
            Id = "comment",
            Label = "Comment (optional to approve; needed to reject or to ask for changes)",
            IsMultiline = true,
            MaxLength = 2000,
        });
        card.NoteHere(NoteSection.DecisionForm, body);
        body.Add(new ActionSet
        {
            Actions =
            [
                new ExecuteAction { Title = "Approve", Verb = CaseVerbs.Approve, Style = ActionStyle.Positive, Data = data.DeepClone() },
                new ExecuteAction { Title = "Ask for changes", Verb = CaseVerbs.RequestChanges, Data = data.DeepClone() },
                new ExecuteAction { Title = "Reject", Verb = CaseVerbs.Reject, Style = ActionStyle.Destructive, Data = data.DeepClone() },
            ],
        });
    }

    private static TextColor StateColour(CaseState state) => state switch
    {
        CaseState.Approved or CaseState.ActionsInProgress or CaseState.Closed => TextColor.Good,
        CaseState.Rejected or CaseState.Withdrawn => TextColor.Default,
        // Accent, not warning: Teams' warning text is yellow, which is hard to read on the light theme's white.
        CaseState.Proposed or CaseState.ChangesRequested => TextColor.Accent,
        _ => TextColor.Accent,
    };

    /// <summary>
    /// A letter as one text block per line: renderers without markdown collapse newlines, and a letter that loses
    /// its paragraphs is not what the Headmistress will see sent.
    /// </summary>
    private static List<CardElement> Paragraphs(string text)
    {
        var blocks = new List<CardElement>();
        var gap = false;
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                gap = true;
                continue;
            }

            blocks.Add(new TextBlock { Text = AdaptiveText.Escape(line.TrimEnd()), Wrap = true, Spacing = gap ? Spacing.Medium : Spacing.None });
            gap = false;
        }

        return blocks;
    }

    /// <summary>The safeguarding banner at the top while the case is open; a finished case has it in its history.</summary>
    private static void AddSafeguarding(Draft card)
    {
        if (IsFinished(card.Concern.State) || SafeguardingBanner(card.View) is not { } lines)
        {
            return;
        }

        card.Body.Add(new Container { Style = ContainerStyle.Attention, Items = lines });
    }

    /// <summary>Whether the DSL was told, and what she recorded; null when no child is named or at risk.</summary>
    private static List<CardElement>? SafeguardingBanner(CaseView view)
    {
        var c = view.Concern;
        if (!c.Safeguarding && view.NamedChildren.Count == 0)
        {
            return null;
        }

        var lines = new List<CardElement>
        {
            new TextBlock
            {
                Text = c.Safeguarding
                    ? "Safeguarding: a child may be at risk. Follow the school's safeguarding procedure."
                    : "A child is named: consider the school's safeguarding procedure.",
                Weight = TextWeight.Bolder,
                Wrap = true,
            },
        };
        if (c.SafeguardingHandledAt is { } handled)
        {
            lines.Add(new TextBlock
            {
                Text = $"The Designated Safeguarding Lead recorded on {When(handled)} that it is handled under the safeguarding procedures"
                    + (c.SafeguardingNote is { Length: > 0 } note ? ": " + AdaptiveText.Escape(note) : "."),
                Wrap = true,
                Spacing = Spacing.None,
            });
        }
        else if (c.DslToldAt is { } told)
        {
            lines.Add(new TextBlock { Text = $"The Designated Safeguarding Lead was sent this concern on {When(told)}.", Wrap = true, Spacing = Spacing.None });
        }
        else if (c.DslDeliveryProblem is { Length: > 0 } problem)
        {
            lines.Add(new TextBlock { Text = AdaptiveText.Escape(problem), Wrap = true, Spacing = Spacing.None });
        }
        else if (c.Safeguarding)
        {
            lines.Add(new TextBlock { Text = "The Designated Safeguarding Lead is being sent this concern.", Wrap = true, Spacing = Spacing.None });
        }

        return lines;
    }

    private static void AddSafeguardingForm(Draft card)
    {
        var form = new List<CardElement>
        {
            new InputText
            {
                Id = "safeguardingNote",
                Label = "Note for the record (what was done under the safeguarding procedures)",
                IsMultiline = true,
                MaxLength = 2000,
            },
        };
        card.NoteHere(NoteSection.SafeguardingForm, form);
        form.Add(new ActionSet
        {
            Actions = [new ExecuteAction { Title = "Save as handled", Verb = CaseVerbs.RecordSafeguarding, Style = ActionStyle.Positive, Data = card.Data.DeepClone() }],
        });

        // Folded away, as "Add a task" is: open, the form takes the DSL's card past a phone's screen for a step taken
        // once. It stays open when its own problem is shown, so the problem is next to the button that was pressed.
        card.Body.Add(new ActionSet { Actions = [new ToggleVisibilityAction { Title = "Record it as handled", TargetElements = [SafeguardingFormId] }], Spacing = Spacing.Medium });
        card.Body.Add(new Container { Id = SafeguardingFormId, IsVisible = card.NoteSection == NoteSection.SafeguardingForm, Items = form, Spacing = Spacing.Small });
    }

    private const string SafeguardingFormId = "safeguardingForm";

    /// <summary>The card a caller gets when the rule refuses them: a plain message and nothing of the case.</summary>
    public static AdaptiveCard Refused(string message) => new()
    {
        FallbackText = "Staff Conduct Assistant",
        Body =
        [
            new TextBlock { Text = "Staff Conduct Assistant", Weight = TextWeight.Bolder, Wrap = true },
            new TextBlock { Text = AdaptiveText.Escape(message), Wrap = true },
        ],
    };

    private static TextBlock Heading(string text) =>
        new() { Text = text, Weight = TextWeight.Bolder, Size = TextSize.Medium, Wrap = true, Spacing = Spacing.Large, Separator = true };
}

/// <summary>How one copy of the card is built: for whom, with which note and links.</summary>
public sealed record ConcernCardOptions
{
    public IReadOnlyList<string>? RefreshUserIds { get; init; }

    public Uri? CaseUrl { get; init; }

    /// <summary>The moderator roster tab, linked when the roster lacks the group's moderator.</summary>
    public Uri? RosterUrl { get; init; }

    public string? Note { get; init; }

    /// <summary>The note says something went wrong or needs fixing (shown in the attention style).</summary>
    public bool NoteIsProblem { get; init; }

    /// <summary>The verb of the button that was pressed: a problem note is shown next to that button.</summary>
    public string? NoteVerb { get; init; }

    public int MaxOptions { get; init; } = 7;

    /// <summary>What the person (or audience) the card is drawn for may do now: from <see cref="CaseAccess.Allowed"/>.</summary>
    public IReadOnlySet<CaseOperation> Allowed { get; init; } = new HashSet<CaseOperation>();

    /// <summary>A copy many people see (the SLT channel): only the way in, never a form.</summary>
    public bool Shared { get; init; }

    /// <summary>When this card was drawn; its buttons carry it so an old card can be recognised.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset Now { get; init; }

    public TimeSpan RemindAfter { get; init; }

    public LetterTemplates? Letters { get; init; }

    /// <summary>
    /// Drawn for someone who is not SLT but owns a task (<see cref="CaseAccess.MayCompleteTask"/>): their id, so only
    /// their own tasks get "Mark the task done". Null for SLT (any task) and for shared copies.
    /// </summary>
    public string? OnlyTasksOwnedBy { get; init; }

    /// <summary>Who may own a task, besides "Me": the staff the app knows by name (Roles:StaffNames).</summary>
    public IReadOnlyList<Choice> TaskOwners { get; init; } = [];

    public ProposalForm? Form { get; init; }
}
