"""The report's fonts, chosen in this one place.

For now reportlab's built-in Helvetica: it needs no files, but it only covers Western European
text (Windows-1252), so Polish, Greek or CJK names print as boxes. When the A3's vendored Unicode
fonts (kaizen_tui/a3/fonts) are on main, register them here and every part of the report
(paragraphs, tables, chart labels) follows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportFonts:
    regular: str
    bold: str
    italic: str


def report_fonts() -> ReportFonts:
    """Font names for reportlab, registered if they need registering."""
    return ReportFonts(regular="Helvetica", bold="Helvetica-Bold", italic="Helvetica-Oblique")
