#!/usr/bin/env python3
"""Draws the two Teams icons with only the standard library (zlib PNG encoding).

color.png: 192x192, a deep blue rounded square with a white speech bubble holding a shield check.
outline.png: 32x32, the same bubble in white on a transparent background (Teams requirement).
Outlook's ribbon button (the manifest's extensions[].ribbons icons: 16, 32 and 80 px are required) and the add-in's
alternateIcons (64 and 128 px) use the colour icon at those sizes, served by the app from wwwroot/outlook/.
"""
import math
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))


def write_png(path, width, height, pixel):
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel(x, y))
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', width, height, 8, 6, 0, 0, 0))
    png += chunk(b'IDAT', zlib.compress(bytes(rows), 9)) + chunk(b'IEND', b'')
    with open(path, 'wb') as f:
        f.write(png)


def coverage(inside, x, y, samples=4):
    """Antialiasing: fraction of sub-pixel samples inside the shape."""
    hits = 0
    for i in range(samples):
        for j in range(samples):
            if inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples):
                hits += 1
    return hits / (samples * samples)


def rounded_rect(x, y, left, top, right, bottom, r):
    cx = min(max(x, left + r), right - r)
    cy = min(max(y, top + r), bottom - r)
    return left <= x <= right and top <= y <= bottom and (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def bubble(x, y, s):
    """Speech bubble in a unit square scaled by s: a rounded body and a tail at the lower left."""
    u, v = x / s, y / s
    body = rounded_rect(u, v, 0.12, 0.16, 0.88, 0.70, 0.12)
    tail = 0.22 <= u <= 0.42 and 0.66 <= v <= 0.88 and (u - 0.22) <= (0.88 - v) * 0.9
    return body or tail


def check(x, y, s, width):
    """A tick drawn as two thick segments inside the bubble."""
    u, v = x / s, y / s
    def near(ax, ay, bx, by):
        dx, dy = bx - ax, by - ay
        t = max(0, min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(u - (ax + t * dx), v - (ay + t * dy)) <= width
    return near(0.33, 0.43, 0.45, 0.55) or near(0.45, 0.55, 0.68, 0.30)


def color_pixel(x, y, s=192):
    bg = coverage(lambda a, b: rounded_rect(a, b, 0, 0, s, s, s * 36 / 192), x, y)
    white = coverage(lambda a, b: bubble(a, b, s) and not check(a, b, s, 0.045), x, y)
    blue = (0x1F, 0x4E, 0x79)
    r, g, b = (round(c + (255 - c) * white) for c in blue)
    return bytes((r, g, b, round(255 * bg)))


def outline_pixel(x, y):
    s = 32
    # White bubble with the tick cut out, transparent elsewhere.
    a = coverage(lambda p, q: bubble(p, q, s) and not check(p, q, s, 0.06), x, y)
    return bytes((255, 255, 255, round(255 * a)))


if __name__ == '__main__':
    write_png(os.path.join(HERE, 'color.png'), 192, 192, color_pixel)
    write_png(os.path.join(HERE, 'outline.png'), 32, 32, outline_pixel)
    ribbon = os.path.join(os.path.dirname(HERE), 'src', 'StaffConductAssistant', 'wwwroot', 'outlook')
    os.makedirs(ribbon, exist_ok=True)
    for size in (16, 32, 64, 80, 128):
        write_png(os.path.join(ribbon, f'icon-{size}.png'), size, size, lambda x, y, s=size: color_pixel(x, y, s))
