using System.Text.Json.Nodes;
using StaffConductAssistant.Cases;
using StaffConductAssistant.Data;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.CaseCard;
using StaffConductAssistant.Policy;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Where things sit on the concern card: what is in view, what is behind "Show more", where a problem shows.</summary>
public class ConcernCardLayoutTests
{
    private static readonly PolicyCatalogue Catalogue = PolicyCatalogue.LoadFrom(Path.Combine(AppContext.BaseDirectory, "Policy"));
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 9, 0, 0, TimeSpan.Zero);

    private static Concern Case(CaseState state, bool safeguarding = false, string? letter = null) => new()
    {
        Id = 7,
        State = state,
        Group = "Year 4",
        PostedBy = "Dan Price",
        PostedByKey = "dan price",
        LoggedByUserId = "teacher",
        LoggedAt = Now.AddDays(-1),
        UpdatedAt = Now,
        Quote = "Mrs Smith is useless.",
        ConductIdsJson = """["abusive-personal-comments"]""",
        Safeguarding = safeguarding,
        ProposalVersion = letter is null ? 0 : 1,
        ProposedAt = letter is null ? null : Now.AddHours(-1),
        ProposedResponseIdsJson = letter is null ? "[]" : """["cautionary-notice"]""",
        ProposalReason = letter is null ? null : "A first incident.",
        LetterText = letter,
    };

    private static JsonObject Build(Concern c, IReadOnlySet<CaseOperation> allowed, string? note = null, string? verb = null, bool shared = false)
    {
        var conduct = ConcernLists.Read(c.ConductIdsJson);
        var guidance = ProportionalityGuide.Assess(Catalogue, new GuidanceRequest(conduct, c.Safeguarding, [], [], Now));
        var view = new CaseView(c, c.ToFacts([]), conduct, [], [], ConcernLists.Read(c.ProposedResponseIdsJson), [], guidance, []);
        return ConcernCard.Build(view, Catalogue, new ConcernCardOptions
        {
            Allowed = allowed,
            Note = note,
            NoteIsProblem = note is not null,
            NoteVerb = verb,
            Shared = shared,
            IssuedAt = Now,
            Now = Now,
            CaseUrl = new Uri("https://example.org/tab/concerns/7"),
        }).ToJsonObject();
    }

    /// <summary>The texts a reader sees before pressing anything: everything not inside an element with isVisible false.</summary>
    private static List<string> Visible(JsonNode? node) => Texts(node, [], hidden: false);

    /// <summary>Every text and button title on the card, shown or not.</summary>
    private static List<string> All(JsonNode? node) => Texts(node, [], hidden: true);

    private static List<string> Texts(JsonNode? node, List<string> into, bool hidden)
    {
        if (node is JsonObject o)
        {
            if (!hidden && o["isVisible"]?.GetValue<bool>() == false)
            {
                return into;
            }

            foreach (var name in new[] { "text", "title" })
            {
                if (o[name] is JsonValue text && text.TryGetValue<string>(out var s))
                {
                    into.Add(s);
                }
            }

            foreach (var (_, child) in o)
            {
                Texts(child, into, hidden);
            }
        }
        else if (node is JsonArray a)
        {
            foreach (var child in a)
            {
                Texts(child, into, hidden);
            }
        }

        return into;
    }

    [Fact]
    public void A_logged_card_shows_the_suggestions_and_keeps_the_quotes_and_every_option_behind_show_more()
    {
        var card = Build(Case(CaseState.Logged), new HashSet<CaseOperation>());
        var visible = Visible(card);

        Assert.Contains("Suggested by the policy guide", visible);
        Assert.Contains("Send a cautionary notice", visible);
        Assert.DoesNotContain(visible, t => t.Contains("Mrs Smith is useless", StringComparison.Ordinal));
        Assert.DoesNotContain(visible, t => t.StartsWith("All the policy's options", StringComparison.Ordinal));
        Assert.Contains("All the policy's options, most proportionate first", All(card));
        Assert.DoesNotContain(All(card), t => t.Contains("Please note, the school considers", StringComparison.Ordinal));
        Assert.DoesNotContain("\"color\":\"warning\"", card.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_safeguarding_banner_is_in_view_while_open_and_in_the_history_once_closed()
    {
        const string Banner = "Safeguarding: a child may be at risk. Follow the school's safeguarding procedure.";

        Assert.Contains(Banner, Visible(Build(Case(CaseState.Logged, safeguarding: true), new HashSet<CaseOperation>())));
        var closed = Build(Case(CaseState.Closed, safeguarding: true), new HashSet<CaseOperation>());
        Assert.DoesNotContain(Banner, Visible(closed));
        Assert.Contains(Banner, All(closed));
    }

    [Fact]
    public void A_problem_shows_just_above_the_buttons_that_were_pressed()
    {
        var c = Case(CaseState.UnderReview);
        var body = Build(c, new HashSet<CaseOperation> { CaseOperation.Propose }, "Write why you propose this response.", CaseVerbs.Propose)["body"]!.AsArray();

        var note = body.Select((e, i) => (e, i)).Single(x => x.e!.ToJsonString().Contains("Write why you propose", StringComparison.Ordinal)).i;
        Assert.Contains("\"verb\":\"propose\"", body[note + 1]!.ToJsonString(), StringComparison.Ordinal);
        Assert.True(note > 5, "The note is beside the form, not at the top.");
    }

    [Fact]
    public void The_Headmistress_reads_the_letter_once_and_edits_it_only_if_she_chooses()
    {
        var c = Case(CaseState.Proposed, letter: "Dear Dan Price,\n\nPlease follow the policy.\n\n{signature}");
        var card = Build(c, new HashSet<CaseOperation> { CaseOperation.Approve });
        var visible = Visible(card);

        Assert.Single(visible, t => t == "Dear Dan Price,");
        Assert.Contains("Edit the letter", visible);
        var json = card.ToJsonString();
        Assert.Contains("\"id\":\"letterText\"", json, StringComparison.Ordinal);
    }
}
