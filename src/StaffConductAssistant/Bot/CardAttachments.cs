using StaffConductAssistant.AdaptiveCards;
using StaffConductAssistant.BotFramework.Schema;

namespace StaffConductAssistant.Bot;

/// <summary>The one place the card model meets the protocol: a card becomes an activity attachment.</summary>
public static class CardAttachments
{
    public static Attachment ToAttachment(this AdaptiveCard card) => new()
    {
        ContentType = AdaptiveCard.ContentType,
        Content = card.ToJsonElement(),
    };
}
