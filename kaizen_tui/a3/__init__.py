"""The printed A3 summary of an event (PDF with a QR code) and the same A3 as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kaizen_tui.a3.markdown import a3_markdown
    from kaizen_tui.a3.render import PAPERS, render_a3

__all__ = ["PAPERS", "a3_markdown", "render_a3"]


def __getattr__(name: str) -> Any:
    # lazy: importing kaizen_tui.a3 must not pull in reportlab for `kaizen list`
    if name in ("render_a3", "PAPERS"):
        from kaizen_tui.a3 import render

        return getattr(render, name)
    if name == "a3_markdown":
        from kaizen_tui.a3 import markdown

        return markdown.a3_markdown
    raise AttributeError(name)
