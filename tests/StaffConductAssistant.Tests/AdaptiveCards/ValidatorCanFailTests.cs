using StaffConductAssistant.Tests.Infrastructure;
using Xunit.Sdk;

namespace StaffConductAssistant.Tests.AdaptiveCards;

/// <summary>Proves the validator is not a test that cannot fail.</summary>
public class ValidatorCanFailTests
{
    private const string Head = """ "type":"AdaptiveCard","version":"1.5" """;

    [Fact]
    public async Task ReportsEachBrokenCardInOneBatch()
    {
        var results = await AdaptiveCardValidator.ValidateAsync(
            "{" + Head + ""","body":[{"type":"Bogus"}]}""",
            "{" + Head + ""","body":[{"type":"Input.Text","label":"No id"}]}""",
            """{"type":"AdaptiveCard","version":"9.9","body":[]}""",
            """{"version":"1.5","body":[]}""",
            "{" + Head + ""","body":[{"type":"TextBlock","text":"x","wrapp":true}]}""",
            "{" + Head + ""","body":[{"type":"TextBlock","text":"x","color":"purple"}]}""",
            "{" + Head + ""","body":[{"type":"Input.ChoiceSet","id":"c","choices":[]}]}""",
            "{" + Head + ""","actions":[{"type":"Action.Wat"}]}""",
            "{" + Head + ""","body":[{"type":"TextBlock","text":"ok"}]}""");

        Assert.Contains(results[0], p => p.Event == "UnknownElementType");
        Assert.Contains(results[1], p => p.Message.Contains("unique Id", StringComparison.Ordinal));
        Assert.Contains(results[2], p => p.Event == "UnsupportedCardVersion");
        Assert.Contains(results[3], p => p.Event == "MissingCardType");
        Assert.Contains(results[4], p => p.Event == "UnsupportedProperty" && p.Message.Contains("wrapp", StringComparison.Ordinal));
        Assert.Contains(results[5], p => p.Event == "InvalidPropertyValue");
        Assert.Contains(results[6], p => p.Event == "CollectionCantBeEmpty");
        Assert.Contains(results[7], p => p.Event == "UnknownActionType");
        Assert.Empty(results[8]);
    }

    [Fact]
    public async Task AssertValidThrowsListingTheProblem()
    {
        var error = await Assert.ThrowsAsync<XunitException>(() =>
            AdaptiveCardValidator.AssertValidAsync("{" + Head + ""","body":[{"type":"Bogus"}]}"""));
        Assert.Contains("Unknown element type \"Bogus\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsHostPropertiesAreAcceptedButTyposInsideThemAreNotHidden()
    {
        // msteams (card) and refresh are legitimate; a misspelt refresh key is still reported.
        var results = await AdaptiveCardValidator.ValidateAsync(
            "{" + Head + ""","msteams":{"width":"Full"},"refresh":{"action":{"type":"Action.Execute","verb":"r"},"userIds":[]}}""",
            "{" + Head + ""","refresh":{"action":{"type":"Action.Execute","verb":"r"},"userIDs":[]}}""");
        Assert.Empty(results[0]);
        Assert.Contains(results[1], p => p.Message.Contains("userIDs", StringComparison.Ordinal));
    }
}
