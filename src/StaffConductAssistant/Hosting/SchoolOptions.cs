using System.ComponentModel.DataAnnotations;

namespace StaffConductAssistant.Hosting;

/// <summary>
/// The school's class and year groups, Nursery to Year 6, by the names staff and parents use.
/// The roster lists exactly these, and the email extractor matches group names against them.
/// </summary>
public sealed class SchoolOptions : IValidatableObject
{
    public const string Section = "School";

    /// <summary>Canonical group names in school order, for example "Nursery Owls", "Reception Robins", "Year 1 Kingfishers".</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>The configured name for <paramref name="name"/> (any case, extra spaces), or null if the school has no such group.</summary>
    public string? FindGroup(string? name)
    {
        var wanted = Normalise(name);
        return wanted.Length == 0 ? null : Groups.FirstOrDefault(g => Normalise(g) == wanted);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Groups.Count == 0)
        {
            yield return new ValidationResult("School:Groups must list the school's class and year groups (for example \"Nursery Owls\", \"Year 6\").", [nameof(Groups)]);
        }

        if (Groups.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("School:Groups has an empty entry.", [nameof(Groups)]);
        }

        var duplicate = Groups.Where(g => !string.IsNullOrWhiteSpace(g)).GroupBy(Normalise).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            yield return new ValidationResult($"School:Groups lists \"{duplicate.First()}\" more than once.", [nameof(Groups)]);
        }
    }

    private static string Normalise(string? name) =>
        string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
}
