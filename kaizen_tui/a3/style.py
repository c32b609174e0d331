"""Colours and paragraph styles of the A3. Colours are chosen to survive a black-and-white copier:
every colour-coded state (overdue, done) is also written out in words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from kaizen_tui.a3.fonts import SANS, SANS_BOLD, register_fonts

MIN_SIZE = 6.5  # the legible minimum for body text (points); below it, text moves to the appendix


class PALETTE:
    """The A3's colours."""

    ink: Color = colors.HexColor("#1b1f24")
    muted: Color = colors.HexColor("#5b6470")
    accent: Color = colors.HexColor("#1f3a5f")
    accent_light: Color = colors.HexColor("#e7edf4")
    rule: Color = colors.HexColor("#b9c3cf")
    zebra: Color = colors.HexColor("#f5f7fa")
    bad: Color = colors.HexColor("#b3261e")
    bad_light: Color = colors.HexColor("#fbe4e1")
    good: Color = colors.HexColor("#2e7d32")
    amber: Color = colors.HexColor("#e0a100")
    waiting: Color = colors.HexColor("#c9ced6")


def hex_of(colour: Color) -> str:
    return colour.hexval().replace("0x", "#")


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for body text of ``size`` points."""

    size: float
    body: ParagraphStyle
    bold: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    indent: ParagraphStyle
    note: ParagraphStyle

    @property
    def leading(self) -> float:
        return self.body.leading

    @property
    def gap(self) -> float:
        """Space between blocks inside a box."""
        return self.size * 0.45

    @property
    def pad(self) -> float:
        """Table cell padding."""
        return max(1.2, self.size * 0.22)


@cache
def styles(size: float) -> Styles:
    register_fonts()  # paragraph styles name our fonts; reportlab must know them first
    size = max(MIN_SIZE, size)
    # 1.2 from 8 pt up; a little tighter at the smallest sizes, where a crowded A3 needs the
    # lines more than the air between them (still clear of the next line's accents)
    leading = round(size * (1.2 - 0.05 * max(0.0, min(1.0, (8 - size) / 1.5))), 2)
    small = max(MIN_SIZE, size * 0.9)

    def ps(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": SANS,
            "fontSize": size,
            "leading": leading,
            "textColor": PALETTE.ink,
            "spaceBefore": 0,
            "spaceAfter": 0,
            "splitLongWords": 1,
        }
        base.update(kw)
        return ParagraphStyle(f"{name}-{size}", **base)

    return Styles(
        size=size,
        body=ps("body"),
        bold=ps("bold", fontName=SANS_BOLD),
        muted=ps("muted", fontSize=small, leading=round(small * 1.2, 2), textColor=PALETTE.muted),
        cell=ps("cell"),
        cell_right=ps("cellright", alignment=TA_RIGHT),
        head=ps(
            "head",
            fontName=SANS_BOLD,
            fontSize=small,
            leading=round(small * 1.15, 2),
            textColor=PALETTE.accent,
        ),
        indent=ps("indent", leftIndent=size * 1.6, firstLineIndent=-size * 1.1),
        note=ps("note", fontName=SANS_BOLD, textColor=PALETTE.bad),
    )
