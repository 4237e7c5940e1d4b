"""Small hand-rolled MIME writer for the corpus generator: full control over charsets and transfer encodings."""
import base64
import quopri
import struct
import zlib
import io
import zipfile

CRLF = "\r\n"


def encode_body(text, charset, cte, encode_as=None):
    raw = text.encode(encode_as or charset or "utf-8")
    if cte == "base64":
        b = base64.encodebytes(raw).decode("ascii").replace("\n", CRLF)
    elif cte == "quoted-printable":
        b = quopri.encodestring(raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")).decode("ascii")
    else:  # 7bit / 8bit: raw bytes as latin-1 so they survive the str round trip
        b = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n").decode("latin-1")
    return b


def text_part(text, subtype="plain", charset="utf-8", cte="quoted-printable", filename=None, disposition=None, encode_as=None):
    ct = f"text/{subtype}"
    if charset:
        ct += f'; charset="{charset}"'
    if filename:
        ct += f'; name="{filename}"'
    headers = [f"Content-Type: {ct}", f"Content-Transfer-Encoding: {cte}"]
    if filename or disposition:
        headers.append(f"Content-Disposition: {disposition or 'attachment'}" + (f'; filename="{filename}"' if filename else ""))
    return CRLF.join(headers) + CRLF + CRLF + encode_body(text, charset, cte, encode_as)


def binary_part(data, ctype, filename=None, cid=None, inline=False):
    headers = [f"Content-Type: {ctype}" + (f'; name="{filename}"' if filename else ""), "Content-Transfer-Encoding: base64"]
    if cid:
        headers.append(f"Content-ID: <{cid}>")
    if filename or inline:
        headers.append(f"Content-Disposition: {'inline' if inline else 'attachment'}" + (f'; filename="{filename}"' if filename else ""))
    return CRLF.join(headers) + CRLF + CRLF + base64.encodebytes(data).decode("ascii").replace("\n", CRLF)


_counter = [0]


def multipart(subtype, parts, extra=""):
    _counter[0] += 1
    boundary = f"=_corpus_{_counter[0]:04d}_{subtype}"
    head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"{extra}'
    body = "This is a multi-part message in MIME format." + CRLF
    for p in parts:
        body += CRLF + "--" + boundary + CRLF + p + CRLF
    body += "--" + boundary + "--" + CRLF
    return head + CRLF + CRLF + body


def rfc822_part(message, filename=None):
    head = "Content-Type: message/rfc822" + (f'; name="{filename}"' if filename else "")
    if filename:
        head += CRLF + f'Content-Disposition: attachment; filename="{filename}"'
    return head + CRLF + CRLF + message


def message(headers, body_part):
    """headers: list of (name, value); body_part: a part string starting with its Content-Type header."""
    lines = [f"{k}: {_ascii_header(v)}" for k, v in headers]
    lines.append("MIME-Version: 1.0")
    return CRLF.join(lines) + CRLF + body_part


def _ascii_header(v):
    """Non-ASCII header text as RFC 2047 encoded words (the address itself stays as it is)."""
    if all(ord(c) < 128 for c in v):
        return v
    if v.endswith(">") and "<" in v:
        name, addr = v.rsplit("<", 1)
        return encoded_word(name.strip()) + " <" + addr
    return encoded_word(v)


def encoded_word(text, charset="utf-8", mode="B"):
    raw = text.encode(charset)
    if mode == "B":
        return f"=?{charset}?B?{base64.b64encode(raw).decode('ascii')}?="
    q = "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else ("_" if b == 32 else f"={b:02X}") for b in raw)
    return f"=?{charset}?Q?{q}?="


def png(width=2, height=2, rgb=(200, 30, 30)):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


def zip_bytes(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 21, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()
