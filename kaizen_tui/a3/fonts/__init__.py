"""Fonts for the A3 (the .ttf files beside this module; licences in README.txt), and user text
turned into safe reportlab Paragraph markup.

reportlab has no font fallback: a character missing from the font prints as an empty box and is
lost from the PDF's text. So every run of text is given the font that has its glyphs: DejaVu Sans
Condensed for Latin, Greek, Cyrillic and symbols, Droid Sans Fallback for Chinese and Japanese.
A character neither font has (emoji, Hangul, private use) prints as U+FFFD, visibly, rather than
as an empty box or nothing at all.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

FONT_DIR = Path(__file__).parent

SANS = "KzSans"
SANS_BOLD = "KzSans-Bold"
CJK = "KzCJK"

_FILES = {
    SANS: "DejaVuSansCondensed.ttf",
    SANS_BOLD: "DejaVuSansCondensed-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}
REPLACEMENT = "\ufffd"
_ASCII_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f]")  # all but line feed (tabs are spaces)


@cache
def register_fonts() -> None:
    """Register the embedded fonts with reportlab once per process (parsing them is not free)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    # <b> inside a paragraph switches to the bold face; there is no italic face on purpose (we
    # never use <i>), and CJK has one weight, so bold CJK text stays regular rather than failing.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(SANS, bold, italic, SANS_BOLD if bold else SANS)
            addMapping(SANS_BOLD, bold, italic, SANS_BOLD)
            addMapping(CJK, bold, italic, CJK)


@cache
def _coverage() -> tuple[frozenset[int], frozenset[int]]:
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    sans = pdfmetrics.getFont(SANS).face.charToGlyph
    bold = pdfmetrics.getFont(SANS_BOLD).face.charToGlyph
    cjk = pdfmetrics.getFont(CJK).face.charToGlyph
    # a character counts as Latin-covered only if both weights have it (bold is used for labels)
    return frozenset(set(sans) & set(bold)), frozenset(cjk)


def latin_coverage() -> frozenset[int]:
    """Code points the Latin fonts (regular and bold) both have."""
    return _coverage()[0]


def _printable(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cs")


def script_runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (font, text) runs: CJK runs in the CJK font, the rest in the Latin one (the
    caller picks its weight); line breaks kept, tabs as spaces, unprintable characters as U+FFFD
    and control characters (other than line breaks) left out, as in ``markup``."""
    if text.isascii():
        return [(SANS, _ASCII_CONTROLS.sub("", text.replace("\t", " ")))] if text else []
    sans, cjk = _coverage()
    out: list[tuple[str, str]] = []
    run: list[str] = []
    run_is_cjk = False

    def flush() -> None:
        if run:
            out.append((CJK if run_is_cjk else SANS, "".join(run)))
            run.clear()

    for ch in text:
        if ch == "\t":
            ch = " "
        code = ord(ch)
        if ch == "\n" or code in sans:
            is_cjk = False
        elif code in cjk:
            is_cjk = True
        elif not _printable(ch):
            continue
        else:
            ch, is_cjk = REPLACEMENT, False
        if is_cjk != run_is_cjk:
            flush()
            run_is_cjk = is_cjk
        run.append(ch)
    flush()
    return out


def markup(text: str) -> str:
    """``text`` as Paragraph markup that prints every character literally: ``<``, ``>`` and ``&``
    escaped, line breaks kept, CJK runs set in the CJK font, unprintable characters as U+FFFD.
    Control characters (other than line breaks and tabs) carry nothing visible and are left out."""
    out: list[str] = []
    for font, chunk in script_runs(text):
        escaped = escape(chunk).replace("\n", "<br/>")
        out.append(f'<font name="{CJK}">{escaped}</font>' if font == CJK else escaped)
    return "".join(out)
