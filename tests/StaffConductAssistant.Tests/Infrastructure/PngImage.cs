using System.Buffers.Binary;
using System.IO.Compression;

namespace StaffConductAssistant.Tests.Infrastructure;

/// <summary>A minimal decoder for 8-bit RGBA PNGs, enough to check icon sizes and transparency.</summary>
public sealed class PngImage
{
    private readonly byte[] _rgba;

    private PngImage(int width, int height, byte colorType, byte[] rgba) => (Width, Height, ColorType, _rgba) = (width, height, colorType, rgba);

    public int Width { get; }

    public int Height { get; }

    /// <summary>PNG colour type; 6 is RGBA.</summary>
    public byte ColorType { get; }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (_rgba[i], _rgba[i + 1], _rgba[i + 2], _rgba[i + 3]);
        }
    }

    public static PngImage Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            throw new InvalidDataException($"{path} is not a PNG");
        }

        int width = 0, height = 0;
        byte colorType = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var kind = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            if (kind == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
                if (data[8] != 8 || data[12] != 0)
                {
                    throw new NotSupportedException("Only 8-bit, non-interlaced PNGs are supported.");
                }
            }
            else if (kind == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        if (colorType != 6)
        {
            return new PngImage(width, height, colorType, []);
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        return new PngImage(width, height, colorType, Unfilter(inflated.ToArray(), width, height));
    }

    // PNG filters (RFC 2083 §6): each row starts with a filter byte; bpp is 4 for RGBA.
    private static byte[] Unfilter(byte[] raw, int width, int height)
    {
        const int bpp = 4;
        var stride = width * bpp;
        var output = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[(y * (stride + 1)) + 1 + x];
                int a = x >= bpp ? output[(y * stride) + x - bpp] : 0;
                int b = y > 0 ? output[((y - 1) * stride) + x] : 0;
                int c = x >= bpp && y > 0 ? output[((y - 1) * stride) + x - bpp] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"Unknown PNG filter {filter}"),
                };
                output[(y * stride) + x] = (byte)(value + predictor);
            }
        }

        return output;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
