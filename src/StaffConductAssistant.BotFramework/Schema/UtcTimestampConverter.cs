using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace StaffConductAssistant.BotFramework.Schema;

/// <summary>Writes <c>timestamp</c> as UTC ISO 8601 ending in <c>Z</c> (Activity spec), reads any ISO 8601 offset.</summary>
internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture));
}
