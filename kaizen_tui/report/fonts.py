"""The report's fonts: the A3's embedded Unicode fonts (kaizen_tui/a3/fonts), chosen here once.

Paragraph text goes through ``kaizen_tui.a3.fonts.markup`` (escaped, CJK runs switched to the CJK
font). Single-font strings — chart labels and the page footer — go through ``printable``: what the
Latin font lacks prints as a visible U+FFFD rather than as an empty box.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaizen_tui.a3.fonts import REPLACEMENT, SANS, SANS_BOLD, latin_coverage, register_fonts


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str
    italic: str


def report_fonts() -> ReportFonts:
    """Font names for reportlab, registered on first use. There is no italic face: notes that
    were italic are set upright in the regular face."""
    register_fonts()
    return ReportFonts(regular=SANS, bold=SANS_BOLD, italic=SANS)


def printable(text: str) -> str:
    """``text`` for a single-font string: characters the Latin font lacks become U+FFFD."""
    if text.isascii():
        return text
    covered = latin_coverage()
    return "".join(ch if ord(ch) in covered or ch == "\n" else REPLACEMENT for ch in text)
