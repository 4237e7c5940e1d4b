#!/usr/bin/env python3
"""Writes the extraction corpus: emails/*.eml and answers.json.

Every email here was written for this corpus (none is derived from shared/samples/emails). Run from any folder:
    python3 tests/StaffConductAssistant.Tests/Email/Corpus/generate.py
The output is deterministic and committed; the tests and bench/extraction read the committed files.
"""
import json
import re
import os
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mime import (CRLF, binary_part, encoded_word, message, multipart, png, rfc822_part, text_part, zip_bytes)  # noqa: E402
from scenarios import SCENARIOS  # noqa: E402
from holdout import HOLDOUT  # noqa: E402
from holdout2 import HOLDOUT2  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "emails")
SCHOOL = "stjohnspriory.example"

STAFF_FORWARDERS = {
    "office": ("School Office", f"office@{SCHOOL}"),
    "turnbull": ("Rachel Turnbull", f"r.turnbull@{SCHOOL}"),
    "okonjo": ("David Okonjo", f"d.okonjo@{SCHOOL}"),
    "fairweather": ("Lily Fairweather", f"l.fairweather@{SCHOOL}"),
    "deputy": ("Deputy Head", f"deputy@{SCHOOL}"),
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def rfc_date(d):
    return d.strftime("%a, %d %b %Y %H:%M:%S +0000")


def outlook_date(d):  # 17 November 2026 22:40
    return f"{d.day} {MONTHS[d.month - 1]} {d.year} {d:%H:%M}"


def outlook_us_date(d):  # Tuesday, November 17, 2026 10:40 PM
    h = d.hour % 12 or 12
    return f"{DAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year} {h}:{d:%M} {'AM' if d.hour < 12 else 'PM'}"


def gmail_date(d):  # Tue, 17 Nov 2026 at 22:40
    return f"{d:%a}, {d.day} {d:%b} {d.year} at {d:%H:%M}"


def apple_date(d):  # 17 November 2026 at 22:40:12 GMT
    return f"{d.day} {MONTHS[d.month - 1]} {d.year} at {d:%H:%M:%S} GMT"


def samsung_date(d):  # 17/11/2026 22:40 (GMT+00:00)
    return f"{d:%d/%m/%Y %H:%M} (GMT+00:00)"


def person(name, addr):
    return f"{name} <{addr}>" if name else addr


def parent_body_part(s):
    """The parent's own email body as a MIME part (with attachments)."""
    body = s["body"]
    fmt = s.get("format", "plain")
    charset = s.get("charset", "utf-8")
    cte = s.get("cte", "quoted-printable")
    enc = s.get("encode_as")
    if fmt == "html":
        part = text_part(s["html"], "html", charset, cte, encode_as=enc)
    elif fmt == "alt":
        part = multipart("alternative", [text_part(body, "plain", charset, cte, encode_as=enc), text_part(s["html"], "html", charset, cte, encode_as=enc)])
    else:
        part = text_part(body, "plain", charset, cte, encode_as=enc)
    atts = s.get("attachments", [])
    inline_imgs = [a for a in atts if a["kind"] == "inline-image"]
    if inline_imgs:
        part = multipart("related", [part] + [binary_part(png(), "image/png", a["name"], cid=a["cid"], inline=True) for a in inline_imgs], '; type="text/html"')
    files = [a for a in atts if a["kind"] != "inline-image"]
    if files:
        part = multipart("mixed", [part] + [attachment_part(a) for a in files])
    return part


def attachment_part(a):
    k = a["kind"]
    if k == "image":
        return binary_part(png(3, 2), "image/png" if a["name"].endswith(".png") else "image/jpeg", a["name"])
    if k == "chat-txt":
        return text_part(a["text"], "plain", "utf-8", "base64", filename=a["name"])
    if k == "chat-zip":
        return binary_part(zip_bytes([(a.get("inner", "_chat.txt"), a["text"].encode("utf-8"))] + [(n, png()) for n in a.get("media", [])]), "application/zip", a["name"])
    if k == "pdf":
        return binary_part(b"%PDF-1.4\n%corpus\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf", a["name"])
    raise ValueError(k)


def subject_header(s):
    subj = s["subject"]
    enc = s.get("subject_encoding")
    if enc:
        return encoded_word(subj, enc[0], enc[1])
    return subj


def parent_message(s, n):
    d = s["date"]
    headers = [("From", person(s["from"][0], s["from"][1])), ("To", s.get("to", f"Office <office@{SCHOOL}>")),
               ("Subject", subject_header(s)), ("Date", rfc_date(d)), ("Message-ID", f"<corpus-{n:03d}-parent@mail.example>")]
    if s.get("from_encoding"):
        headers[0] = ("From", f"{encoded_word(s['from'][0], s['from_encoding'][0], s['from_encoding'][1])} <{s['from'][1]}>")
    return message(headers, parent_body_part(s))


def inline_forward(s, n, style):
    """A member of staff forwards the parent's email pasted into the body."""
    fname, faddr = STAFF_FORWARDERS[s.get("forwarder", "office")]
    d = s["date"]
    fd = d.replace(hour=min(d.hour + 1, 23))
    note = s.get("note", "Please see below.")
    pfrom = person(s["from"][0], s["from"][1])
    if style == "outlook":
        header = f"-----Original Message-----\nFrom: {pfrom}\nSent: {outlook_date(d)}\nTo: Office <office@{SCHOOL}>\nSubject: {s['subject']}\n"
    elif style == "outlook-new":
        header = f"________________________________\nFrom: {s['from'][0]} <{s['from'][1]}>\nSent: {outlook_us_date(d)}\nTo: {fname} <{faddr}>\nSubject: {s['subject']}\n"
    elif style == "gmail":
        header = f"---------- Forwarded message ---------\nFrom: {s['from'][0]} <{s['from'][1]}>\nDate: {gmail_date(d)}\nSubject: {s['subject']}\nTo: <{faddr}>\n"
    elif style == "apple":
        header = f"Begin forwarded message:\n\nFrom: {s['from'][0]} <{s['from'][1]}>\nSubject: {s['subject']}\nDate: {apple_date(d)}\nTo: {fname} <{faddr}>\n"
    elif style == "iphone":
        note = note + "\n\nSent from my iPhone"
        header = f"Begin forwarded message:\n\nFrom: {s['from'][0]} <{s['from'][1]}>\nDate: {apple_date(d)}\nTo: {faddr}\nSubject: {s['subject']}\n"
    elif style == "samsung":
        note = note + "\n\nSent from my Galaxy"
        header = f"-------- Original message --------\nFrom: {s['from'][0]} <{s['from'][1]}> \nDate: {samsung_date(d)} \nTo: {faddr} \nSubject: {s['subject']} \n"
    else:
        raise ValueError(style)
    text = note + "\n\n" + header + "\n" + s["body"]
    prefix = "Fwd: " if style in ("gmail", "apple", "iphone", "samsung") else "FW: "
    outer = dict(s, body=text, format="plain", attachments=s.get("attachments", []))
    if s.get("format") in ("html", "alt"):
        outer["format"] = "plain"
    part = parent_body_part(outer)
    headers = [("From", person(fname, faddr)), ("To", f"Mrs Jenkin <headmistress@{SCHOOL}>"), ("Subject", prefix + s["subject"]),
               ("Date", rfc_date(fd)), ("Message-ID", f"<corpus-{n:03d}-fw@{SCHOOL}>")]
    return message(headers, part)


def html_outlook_forward(s, n):
    """Outlook's HTML forward: the header block is bold labels in a div; HTML only."""
    fname, faddr = STAFF_FORWARDERS[s.get("forwarder", "office")]
    d = s["date"]
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    paras = "".join(f"<p class=MsoNormal>{esc(p).replace(chr(10), '<br>')}</p>" for p in s["body"].split("\n\n"))
    html = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"><style>p.MsoNormal{margin:0}</style></head>"
            f"<body lang=EN-GB><div class=WordSection1><p class=MsoNormal>{esc(s.get('note', 'FYI'))}</p><p class=MsoNormal>&nbsp;</p>"
            "<div style='border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm'>"
            f"<p class=MsoNormal><b>From:</b> {esc(s['from'][0])} &lt;{s['from'][1]}&gt; <br><b>Sent:</b> {outlook_date(d)}<br>"
            f"<b>To:</b> Office &lt;office@{SCHOOL}&gt;<br><b>Subject:</b> {esc(s['subject'])}</p></div><p class=MsoNormal>&nbsp;</p>"
            f"{paras}</div></body></html>")
    part = text_part(html, "html", s.get("charset", "utf-8"), s.get("cte", "quoted-printable"), encode_as=s.get("encode_as"))
    headers = [("From", person(fname, faddr)), ("To", f"Mrs Jenkin <headmistress@{SCHOOL}>"), ("Subject", "FW: " + s["subject"]),
               ("Date", rfc_date(d.replace(hour=min(d.hour + 1, 23)))), ("Message-ID", f"<corpus-{n:03d}-fw@{SCHOOL}>")]
    return message(headers, part)


def attached_forward(s, n, depth):
    inner = parent_message(s, n)
    d = s["date"]
    chain = list(s.get("chain", ["office", "deputy"]))
    for level in range(depth):
        fname, faddr = STAFF_FORWARDERS[chain[level % len(chain)]]
        note = s.get("note", "Forwarding the attached from a parent.") if level == 0 else "See the email attached below."
        part = multipart("mixed", [text_part(note, "plain", "utf-8", "7bit"), rfc822_part(inner, "Parent email.eml")])
        fd = d.replace(hour=min(d.hour + 1 + level, 23))
        inner = message([("From", person(fname, faddr)), ("To", f"Mrs Jenkin <headmistress@{SCHOOL}>"), ("Subject", "FW: " + s["subject"]),
                         ("Date", rfc_date(fd)), ("Message-ID", f"<corpus-{n:03d}-att{level}@{SCHOOL}>")], part)
    return inner


def build(s, n):
    env = s.get("envelope", "direct")
    if env == "direct":
        return parent_message(s, n)
    if env in ("outlook", "outlook-new", "gmail", "apple", "iphone", "samsung"):
        return inline_forward(s, n, env)
    if env == "outlook-html":
        return html_outlook_forward(s, n)
    if env == "attached":
        return attached_forward(s, n, 1)
    if env == "attached2":
        return attached_forward(s, n, 2)
    if env == "raw":
        return s["raw"]
    raise ValueError(env)


TITLED = re.compile(r"\b(Mr|Mrs|Miss|Ms|Mx|Dr)\.? ([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b")


def staff_named(s, e):
    """Staff the parent's email names: those listed, every title + surname in it (not the reporter's own), the Headmistress."""
    text = s.get("subject", "") + "\n" + (s.get("body") or "") + "\n" + re.sub("<[^>]+>", " ", s.get("html", ""))
    reporter_surname = (s["from"][0].split() or [""])[-1]
    found = list(e.get("staff", []))
    for m in TITLED.finditer(text):
        name = f"{m.group(1)} {m.group(2)}"
        if m.group(2) != reporter_surname and not any(f.split()[-1] == m.group(2) for f in found):
            found.append(name)
    if "Headmistress" in text and "Mrs Jenkin" not in found:
        found.append("Mrs Jenkin")
    return found


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith(".eml"):
            os.remove(os.path.join(OUT, f))
    key = []
    for n, s in enumerate(SCENARIOS + HOLDOUT + HOLDOUT2, start=1):
        name = f"{n:03d}-{s['id']}.eml"
        data = build(s, n)
        # Parts are written as latin-1 strings of their bytes (8bit parts) or ASCII (encoded parts).
        raw = data if isinstance(data, bytes) else data.encode("latin-1")
        with open(os.path.join(OUT, name), "wb") as fh:
            fh.write(raw)
        e = s.get("expect", {})
        concern = e.get("concern", True)
        key.append({
            "file": name,
            "kinds": s.get("kinds", []),
            "envelope": s.get("envelope", "direct"),
            "readable": e.get("readable", True),
            "reporter": None if not e.get("readable", True) else s["from"][1],
            "sentAt": None if not e.get("readable", True) else s["date"].strftime("%Y-%m-%dT%H:%M:%S+00:00"),
            "group": e.get("group"),
            "postedBy": e.get("postedBy"),
            "quote": e.get("quote"),
            "conduct": e.get("conduct", []) if concern else [],
            "notConduct": e.get("notConduct", []),
            "isConcern": concern,
            "namedChildren": e.get("children", []),
            "namedStaff": staff_named(s, e),
            "timeline": e.get("timeline", 0),
        })
    with open(os.path.join(HERE, "answers.json"), "w", encoding="utf-8") as fh:
        json.dump(key, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
    print(f"{len(key)} emails written to {OUT}")


if __name__ == "__main__":
    main()
