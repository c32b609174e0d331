"""Read a PDF's text runs with the size each is printed at, as a reader's eye would measure it."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class Run:
    page: int
    text: str
    size: float  # points, after the text and graphics matrices


def text_runs(pdf: bytes) -> list[Run]:
    """Every non-blank text run on every page with its printed size."""
    runs: list[Run] = []
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, 1):

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            number: int = number,
        ) -> None:
            if not text.strip():
                return
            # the printed height of 1 unit of font size: the text matrix scaled by the
            # graphics matrix (reportlab draws unscaled text, but a scaled drawing would show)
            scale_tm = (tm[2] ** 2 + tm[3] ** 2) ** 0.5
            scale_cm = (cm[2] ** 2 + cm[3] ** 2) ** 0.5
            runs.append(Run(number, text, size * scale_tm * scale_cm))

        page.extract_text(visitor_text=visit)
    return runs


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text layer, whitespace collapsed (a cell may wrap a name onto two lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]
