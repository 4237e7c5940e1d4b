using System.Text.Json;
using StaffConductAssistant.Features.CaseActions;
using StaffConductAssistant.Features.LogConcern;

namespace StaffConductAssistant.Tests.Features;

/// <summary>Every stored field has a server-side limit; the card's maxLength is only a hint a caller can ignore.</summary>
public sealed class FieldLimitTests
{
    private static readonly HashSet<string> Conduct = ["criticism-of-staff"];

    private static ConcernForm Valid => new() { Group = "Year 4", PostedBy = "Dan Smith", Quote = "What was posted", Conduct = ["criticism-of-staff"] };

    [Fact]
    public void A_valid_form_has_no_errors() => Assert.Empty(Valid.Validate(Conduct));

    public static TheoryData<string> LongFields => ["reporterName", "reporterEmail", "sentAt", "group", "postedBy", "quote", "notes", "namedChildren", "namedStaff"];

    [Theory]
    [MemberData(nameof(LongFields))]
    public void Each_field_of_the_logging_form_refuses_text_longer_than_it_stores(string field)
    {
        var huge = new string('x', 5000);
        var form = field switch
        {
            "reporterName" => Valid with { ReporterName = huge },
            "reporterEmail" => Valid with { ReporterEmail = new string('a', 250) + "@example.org" },
            "sentAt" => Valid with { SentAt = huge },
            "group" => Valid with { Group = huge },
            "postedBy" => Valid with { PostedBy = huge },
            "quote" => Valid with { Quote = huge },
            "notes" => Valid with { Notes = huge },
            "namedChildren" => Valid with { NamedChildren = [.. Enumerable.Range(0, 31).Select(i => "Child " + i)] },
            _ => Valid with { NamedStaff = [huge] },
        };

        Assert.Contains(field, form.Validate(Conduct).Keys);
    }

    public static TheoryData<string, string> LongCommands => new()
    {
        { "propose", """{"caseId":1,"version":1,"responses":"a","reason":"#2001"}""" },
        { "propose", """{"caseId":1,"version":1,"responses":"a","letterText":"#10001"}""" },
        { "withdraw", """{"caseId":1,"version":1,"reason":"#2001"}""" },
        { "approve", """{"caseId":1,"version":1,"comment":"#2001"}""" },
        { "reject", """{"caseId":1,"version":1,"comment":"#2001"}""" },
        { "recordSafeguarding", """{"caseId":1,"version":1,"safeguardingNote":"#2001"}""" },
    };

    [Theory]
    [MemberData(nameof(LongCommands))]
    public void A_card_verb_with_text_longer_than_the_server_stores_is_refused(string verb, string json)
    {
        var length = int.Parse(json[(json.IndexOf('#', StringComparison.Ordinal) + 1)..json.IndexOf('"', json.IndexOf('#', StringComparison.Ordinal))], System.Globalization.CultureInfo.InvariantCulture);
        var data = JsonDocument.Parse(json.Replace("#" + length, new string('x', length), StringComparison.Ordinal)).RootElement;
        var atLimit = JsonDocument.Parse(json.Replace("#" + length, new string('x', length - 1), StringComparison.Ordinal)).RootElement;

        var command = CaseCommand.Parse(verb, data);
        Assert.NotNull(command);
        Assert.Contains("too long", command.TooLong(), StringComparison.Ordinal);
        Assert.Null(CaseCommand.Parse(verb, atLimit)!.TooLong());
    }
}
