"""The pieces behind the A3: safe markup, per-script fonts, the height estimate that steers
fitting, the print record and the Markdown escaping."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kaizen_tui.a3 import facts
from kaizen_tui.a3.fonts import CJK, REPLACEMENT, markup
from kaizen_tui.a3.markdown import a3_markdown, md
from kaizen_tui.a3.measure import BoxModel, model_of
from kaizen_tui.a3.record import as_printed, mark_printed
from kaizen_tui.a3.style import styles
from kaizen_tui.a3.text import Run, text_block
from kaizen_tui.logic.gate import a3_is_current
from kaizen_tui.store import Store

from .conftest import TODAY, make_event


def test_markup_escapes_what_reportlab_would_parse() -> None:
    assert markup("if a<b & c>d") == "if a&lt;b &amp; c&gt;d"
    assert markup("<b>bold</b>") == "&lt;b&gt;bold&lt;/b&gt;"
    assert markup("two\nlines") == "two<br/>lines"
    assert markup("bell\x07 tab\tnul\x00") == "bell tab nul"


def test_markup_sets_cjk_runs_in_the_cjk_font_and_marks_what_no_font_has() -> None:
    out = markup("佐藤 健 & Νίκος")
    assert out == f'<font name="{CJK}">佐藤</font> <font name="{CJK}">健</font> &amp; Νίκος'
    assert markup("ok 🙂") == f"ok {REPLACEMENT}"  # visible, not an empty box or nothing


def test_any_markup_prints_literally() -> None:
    import io

    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    text = "<para>x</para> <font name='nope'>y</font> ]]> &amp; <br/> <a href='x'> 佐藤"
    block = text_block((Run(text, bold=True),), styles(8).body)
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    block.wrap(400, 1e6)
    block.drawOn(canvas, 20, 700)
    canvas.save()
    printed = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert printed.replace(" ", "") == text.replace(" ", "")


_WORDS = ["die", "changeover", "Wiśniewska", "佐藤健一郎", "setter", "a", "standard-work", "Νίκος"]


@pytest.mark.parametrize("size", [6.5, 8.0, 10.5])
def test_lines_break_within_the_width_and_lose_nothing(size: float) -> None:
    rng = random.Random(size)
    words = [*_WORDS, "x" * 90]  # a word longer than a narrow line: cut between characters
    for _ in range(60):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 80)))
        block = text_block((Run(text),), styles(size).body)
        for width in (40.0, 80.0, 200.0, 400.0):
            lines = block.lines(width)
            assert block.line_count(width) == len(lines)
            assert block.wrap(width, 1e7)[1] == len(lines) * styles(size).leading
            for line in lines:
                assert line.width * size <= width + 1e-6 or len(line.words) == 1
            drawn = "".join(chunk for line in lines for w in line.words for _, chunk in w.chunks)
            assert drawn == text.replace(" ", "")


@pytest.mark.parametrize("size", [6.5, 8.0, 10.5])
def test_the_height_estimate_at_another_size_stays_close(size: float) -> None:
    # the fit model estimates a box at other sizes from one measurement, scaled; the size kept
    # is laid out for real, but the estimate should be within a line or two
    rng = random.Random(size)
    for _ in range(60):
        text = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 80)))
        built = BoxModel(10.5, [model_of(text_block((Run(text),), styles(10.5).body), 600)])
        real = text_block((Run(text),), styles(size).body)
        for width in (80.0, 200.0, 400.0):
            estimate = built.height(size, width)
            assert abs(estimate - real.wrap(width, 1e7)[1]) <= 2 * styles(size).leading + 1e-6


def test_mark_printed_records_the_revision_on_the_page(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    event = store.create(make_event(), today=TODAY)
    shown = mark_printed(store, event)
    assert shown.revision == event.revision == shown.a3_printed_revision
    stored = store.load(event.id)
    assert stored.revision == event.revision + 1
    assert stored.a3_printed_revision == event.revision
    assert a3_is_current(stored)
    # printing again: the same page, nothing saved
    again = mark_printed(store, stored)
    assert again.revision == event.revision
    assert store.load(event.id).revision == stored.revision
    # an edit after the print asks for a new one
    edited = store.save(stored.model_copy(update={"title": "New title"}))
    assert not a3_is_current(edited)
    assert as_printed(edited).revision == edited.revision
    fresh = mark_printed(store, edited)
    assert fresh.revision == edited.revision
    assert store.load(event.id).a3_printed_revision == edited.revision


def test_markdown_escapes_user_text() -> None:
    assert md("a *b* _c_ <d> & e|f [g](h) `i`") == (r"a \*b\* \_c\_ \<d\> \& e\|f \[g\](h) \`i\`")
    assert md("# not a heading\n- not a list\n1. not numbered") == (
        "\\# not a heading  \n\\- not a list  \n1\\. not numbered"
    )
    assert md("one\ntwo", cell=True) == "one two"


def test_markdown_a3_of_hostile_text_keeps_it_literal() -> None:
    event = make_event(title="<script>alert('x')</script> | R&D", problem="**not bold**")
    text = a3_markdown(event, today=TODAY, link_base="https://k.example.org")
    assert "# \\<script\\>alert('x')\\</script\\> \\| R\\&D" in text
    assert "\\*\\*not bold\\*\\*" in text
    assert "<https://k.example.org/e/" in text


def test_action_states_read_as_on_the_board() -> None:
    event = make_event()
    labels = {a.id: facts.action_state(a, TODAY).label for a in event.actions}
    assert labels["A1"] == "OVERDUE 5\u00a0d"
    assert labels["A2"] == "due in 5\u00a0d"
    assert labels["A3"] == "open"
    assert labels["A4"] == "done 2026-11-02"


def test_quantities_and_progress() -> None:
    from kaizen_tui.logic.trend import metric_trend
    from kaizen_tui.model import Metric, Reading

    assert facts.quantity(94, "min") == "94 min"
    assert facts.quantity(27, "%") == "27%"
    assert facts.quantity(None, "min") == "–"
    metric = Metric(id="M1", name="t", unit="min", baseline=95, target=30)
    event = make_event(metrics=[metric])
    for value, expected in [(30, "target met"), (62.5, "50% of the change"), (99, "worse than")]:
        m = metric.model_copy(update={"readings": [Reading(date=TODAY, value=value)]})
        trend = metric_trend(event.model_copy(update={"metrics": [m]}), m)
        assert facts.progress_text(trend).startswith(expected)
