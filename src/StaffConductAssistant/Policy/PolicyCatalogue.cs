using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace StaffConductAssistant.Policy;

/// <summary>
/// The school's policy as data: every kind of conduct and every response, each tied to the policy's own words.
/// Built only through <see cref="Parse"/>, which refuses any quote the policy text does not contain, so the
/// school changes what the app cites by editing text and data, never code.
/// </summary>
public sealed partial class PolicyCatalogue
{
    public const string CatalogueFileName = "policy-catalogue.json";
    public const string PolicyFileName = "whatsapp-groups-policy.txt";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, ConductKind> conductById;
    private readonly Dictionary<string, ResponseOption> responseById;

    private PolicyCatalogue(
        IReadOnlyList<ConductKind> conduct,
        IReadOnlyList<ResponseOption> responses,
        string decisionQuote,
        string proportionalityQuote,
        string policyText)
    {
        Conduct = conduct;
        Responses = responses;
        DecisionQuote = decisionQuote;
        ProportionalityQuote = proportionalityQuote;
        PolicyText = policyText;
        conductById = conduct.ToDictionary(c => c.Id, StringComparer.Ordinal);
        responseById = responses.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ConductKind> Conduct { get; }

    public IReadOnlyList<ResponseOption> Responses { get; }

    /// <summary>The policy's sentence that the decision is the Headmistress's.</summary>
    public string DecisionQuote { get; }

    /// <summary>The policy's sentence that the school always responds in a proportional way.</summary>
    public string ProportionalityQuote { get; }

    /// <summary>The full policy text the quotes were checked against, for showing the policy itself.</summary>
    public string PolicyText { get; }

    public ConductKind? FindConduct(string id) => conductById.GetValueOrDefault(id);

    public ResponseOption? FindResponse(string id) => responseById.GetValueOrDefault(id);

    /// <summary>The response the rest of the app depends on; validation guarantees each of <see cref="ResponseIds.All"/> exists.</summary>
    public ResponseOption GetResponse(string id) =>
        FindResponse(id) ?? throw new KeyNotFoundException($"The policy catalogue has no response option '{id}'.");

    /// <summary>Reads the shipped catalogue and policy text from one folder (normally AppContext.BaseDirectory/Policy).</summary>
    public static PolicyCatalogue LoadFrom(string directory)
    {
        var cataloguePath = Path.Combine(directory, CatalogueFileName);
        var policyPath = Path.Combine(directory, PolicyFileName);
        string catalogueJson;
        string policyText;
        try
        {
            catalogueJson = File.ReadAllText(cataloguePath, Encoding.UTF8);
            policyText = File.ReadAllText(policyPath, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PolicyCatalogueException(
                $"Could not read the policy files from '{directory}' (expected {CatalogueFileName} and {PolicyFileName}): {e.Message}", e);
        }

        return Parse(catalogueJson, policyText);
    }

    /// <summary>Builds the catalogue, checking every id, heading and quote against the policy text.</summary>
    /// <exception cref="PolicyCatalogueException">The data does not match the policy; the message names the entry.</exception>
    public static PolicyCatalogue Parse(string catalogueJson, string policyText)
    {
        ArgumentNullException.ThrowIfNull(catalogueJson);
        ArgumentNullException.ThrowIfNull(policyText);
        if (string.IsNullOrWhiteSpace(policyText))
        {
            throw new PolicyCatalogueException("The policy text is empty, so no quote in the catalogue can be checked.");
        }

        CatalogueDto dto;
        try
        {
            dto = JsonSerializer.Deserialize<CatalogueDto>(catalogueJson, JsonOptions)
                ?? throw new PolicyCatalogueException("The policy catalogue is empty.");
        }
        catch (JsonException e)
        {
            throw new PolicyCatalogueException($"The policy catalogue is not valid JSON: {e.Message}", e);
        }

        var policy = new PolicyIndex(policyText);
        var decision = CheckQuotedSentence(dto.Decision, "decision", policy);
        var proportionality = CheckQuotedSentence(dto.Proportionality, "proportionality", policy);

        var conduct = new List<ConductKind>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var seenQuotes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in dto.Conduct ?? [])
        {
            var kind = CheckConduct(entry, policy);
            RequireUniqueId(kind.Id, seenIds);
            if (seenQuotes.TryGetValue(PolicyIndex.Normalise(kind.Quote), out var earlier))
            {
                throw new PolicyCatalogueException(
                    $"Conduct entries '{earlier}' and '{kind.Id}' quote the same words; keep one entry for a repeated policy bullet.");
            }

            seenQuotes.Add(PolicyIndex.Normalise(kind.Quote), kind.Id);
            conduct.Add(kind);
        }

        if (conduct.Count == 0)
        {
            throw new PolicyCatalogueException("The policy catalogue lists no conduct.");
        }

        var responses = new List<ResponseOption>();
        foreach (var entry in dto.Responses ?? [])
        {
            var option = CheckResponse(entry, policy);
            RequireUniqueId(option.Id, seenIds);
            responses.Add(option);
        }

        var missing = ResponseIds.All.Where(id => responses.All(r => r.Id != id)).ToList();
        if (missing.Count > 0)
        {
            throw new PolicyCatalogueException(
                $"The policy catalogue is missing the response option(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}, which the app relies on.");
        }

        return new PolicyCatalogue(conduct, responses, decision, proportionality, policyText);
    }

    /// <summary>Kinds of conduct whose cues occur in the text, most serious first; a hint for staff, never a finding.</summary>
    public IReadOnlyList<ConductSuggestion> SuggestConduct(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The same cached matcher the email extractor uses (Email/ConductCueMatcher), so the two never disagree.
        var matcher = Email.ConductCueMatcher.For([.. Conduct.Select(c => new Email.ConductCue(c.Id, c.Cues))]);
        var hits = matcher.Find(PolicyIndex.Normalise(text));
        return Conduct
            .Select(kind => new ConductSuggestion(kind, [.. hits.Where(h => h.ConductId == kind.Id).Select(h => h.Phrase).Distinct(StringComparer.Ordinal)]))
            .Where(s => s.MatchedCues.Count > 0)
            .OrderByDescending(s => s.Conduct.Severity)
            .ThenByDescending(s => s.MatchedCues.Count)
            .ToList();
    }

    private static void RequireUniqueId(string id, HashSet<string> seen)
    {
        if (!seen.Add(id))
        {
            throw new PolicyCatalogueException($"The id '{id}' is used by more than one entry in the policy catalogue.");
        }
    }

    private static string CheckQuotedSentence(QuotedDto? dto, string name, PolicyIndex policy)
    {
        if (dto is null)
        {
            throw new PolicyCatalogueException($"The policy catalogue has no '{name}' quote.");
        }

        var heading = Required(dto.Heading, name, "heading");
        var quote = Required(dto.Quote, name, "quote");
        policy.RequireQuoteUnderHeading(name, heading, quote);
        return quote;
    }

    private static ConductKind CheckConduct(ConductDto dto, PolicyIndex policy)
    {
        var id = CheckId(dto.Id, "conduct");
        var heading = Required(dto.Heading, id, "heading");
        var quote = Required(dto.Quote, id, "quote");
        policy.RequireQuoteUnderHeading(id, heading, quote);

        var severity = ParseSeverity(dto.Severity, id);
        var flags = ConductFlags.None;
        foreach (var flag in dto.Flags ?? [])
        {
            flags |= ParseFlag(flag, id);
        }

        var cues = new List<string>();
        foreach (var cue in dto.Cues ?? [])
        {
            if (string.IsNullOrWhiteSpace(cue) || cue != cue.Trim() || cue.Any(char.IsUpper))
            {
                throw new PolicyCatalogueException(
                    $"Conduct entry '{id}' has the cue \"{cue}\"; cues must be lowercase and non-empty, without surrounding spaces.");
            }

            cues.Add(PolicyIndex.Normalise(cue));
        }

        return new ConductKind(id, Required(dto.Label, id, "label"), heading, quote, severity, flags, cues.Distinct().ToList());
    }

    private static ResponseOption CheckResponse(ResponseDto dto, PolicyIndex policy)
    {
        var id = CheckId(dto.Id, "response");
        var heading = Required(dto.Heading, id, "heading");
        var quote = Required(dto.Quote, id, "quote");
        policy.RequireQuoteUnderHeading(id, heading, quote);
        return new ResponseOption(
            id,
            Required(dto.Label, id, "label"),
            heading,
            quote,
            Required(dto.AppliesWhen, id, "appliesWhen"),
            dto.SchoolCanOnlyAsk);
    }

    private static string CheckId(string? id, string what)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new PolicyCatalogueException($"A {what} entry in the policy catalogue has no id.");
        }

        if (!KebabCase().IsMatch(id))
        {
            throw new PolicyCatalogueException($"The {what} id '{id}' is not kebab-case (lowercase words joined by hyphens).");
        }

        return id;
    }

    private static string Required(string? value, string id, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new PolicyCatalogueException($"Entry '{id}' in the policy catalogue has no {field}.")
            : value;

    private static Severity ParseSeverity(string? value, string id) => value?.ToLowerInvariant() switch
    {
        "low" => Severity.Low,
        "moderate" => Severity.Moderate,
        "high" => Severity.High,
        "severe" => Severity.Severe,
        _ => throw new PolicyCatalogueException(
            $"Conduct entry '{id}' has severity '{value}'; use low, moderate, high or severe."),
    };

    private static ConductFlags ParseFlag(string? value, string id) => value switch
    {
        "threat" => ConductFlags.Threat,
        "possibleCrime" => ConductFlags.PossibleCrime,
        "possiblyDefamatory" => ConductFlags.PossiblyDefamatory,
        "concernsChild" => ConductFlags.ConcernsChild,
        _ => throw new PolicyCatalogueException(
            $"Conduct entry '{id}' has flag '{value}'; use threat, possibleCrime, possiblyDefamatory or concernsChild."),
    };

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex KebabCase();

    /// <summary>The policy text prepared for word-for-word checks that forgive only whitespace.</summary>
    private sealed class PolicyIndex
    {
        private readonly string[] lines;
        private readonly string normalisedText;

        public PolicyIndex(string text)
        {
            lines = text.ReplaceLineEndings("\n").Split('\n');
            normalisedText = Normalise(text);
        }

        public static string Normalise(string text)
        {
            var builder = new StringBuilder(text.Length);
            var pendingSpace = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    pendingSpace = builder.Length > 0;
                    continue;
                }

                if (pendingSpace)
                {
                    builder.Append(' ');
                    pendingSpace = false;
                }

                builder.Append(c);
            }

            return builder.ToString();
        }

        public void RequireQuoteUnderHeading(string id, string heading, string quote)
        {
            var wantedHeading = Normalise(heading);
            var headingLine = Array.FindIndex(lines, line => Normalise(line) == wantedHeading);
            if (headingLine < 0)
            {
                throw new PolicyCatalogueException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Entry '{id}': the heading \"{heading}\" was not found as a line of its own in the policy text."));
            }

            var wantedQuote = Normalise(quote);
            if (!normalisedText.Contains(wantedQuote, StringComparison.Ordinal))
            {
                throw new PolicyCatalogueException(
                    $"Entry '{id}': the quote \"{quote}\" was not found word for word in the policy text. " +
                    "Correct the quote in the catalogue, or the policy text, so that they agree.");
            }

            var fromHeading = Normalise(string.Join('\n', lines.Skip(headingLine)));
            if (!fromHeading.Contains(wantedQuote, StringComparison.Ordinal))
            {
                throw new PolicyCatalogueException(
                    $"Entry '{id}': the quote was found in the policy text, but not under the heading \"{heading}\".");
            }
        }
    }

    private sealed class CatalogueDto
    {
        public string? PolicyFile { get; set; }

        public QuotedDto? Decision { get; set; }

        public QuotedDto? Proportionality { get; set; }

        public List<ConductDto>? Conduct { get; set; }

        public List<ResponseDto>? Responses { get; set; }
    }

    private sealed class QuotedDto
    {
        public string? Heading { get; set; }

        public string? Quote { get; set; }
    }

    private sealed class ConductDto
    {
        public string? Id { get; set; }

        public string? Label { get; set; }

        public string? Heading { get; set; }

        public string? Quote { get; set; }

        public string? Severity { get; set; }

        public List<string>? Flags { get; set; }

        public List<string>? Cues { get; set; }
    }

    private sealed class ResponseDto
    {
        public string? Id { get; set; }

        public string? Label { get; set; }

        public string? Heading { get; set; }

        public string? Quote { get; set; }

        public string? AppliesWhen { get; set; }

        public bool SchoolCanOnlyAsk { get; set; }
    }
}
