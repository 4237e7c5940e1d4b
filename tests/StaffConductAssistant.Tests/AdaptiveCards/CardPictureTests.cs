using StaffConductAssistant.Tests.Infrastructure;

namespace StaffConductAssistant.Tests.AdaptiveCards;

public class CardPictureTests
{
    /// <summary>Regenerates docs/cards/sample.png from the demo card (also proves the renderer works).</summary>
    [Fact]
    public async Task RendersTheDemoCardToDocsSamplePng()
    {
        var path = Path.Combine(TestPaths.RepositoryRoot, "docs", "cards", "sample.png");
        await CardPictures.RenderAsync(DemoCards.Everything().ToJson(), path);

        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        var width = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16));
        Assert.InRange(width, 440, 460);
    }
}
