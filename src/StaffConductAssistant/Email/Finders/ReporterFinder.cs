namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// The reporting parent and when they wrote: the innermost author of the email (the reader follows attached and
/// pasted forwards down to them), with the header or pasted line each came from.
/// </summary>
internal static class ReporterFinder
{
    public static void Describe(ParsedEmail email, List<KeyValuePair<string, FieldSource>> sources, List<string> warnings)
    {
        if (email.From is not null)
        {
            sources.Add(new("reporter", new FieldSource(email.FromSource)));
        }

        if (email.Date is not null)
        {
            sources.Add(new("sentAt", new FieldSource(email.FromSource.Replace("From", "Date", StringComparison.Ordinal))));
        }
        else
        {
            warnings.Add("The email has no date we could read.");
        }
    }
}
