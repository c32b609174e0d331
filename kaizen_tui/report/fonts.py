"""The report's fonts, chosen in this one place.

For now reportlab's built-in Helvetica: it needs no files, but it only covers Western European
text (Windows-1252). Until the A3's vendored Unicode fonts (kaizen_tui/a3/fonts) are on main,
``printable`` spells what Helvetica lacks as near as it can (Wiśniewska → Wisniewska, Łódź → Lódz)
rather than print empty boxes; Greek and CJK still print as boxes. When the Unicode fonts arrive,
register them in report_fonts(), make ``printable`` return its text unchanged, and every part of
the report (paragraphs, tables, chart labels, the footer) follows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Letters that do not decompose into a base letter and a mark.
_NEAREST = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ħ": "h", "Ħ": "H"})


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str
    italic: str


def report_fonts() -> ReportFonts:
    """Font names for reportlab, registered if they need registering."""
    return ReportFonts(regular="Helvetica", bold="Helvetica-Bold", italic="Helvetica-Oblique")


def printable(text: str) -> str:
    """``text`` as the report's fonts can show it (see the module docstring)."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text.translate(_NEAREST):
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
            )
            out.append(base if base and base.isascii() else char)
    return "".join(out)
