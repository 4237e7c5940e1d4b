namespace StaffConductAssistant.Email.Finders;

/// <summary>A WhatsApp chat in the email: pasted into the body, or attached as an export (_chat.txt, or a .zip holding it).</summary>
internal static class TimelineFinder
{
    public static IReadOnlyList<ChatMessage> Find(ParsedEmail email, out FieldSource? source)
    {
        source = null;
        var pasted = WhatsAppChat.Parse(email.Body, "Body");
        if (pasted.Count > 0)
        {
            source = new FieldSource($"WhatsApp chat pasted into the body ({pasted.Count} messages, from {pasted[0].Source})");
            return pasted;
        }

        foreach (var attachment in email.Attachments)
        {
            var messages = WhatsAppChat.FromAttachment(attachment);
            if (messages.Count > 0)
            {
                source = new FieldSource($"WhatsApp chat export attached as '{attachment.Name}' ({messages.Count} messages)");
                return messages;
            }
        }

        return [];
    }
}
