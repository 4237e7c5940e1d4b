using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>An attachment (for example an Adaptive Card: <c>contentType</c> application/vnd.microsoft.card.adaptive).</summary>
public sealed class Attachment
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? ContentType { get; set; }

    public string? ContentUrl { get; set; }

    public JsonElement? Content { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <summary>An attachment whose content is any serializable object (a card model), written with <see cref="BotJson.Options"/>.</summary>
    public static Attachment Create<T>(string contentType, T content) =>
        new() { ContentType = contentType, Content = BotJson.ToElement(content) };

    public static Attachment AdaptiveCard<T>(T card) => Create(AdaptiveCardContentType, card);
}
