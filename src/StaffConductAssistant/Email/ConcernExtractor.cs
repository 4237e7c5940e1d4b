using StaffConductAssistant.Email.Finders;

namespace StaffConductAssistant.Email;

/// <summary>
/// Prefills a WhatsApp-concern form from a parsed email with fixed, explainable rules: each value comes with the line
/// or header it was taken from, and a field the email does not answer is left empty with a "couldn't tell" warning.
/// Same input, same output. The work is done by small finders (<see cref="Finders"/>), one per field.
/// </summary>
public static class ConcernExtractor
{
    private const int MaxAnalysedChars = 100_000;

    /// <summary>Builds the form prefill. Never throws for odd text; slow patterns time out into warnings.</summary>
    public static EmailDraft Extract(ParsedEmail email, ExtractionContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(email);
        context ??= ExtractionContext.Empty;
        var body = new BodyText(email.Body, MaxAnalysedChars);
        var subject = email.Subject.Replace('\u2019', '\'');
        var warnings = new List<string>(email.Warnings);
        var sources = new List<KeyValuePair<string, FieldSource>>();
        if (email.Body.Length > MaxAnalysedChars)
        {
            warnings.Add("The email is very long; only the beginning was read for the form.");
        }

        ReporterFinder.Describe(email, sources, warnings);
        if (subject.Length > 0)
        {
            sources.Add(new("subject", new FieldSource("Subject line")));
        }

        var matcher = ConductCueMatcher.For(context.ConductCues);
        var timeline = TimelineFinder.Find(email, out var timelineSource);
        var excluded = new NameExclusions(email);
        foreach (var known in context.KnownGroups)
        {
            // "the Kingfishers WhatsApp posted…": a class name is never a parent.
            excluded.Add(known.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1]);
        }

        try
        {
            var staff = StaffFinder.Find(body, subject, context, excluded, out var staffSource);
            foreach (var s in staff)
            {
                excluded.AddStaff(s);
            }

            var poster = PosterFinder.Find(body, subject, excluded, body.IsChatLineAt, out var posterSource, out var posterNames);
            var quote = QuoteFinder.Find(body, posterNames, body.IsChatLineAt, out var quoteSource);
            if (timeline.Count > 0 && (poster is null || posterNames.Count == 1) && (quote is null || poster is null))
            {
                // The email does not say who posted or what (or names them by first name only): the chat does.
                if (PosterFinder.FromTimeline(timeline, poster, excluded, matcher) is { } message)
                {
                    if (poster is null || !poster.Contains(' ', StringComparison.Ordinal))
                    {
                        posterSource = new FieldSource($"WhatsApp chat, {message.Source}" + (poster is null ? string.Empty : $" (the email names '{poster}')"));
                        poster = message.Author;
                        posterNames = [message.Author];
                    }

                    if (quote is null)
                    {
                        quote = QuoteFinder.FromTimeline(timeline, message, out quoteSource);
                    }
                }
            }

            foreach (var p in posterNames)
            {
                excluded.Add(p);
            }

            var children = ChildrenFinder.Find(body, excluded, context, out var childSource);
            var group = GroupFinder.Find(body, subject, context, warnings, out var groupSource);
            var suggestions = ConductFinder.Find(body, subject, timeline, matcher, context.ConductCues);
            var (isLikely, score, reasons) = ConcernAssessor.Assess(body, subject, suggestions, timeline, poster is not null, quote is not null);
            if (!isLikely)
            {
                // A question or a thank-you is not conduct: no tag, whatever words it happens to use.
                suggestions = [];
            }

            Note(sources, "group", group, groupSource);
            if (group is null)
            {
                warnings.Add("No class or year group found.");
            }

            Note(sources, "postedBy", poster, posterSource);
            if (poster is null)
            {
                warnings.Add("Couldn't tell who posted the message.");
            }
            else if (posterNames.Count > 1)
            {
                warnings.Add("More than one parent was named as posting; check who posted the message.");
            }

            Note(sources, "quote", quote, quoteSource);
            if (suggestions.Count > 0)
            {
                sources.Add(new("conduct", new FieldSource("Cue words from the policy catalogue found in the subject, body and any WhatsApp chat")));
            }

            Note(sources, "namedChildren", children.Count > 0 ? children : null, childSource);
            Note(sources, "namedStaff", staff.Count > 0 ? staff : null, staffSource);
            var attachments = email.Attachments.Select(a => new AttachmentInfo(a.Name, a.ContentType, a.Size)).ToList();
            if (attachments.Count > 0)
            {
                sources.Add(new("attachments", new FieldSource("Files attached to the email (forwarded emails themselves are not listed)")));
            }

            Note(sources, "timeline", timeline.Count > 0 ? timeline : null, timelineSource);
            if (isLikely && quote is null)
            {
                warnings.Add("Couldn't find the words that were posted.");
            }

            return new EmailDraft
            {
                Reporter = email.From,
                SentAt = email.Date,
                Subject = email.Subject,
                Group = group,
                PostedBy = poster,
                Quote = quote,
                Suggestions = suggestions,
                NamedChildren = children,
                NamedStaff = staff,
                Attachments = attachments,
                Timeline = timeline,
                Warnings = warnings,
                IsLikelyConcern = isLikely,
                ConcernScore = score,
                ConcernReasons = reasons,
                Sources = sources,
            };
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // Every pattern has a timeout; hostile text that trips one gets an empty form, not an error.
            warnings.Add("The email could not be read in time; please fill in the form yourself.");
            return new EmailDraft { Reporter = email.From, SentAt = email.Date, Subject = email.Subject, Warnings = warnings, Sources = sources };
        }
    }

    private static void Note(List<KeyValuePair<string, FieldSource>> sources, string field, object? value, FieldSource? source)
    {
        if (value is not null && source is not null)
        {
            sources.Add(new(field, source));
        }
    }
}
