using System.Reflection;
using System.Text.RegularExpressions;
using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.BotFramework.Schema;
using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.Architecture;

/// <summary>The protocol layer and the card model stay free of the product: the compiler and these tests keep it so.</summary>
public sealed partial class LayeringTests
{
    private static readonly Assembly Protocol = typeof(Activity).Assembly;
    private static readonly Assembly Cards = typeof(AdaptiveCard).Assembly;

    public static TheoryData<string> GenericLibraries => new() { Protocol.GetName().Name!, Cards.GetName().Name! };

    [Theory]
    [MemberData(nameof(GenericLibraries))]
    public void The_generic_libraries_reference_neither_the_app_nor_each_other(string name)
    {
        var assembly = name == Protocol.GetName().Name ? Protocol : Cards;

        var references = assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.DoesNotContain("StaffConductAssistant", references);
        Assert.DoesNotContain(references, r => r.StartsWith("StaffConductAssistant.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(GenericLibraries))]
    public void No_type_in_the_generic_libraries_is_named_after_the_product(string name)
    {
        var assembly = name == Protocol.GetName().Name ? Protocol : Cards;

        var offenders = assembly.GetTypes().Where(t => DomainWord().IsMatch(t.FullName ?? t.Name)).Select(t => t.FullName).ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("src/StaffConductAssistant.BotFramework")]
    [InlineData("src/StaffConductAssistant.AdaptiveCards")]
    public void No_source_file_in_the_generic_libraries_names_a_product_concept(string folder)
    {
        var offenders = Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => DomainWord().IsMatch(x.line) || x.line.Contains("using StaffConductAssistant.", StringComparison.Ordinal) && !ProtocolNamespace().IsMatch(x.line))
            .Select(x => $"{Path.GetFileName(x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_domain_word_check_can_fail()
    {
        Assert.Matches(DomainWord(), "public sealed class ConcernCard");
        Assert.Matches(DomainWord(), "var headmistress = ...");
        Assert.DoesNotMatch(DomainWord(), "public sealed class Activity");
    }

    [GeneratedRegex(@"\b(Concern|Headmistress|Parent|Moderator|Policy(Catalogue)?|Roster|WhatsApp|Slt|Pupil|School|Case(State|Workflow)|Conduct)", RegexOptions.IgnoreCase)]
    private static partial Regex DomainWord();

    [GeneratedRegex(@"using StaffConductAssistant\.(BotFramework|AdaptiveCards)(\.[A-Za-z]+)*;")]
    private static partial Regex ProtocolNamespace();
}
