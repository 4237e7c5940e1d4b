using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using StaffConductAssistant.AdaptiveCards;
using Xunit.Sdk;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>One problem the official renderer (or our schema checks) found in a card.</summary>
public sealed record CardProblem(string Source, string Event, string Message)
{
    public override string ToString() => $"[{Source}/{Event}] {Message}";
}

/// <summary>
/// Validates cards with the official adaptivecards.js renderer (js/validate-cards.cjs): parse events,
/// card.validateProperties() failures, properties unknown to the renderer, and type/version checks.
/// Every card in one call shares a single node process.
/// </summary>
public static class AdaptiveCardValidator
{
    /// <summary>Returns the problems of each card, in order.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<CardProblem>>> ValidateAsync(params JsonNode[] cards)
    {
        var input = new JsonArray(cards.Select(card => card.DeepClone()).ToArray());
        var output = await NodeScript.RunAsync("validate-cards.cjs", input.ToJsonString()).ConfigureAwait(false);
        using var document = JsonDocument.Parse(output);
        return document.RootElement.EnumerateArray()
            .Select(result => (IReadOnlyList<CardProblem>)result.GetProperty("problems").EnumerateArray()
                .Select(p => new CardProblem(p.GetProperty("source").GetString()!, p.GetProperty("event").GetString()!, p.GetProperty("message").GetString()!))
                .ToList())
            .ToList();
    }

    public static Task<IReadOnlyList<IReadOnlyList<CardProblem>>> ValidateAsync(params string[] cardsJson) =>
        ValidateAsync(cardsJson.Select(json => JsonNode.Parse(json) ?? throw new ArgumentException("null card")).ToArray());

    public static Task<IReadOnlyList<IReadOnlyList<CardProblem>>> ValidateAsync(params AdaptiveCard[] cards) =>
        ValidateAsync(cards.Select(card => (JsonNode)card.ToJsonObject()).ToArray());

    /// <summary>Fails the test listing every problem of every card.</summary>
    public static async Task AssertValidAsync(params JsonNode[] cards) => Throw(cards.Select(c => c.ToJsonString()).ToList(), await ValidateAsync(cards).ConfigureAwait(false));

    public static Task AssertValidAsync(params string[] cardsJson) =>
        AssertValidAsync(cardsJson.Select(json => JsonNode.Parse(json) ?? throw new ArgumentException("null card")).ToArray());

    public static Task AssertValidAsync(params AdaptiveCard[] cards) =>
        AssertValidAsync(cards.Select(card => (JsonNode)card.ToJsonObject()).ToArray());

    /// <summary>Synchronous form for callers that are not async.</summary>
    public static void AssertValid(params JsonNode[] cards) => AssertValidAsync(cards).GetAwaiter().GetResult();

    public static void AssertValid(params string[] cardsJson) => AssertValidAsync(cardsJson).GetAwaiter().GetResult();

    public static void AssertValid(params AdaptiveCard[] cards) => AssertValidAsync(cards).GetAwaiter().GetResult();

    private static void Throw(List<string> cards, IReadOnlyList<IReadOnlyList<CardProblem>> results)
    {
        var report = new StringBuilder();
        for (var i = 0; i < results.Count; i++)
        {
            if (results[i].Count == 0)
            {
                continue;
            }

            report.Append("Card #").Append(i).Append(" has ").Append(results[i].Count).AppendLine(" problem(s):");
            foreach (var problem in results[i])
            {
                report.Append("  ").AppendLine(problem.ToString());
            }

            report.Append("  JSON: ").AppendLine(cards[i]);
        }

        if (report.Length > 0)
        {
            throw new XunitException(report.ToString());
        }
    }
}
