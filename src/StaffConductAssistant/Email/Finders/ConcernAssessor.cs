using System.Text.RegularExpressions;

namespace StaffConductAssistant.Email.Finders;

/// <summary>
/// Whether the email reads like a concern about a class WhatsApp group at all. It must mention the group chat and
/// either sound worried or carry the policy's cue words. Auto-replies, bounces and newsletters never do; a question
/// or a thank-you whose only hint is one cue word ("going back and forth about the nativity") is not a concern.
/// </summary>
internal static partial class ConcernAssessor
{
    public static bool MentionsChat(string text) => ChatWords().IsMatch(text);

    /// <summary>Hostile words on their own (for picking the message in a chat that the concern is about).</summary>
    public static bool SoundsHostile(string text) => WorryWords().IsMatch(text);

    public static (bool IsLikely, double Score, List<string> Reasons) Assess(
        BodyText body, string subject, IReadOnlyList<ConductSuggestion> suggestions, IReadOnlyList<ChatMessage> timeline, bool hasPoster, bool hasQuote)
    {
        var reasons = new List<string>();
        var score = 0.0;
        var chat = ChatWords().Match(subject);
        if (!chat.Success)
        {
            chat = ChatWords().Match(body.Text);
        }

        var hasChat = chat.Success || timeline.Count > 0;
        if (chat.Success)
        {
            score += 0.35;
            reasons.Add($"Mentions a group chat ('{chat.Value}').");
        }
        else if (timeline.Count > 0)
        {
            score += 0.35;
            reasons.Add("Holds a WhatsApp chat.");
        }
        else
        {
            reasons.Add("Doesn't mention WhatsApp or a class group chat.");
        }

        var cueWords = suggestions.Sum(s => s.Words.Count);
        if (suggestions.Count > 0)
        {
            score += 0.3 + Math.Min(0.1, 0.05 * (suggestions.Count - 1));
            reasons.Add("Words linked to the code of conduct: " + string.Join(", ", suggestions.Select(s => s.ConductId)) + ".");
        }

        var worry = WorryWords().Match(subject);
        if (!worry.Success)
        {
            worry = WorryWords().Match(body.Text);
        }

        if (worry.Success)
        {
            score += 0.2;
            reasons.Add($"Sounds worried ('{worry.Value}').");
        }

        if (hasPoster)
        {
            score += 0.1;
            reasons.Add("Names who posted.");
        }

        if (hasQuote)
        {
            score += 0.05;
            reasons.Add("Quotes what was posted.");
        }

        var routine = Routine().Match(subject + "\n" + body.Text);
        if (routine.Success)
        {
            reasons.Add($"Reads like an automatic or bulk email ('{routine.Value}').");
        }

        // One cue word in a question or a thank-you, with no worry, poster or quote, is a passing mention.
        var asksOrThanks = body.Text.Contains('?', StringComparison.Ordinal) || Thanks().IsMatch(subject + "\n" + body.Text);
        var weak = cueWords <= 1 && !worry.Success && !hasPoster && !hasQuote && asksOrThanks;
        if (weak && suggestions.Count > 0)
        {
            reasons.Add("Only one cue word, in a question or a thank-you.");
        }

        var isLikely = hasChat && !routine.Success && !weak && (suggestions.Count > 0 || worry.Success);
        return (isLikely, Math.Round(Math.Min(1.0, score), 2), reasons);
    }

    [GeneratedRegex(@"\b(?:whats[ ]?app|group[ ]+chat|class[ ]+chat|parents'?[ ]+chat|mums'?[ ]+chat|chat[ ]+group|group|grp|chat|WA)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ChatWords();

    [GeneratedRegex(@"\b(?:inappropriate|upset|upsetting|concerned|concerning|worried|worrying|worry|uncomfortable|offensive|abusive|unacceptable|not[ ]acceptable|unfair|not[ ]fair|not[ ]ok|not[ ]okay|not[ ]nice|not[ ]funny|not[ ]happy|threat\w{0,8}|bull(?:y|ied|ying)|distress\w{0,4}|unkind|rude|nasty|horrible|hurtful|disrespectful|shocked|appalled|horrified|frightened|scared|intimidat\w{0,6}|out[ ]of[ ]hand|ridiculous)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WorryWords();

    [GeneratedRegex(@"\b(?:automatic[ ]reply|auto-?reply|out[ ]of[ ](?:the[ ])?office|undeliver(?:ed|able)|delivery[ ](?:status|failure|has[ ]failed)|mail[ ]delivery|unsubscribe|newsletter|mailer-daemon)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Routine();

    [GeneratedRegex(@"\b(?:thank[ ]you|thanks[ ]so[ ]much|many[ ]thanks|lovely|praise)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Thanks();
}
