"""The A3 as Markdown, for wikis and intranet pages: the same sections and content as the PDF,
because both draw the blocks a3/content.py builds. Every text is escaped so it prints literally."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.content import a3_content
from kaizen_tui.logic.actions import pdca_circle
from kaizen_tui.logic.balance import format_seconds
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import FISHBONE_DEFAULT, Event

# CommonMark treats these as markup anywhere in a line (emphasis, code, links, HTML, entities,
# table cells, strikethrough); a backslash makes each one literal.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
# ...and these only at the start of a line: headings, lists, thematic breaks, "1." lists.
_LINE_START = re.compile(r"^(\s*)([#+\-=])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def md(text: str, *, cell: bool = False) -> str:
    """``text`` escaped for Markdown; in a table cell its line breaks become spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [
        _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", line)))
        for line in text.split("\n")
    ]
    if cell:
        return " ".join(line.strip() for line in lines if line.strip()) or " "
    return "  \n".join(lines)


def a3_markdown(
    event: Event,
    *,
    today: date,
    link_base: str,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> str:
    """The event's A3 as one Markdown document."""
    content = a3_content(
        event,
        today=today,
        url=action_page_url(link_base, event.share_token),
        categories=categories,
    )
    return content_markdown(content)


def content_markdown(content: bk.A3Content) -> str:
    """The sections as one document: the header first, then a ``##`` heading per section."""
    out: list[str] = []
    for section in content.sections:
        if section.key != "header":
            heading = f"{section.number} {section.title}" if section.number else section.title
            out += ["", f"## {md(heading)}", ""]
        out += _blocks(section.blocks)
    return "\n".join(out).strip() + "\n"


# -- inline ----------------------------------------------------------------------------------------


def _wrap(text: str, mark: str) -> str:
    """``text`` between emphasis marks, with its outer spaces outside them (``** x**`` is not
    bold in CommonMark)."""
    core = text.strip()
    if not core:
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{trail}"


def inline(spans: Sequence[bk.Span], *, cell: bool = False) -> str:
    out = []
    for span in spans:
        if span.link:
            out.append(f"<{span.text}>")
            continue
        # the span's outer spaces are kept: they separate it from its neighbours
        core = span.text.strip()
        lead = span.text[: len(span.text) - len(span.text.lstrip())].replace("\n", " ")
        trail = span.text[len(span.text.rstrip()) :].replace("\n", " ") if core else ""
        text = lead + (md(core, cell=cell) if core else "") + trail
        if span.strike:
            text = _wrap(text, "~~")
        if span.bold:
            text = _wrap(text, "**")
        out.append(text)
    return "".join(out)


def _para(p: bk.Para, *, cell: bool = False) -> str:
    text = inline(p.spans, cell=cell)
    if p.style == "muted" and text.strip():
        text = _wrap(text, "_")
    return text


# -- blocks ----------------------------------------------------------------------------------------


def _blocks(blocks: Sequence[bk.Block]) -> list[str]:
    """Blocks as Markdown lines, a blank line between blocks."""
    out: list[str] = []
    for block in blocks:
        lines = _block(block)
        if not lines:
            continue
        if out:
            out.append("")
        out += lines
    return out


def _block(block: bk.Block) -> list[str]:
    if isinstance(block, bk.Title):
        return [f"# {md(block.text)}"]
    if isinstance(block, bk.Heading):
        return [f"### {md(block.text)}"]
    if isinstance(block, bk.Para):
        if block.style != "item":
            return [_para(block)]
        ordered = re.fullmatch(r"\d+\.", block.bullet)
        return [(f"{block.bullet} " if ordered else "- ") + _para(block)]
    if isinstance(block, bk.Stamp):
        return [f"Revision {block.revision} · printed {block.printed.isoformat()}"]
    if isinstance(block, bk.Table):
        return _table(block)
    if isinstance(block, bk.Stack | bk.Aside):
        return _stack(block.items)
    return _graphic(block)


def _stack(items: Sequence[bk.Block]) -> list[str]:
    """Blocks kept together: consecutive lines of text joined by hard line breaks, list items as
    one list; headings, tables and nested groups set off by blank lines."""
    out: list[str] = []
    previous = ""  # kind of the last item: "line", "item" or "block"
    for item in items:
        lines = _block(item)
        if not lines:
            continue
        kind = "block"
        if isinstance(item, bk.Para):
            kind = "item" if item.style == "item" else "line"
        elif isinstance(item, bk.Pdca | bk.FlowBar | bk.Stamp):
            kind = "line"
        if out:
            if kind == previous == "line":
                out[-1] += "  "  # a hard line break
            elif not (kind == previous == "item"):
                out.append("")
        out += lines
        previous = kind
    return out


def _cell(cell: bk.Cell) -> str:
    parts = []
    for item in cell:
        if isinstance(item, bk.Para):
            parts.append(_para(item, cell=True))
        else:
            parts += _graphic(item)
    return "<br>".join(part for part in parts if part.strip()) or " "


def _table(table: bk.Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = [_cell(cell) for cell in row.cells]
        if row.detail is not None:
            first_text = next((i for i, c in enumerate(table.columns) if c.kind == "text"), 0)
            cells[first_text] += f" — {_para(row.detail, cell=True)}"
        rows.append(cells)
    if not table.header:
        return ["- " + " ".join(cells) for cells in rows]
    head = [md(c.label, cell=True) for c in table.columns]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(cells) + " |" for cells in rows]
    return out


def _graphic(item: bk.Block) -> list[str]:
    if isinstance(item, bk.Pdca):
        return [f"{pdca_circle(item.step)} {item.label}"]
    if isinstance(item, bk.FlowBar):
        return [" · ".join(md(text) for text in item.legend)]
    if isinstance(item, bk.ActionsBar | bk.QrCode):
        return []  # the counts and the URL are printed beside them as text
    if isinstance(item, bk.Charts):
        return _charts(item)
    if isinstance(item, bk.Yamazumi):
        return _yamazumi(item)
    return []


def _yamazumi(chart: bk.Yamazumi) -> list[str]:
    """The balance as what it shows: each bar's total and its parts, against takt."""
    va, nnva, nva = (md(x) for x in chart.legend)
    out = []
    if chart.takt_label:
        out.append(f"{md(chart.takt_label)}  ")
    for bar in chart.bars:
        parts = ", ".join(
            f"{name} {format_seconds(seconds)}"
            for name, seconds in ((va, bar.va_s), (nnva, bar.nnva_s), (nva, bar.nva_s))
            if seconds
        )
        total = f"**{md(bar.label)}**" + (" (over takt)" if bar.over else "")
        out.append(f"- {md(bar.operator)}: {total}" + (f": {parts}" if parts else ""))
    return out


def _charts(charts: bk.Charts) -> list[str]:
    """A chart as what it shows: the levels, every reading, the caption."""
    out: list[str] = []
    for chart in charts.charts:
        levels = " · ".join(md(x) for x in (chart.baseline_label, chart.target_label) if x)
        readings = ", ".join(
            f"{p.day.isoformat()} {md(p.label)}"
            + (f" ({p.review_day}-day review)" if p.review_day else "")
            for p in chart.points
        )
        if out:
            out.append("")
        out.append(f"**{md(chart.title)}**: {levels}  ")
        out.append(f"readings: {readings}  ")
        out.append(md(chart.caption))
    return out
