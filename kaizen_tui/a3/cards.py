"""Owner cards (issue 15): one small card per action owner, to hand out at the report-out, with
their actions on this event, the due dates, and a QR code of their personal link on the hub.

A separate small renderer on the A3's parts: its fonts and escaping (``fonts.markup``: every
user string prints literally, CJK in the CJK font), its colours, and its vector QR code. Cards are
A6-sized (about 148 × 105 mm) with dashed cut lines: four on an A4 or letter sheet (landscape),
eight on A3 or tabloid (portrait).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from kaizen_tui import __version__
from kaizen_tui.a3.fit import PAPERS
from kaizen_tui.a3.fonts import SANS, SANS_BOLD, markup, register_fonts
from kaizen_tui.a3.graphics import draw_qr, qr_matrix
from kaizen_tui.a3.style import MIN_SIZE, PALETTE, hex_of
from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.actions import urgency
from kaizen_tui.logic.people import person_key
from kaizen_tui.logic.words import plural
from kaizen_tui.model import Action, Event

#: (columns, rows) of cards on a sheet, and whether the sheet is turned to portrait.
GRIDS = {"a4": (2, 2, False), "letter": (2, 2, False), "a3": (2, 4, True), "tabloid": (2, 4, True)}
PAD = 6 * mm
QR_SIDE = 46 * mm


@dataclass(frozen=True)
class OwnerCard:
    owner: str
    url: str
    actions: list[Action]  # theirs on this event, open first (by due date), then done


def owner_cards(event: Event, links: Sequence[tuple[str, str]]) -> list[OwnerCard]:
    """A card per (owner, url), with that owner's actions on ``event`` (dropped ones left out)."""
    cards = []
    for owner, url in links:
        key = person_key(owner)
        mine = [a for a in event.actions if person_key(a.owner) == key and a.status != "dropped"]
        mine.sort(key=lambda a: (a.status != "open", a.due is None, a.due or date.max))
        cards.append(OwnerCard(owner, url, mine))
    return cards


def _style(
    name: str, size: float, *, bold: bool = False, colour: colors.Color = PALETTE.ink
) -> ParagraphStyle:
    size = max(MIN_SIZE, size)
    return ParagraphStyle(
        name,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        leading=round(size * 1.2, 2),
        textColor=colour,
        splitLongWords=1,
    )


def render_cards(
    event: Event, links: Sequence[tuple[str, str]], *, paper: str = "a4", today: date
) -> bytes:
    """The cards as a PDF: one per (owner, personal link URL)."""
    if paper not in GRIDS:
        raise KaizenError(f"unknown paper {paper!r}; choose one of {', '.join(GRIDS)}")
    if not links:
        raise KaizenError(f"{event.id} has no action with an owner: no cards to print")
    register_fonts()
    columns, rows, portrait = GRIDS[paper]
    width, height = PAPERS[paper]
    if portrait:
        width, height = height, width
    card_w, card_h = width / columns, height / rows
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), invariant=1)
    canvas.setTitle(f"{event.id} owner cards")
    canvas.setAuthor("kaizen-tui")
    canvas.setCreator(f"kaizen-tui {__version__}")
    facilitator = ", ".join(p.name for p in event.people_with_role("facilitator"))
    per_page = columns * rows
    cards = owner_cards(event, links)
    for index, card in enumerate(cards):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        if slot == 0:
            _cut_lines(canvas, width, height, columns, rows)
        x = (slot % columns) * card_w
        y = height - (slot // columns + 1) * card_h
        _draw_card(canvas, card, event, facilitator, x, y, card_w, card_h, today)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _cut_lines(canvas: Canvas, width: float, height: float, columns: int, rows: int) -> None:
    canvas.saveState()
    canvas.setStrokeColor(PALETTE.rule)
    canvas.setLineWidth(0.5)
    canvas.setDash(3, 3)
    for c in range(1, columns):
        canvas.line(c * width / columns, 0, c * width / columns, height)
    for r in range(1, rows):
        canvas.line(0, r * height / rows, width, r * height / rows)
    canvas.restoreState()


def _draw_card(
    canvas: Canvas,
    card: OwnerCard,
    event: Event,
    facilitator: str,
    x: float,
    y: float,
    w: float,
    h: float,
    today: date,
) -> None:
    qr_side = min(QR_SIDE, h - 2 * PAD - 16 * mm)
    text_w = w - 3 * PAD - qr_side
    top = y + h - PAD
    bottom = y + PAD

    def put(text: str, style: ParagraphStyle, at: float, width: float = text_w) -> float:
        paragraph = Paragraph(text, style)
        _, used = paragraph.wrap(width, at - bottom)
        paragraph.drawOn(canvas, x + PAD, at - used)
        return at - used

    eyebrow = _style("eyebrow", 7.5, colour=PALETTE.muted)
    name = _style("owner", 18, bold=True, colour=PALETTE.accent)
    body = _style("body", 10)
    small = _style("small", 8, colour=PALETTE.muted)
    at = put("YOUR KAIZEN ACTIONS", eyebrow, top)
    at = put(markup(card.owner), name, at - 1)
    at = put(markup(f"{event.title} · {event.id}"), small, at - 1)
    at -= 2.5 * mm

    # the footer is drawn first, so the actions know where they must stop
    footer = "Keep this card: the code is your personal link to update your actions."
    if facilitator:
        footer += f" Lost it? Ask {facilitator}."
    foot = Paragraph(markup(footer), small)
    _, foot_h = foot.wrap(text_w, h)
    foot.drawOn(canvas, x + PAD, bottom)
    limit = bottom + foot_h + 2 * mm

    open_ = [a for a in card.actions if a.status == "open"]
    done = len(card.actions) - len(open_)
    more_h = body.leading + 1
    for i, action in enumerate(open_):
        kind = urgency(action, today)
        due = f"due {action.due.isoformat()}" if action.due else "no due date"
        flag = f' · <font color="{hex_of(PALETTE.bad)}"><b>OVERDUE</b></font>'
        line = (
            f"<b>{markup(action.id)}</b>  {due}{flag if kind == 'overdue' else ''}<br/>"
            f"{markup(action.what)}"
        )
        paragraph = Paragraph(line, body)
        _, used = paragraph.wrap(text_w, h)
        left = len(open_) - i - 1
        need = used + (more_h if left or done else 0)
        if at - need < limit:
            rest = len(open_) - i
            put(f"+ {plural(rest, 'more action')} on your page", body, at)
            break
        paragraph.drawOn(canvas, x + PAD, at - used)
        at -= used + 1.5 * mm
    else:
        if done and at - more_h >= limit:
            put(f"{plural(done, 'action')} done. Thank you.", small, at)
        elif not card.actions:
            put("No open action on this event.", body, at)

    qr_x = x + w - PAD - qr_side
    qr_y = y + h - PAD - qr_side
    draw_qr(canvas, qr_matrix(card.url), qr_x, qr_y, qr_side)
    caption = Paragraph(
        "<b>Scan to update your actions</b><br/>" + markup(card.url),
        _style("url", 7, colour=PALETTE.muted),
    )
    _, used = caption.wrap(qr_side, qr_y - bottom)
    caption.drawOn(canvas, qr_x, qr_y - 1.5 * mm - used)
