"""The lean tools on the A3 and in its Markdown (issue 13), through the one section model: the
charter sign-off in the header, the changeover (SMED) instead of a VA ratio, takt and the
operator balance, the future state before → after, baseline → after → target, and what was
tried. The PDF is rendered for real and its text read back."""

from __future__ import annotations

import re

import pytest

from bench.common import WITHOUT_LEAN_TOOLS, crowded_event
from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.content import a3_content
from kaizen_tui.a3.fit import describe
from kaizen_tui.a3.graphics import YamazumiFlowable
from kaizen_tui.a3.markdown import a3_markdown
from kaizen_tui.a3.render import plan_a3, render_a3
from kaizen_tui.demo import DISCHARGE_ID, INVOICE_ID, SMED_ID, demo_events
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import Event

from .conftest import TODAY
from .pdfqr import qr_on_page_one
from .pdftext import pages_text, text_runs

LINK_BASE = "https://kaizen.example.org"


@pytest.fixture(scope="module")
def demo() -> dict[str, Event]:
    return {e.id: e for e in demo_events(TODAY)}


def _content(event: Event) -> bk.A3Content:
    return a3_content(event, today=TODAY, url=action_page_url(LINK_BASE, event.share_token))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def smed_pdf(demo: dict[str, Event]) -> str:
    return _flat(" ".join(pages_text(render_a3(demo[SMED_ID], link_base=LINK_BASE, today=TODAY))))


def test_a_changeover_shows_its_smed_breakdown_not_a_va_ratio(
    demo: dict[str, Event], smed_pdf: str
) -> None:
    event = demo[SMED_ID]
    current = bk.texts(_content(event)["2"])
    assert "Changeover 94 min → 46 min" in current
    assert not any("VA ratio" in text for text in current)
    assert "Changeover 94 min → 46 min (-51%) with the machine stopped" in smed_pdf
    assert "Wait for the die cart and a forklift int → ext 12 → 4" in smed_pdf
    assert "VA ratio" not in smed_pdf
    markdown = a3_markdown(event, today=TODAY, link_base=LINK_BASE)
    assert "| 12 | Wait for QC first-off approval | int → ? | 8 → 8 |" in markdown


def test_takt_and_the_operator_balance_on_the_current_condition(
    demo: dict[str, Event], smed_pdf: str
) -> None:
    section = _content(demo[SMED_ID])["2"]
    [chart] = [b for b in bk.walk(section.blocks) if isinstance(b, bk.Yamazumi)]
    assert chart.takt_s == 10 and chart.takt_label == "takt 10 s"
    assert [(bar.operator, bar.label, bar.over) for bar in chart.bars] == [
        ("Op 1 destack", "4.7 s", False),
        ("Op 2 unload", "7 s", False),
        ("Op 3 pack", "10.8 s", True),
    ]
    # said in words as well as drawn: colour is not the only carrier of meaning
    assert "Takt 10 s = 900 min ÷ 5,400 brackets a day" in smed_pdf
    assert "over takt: Op 3 pack" in smed_pdf
    for label in ("takt 10 s", "10.8 s", "Op 3 pack", "value-adding", "other work", "waste"):
        assert label in smed_pdf
    markdown = a3_markdown(demo[SMED_ID], today=TODAY, link_base=LINK_BASE)
    assert "- Op 3 pack: **10\\.8 s** (over takt): other work 5.9 s, waste 4.9 s" in markdown


def test_the_future_state_before_and_after(demo: dict[str, Event]) -> None:
    event = demo[DISCHARGE_ID]
    pdf = _flat(" ".join(pages_text(render_a3(event, link_base=LINK_BASE, today=TODAY))))
    assert "Future state (after the event)" in pdf
    assert "Lead time 11.7 h → 4.1 h (-65%) · VA ratio 2.9% → 8.2% · steps 8 → 7" in pdf
    assert "Removed: Ward round: fit-for-discharge decision; Patient waits in bed" in pdf
    assert "New: 08:30 board round: expected discharge date and criteria" in pdf
    markdown = a3_markdown(event, today=TODAY, link_base=LINK_BASE)
    assert "~~Patient waits in bed for transport~~" in markdown


def test_baseline_after_target_and_the_results(demo: dict[str, Event], smed_pdf: str) -> None:
    target = _content(demo[SMED_ID])["3"]
    [table] = [b for b in target.blocks if isinstance(b, bk.Table)]
    assert [c.label for c in table.columns][:4] == ["Metric", "Baseline", "After", "Target"]
    after = [row.cells[2][0] for row in table.rows]
    assert [p.text() for p in after if isinstance(p, bk.Para)] == ["58 min", "–", "22 parts"]
    assert "94 min 58 min ≤ 30 min" in smed_pdf  # M1: baseline, after, target (lower is better)
    assert "8 per week" in smed_pdf and "≥ 8 per week" in smed_pdf  # M2: higher is better
    assert "after 58 min → now 37 min" in smed_pdf  # the results chart


def test_what_was_tried(demo: dict[str, Event], smed_pdf: str) -> None:
    texts = bk.texts(_content(demo[SMED_ID])["5"])
    assert "Try-storming: what we tried" in texts
    # E1 became A1 with the same words: the action plan is the one place they are printed
    assert "(as A1)" in texts
    assert "E4 Two-person changeover: the operator unclamps the back of the die" in smed_pdf
    assert "destacker stood unattended for 20 minutes dropped" in smed_pdf
    assert "trying → A6" in smed_pdf


def test_the_charter_sign_off_in_the_header(demo: dict[str, Event], smed_pdf: str) -> None:
    assert "Sponsor Marek Kowalczyk ✓ agreed 2026-10-21" in smed_pdf
    assert "Process owner Zofia Wiśniewska ✓ agreed 2026-10-23" in smed_pdf
    invoice = bk.texts(_content(demo[INVOICE_ID])["header"])
    assert " ✓ agreed 2026-11-22" in invoice
    assert " (charter not agreed yet)" in invoice


def test_every_demo_a3_is_still_one_page(demo: dict[str, Event]) -> None:
    for event in demo.values():
        assert plan_a3(event, link_base=LINK_BASE, today=TODAY).fits, event.id
        pdf = render_a3(event, link_base=LINK_BASE, today=TODAY)
        assert len(pages_text(pdf)) == 1, event.id
        assert min(run.size for run in text_runs(pdf)) >= 6.5, event.id


def test_forty_actions_and_the_lean_tools_keep_every_action_on_page_one(
    demo: dict[str, Event],
) -> None:
    # issue 16's crowded 40 with the press line's lean tools put back: more than one A3 holds at
    # 6.5 pt; the appendix takes the latest updates, page 1 keeps every action, the SMED
    # breakdown, takt and the balance chart, and names what continues
    press = demo[SMED_ID]
    event = crowded_event(TODAY).model_copy(
        update={field: getattr(press, field) for field in WITHOUT_LEAN_TOOLS}
    )
    pdf = render_a3(event, link_base=LINK_BASE, today=TODAY)
    first, *rest = pages_text(pdf)
    assert {f"A{n}" for n in range(1, 41)} <= set(re.findall(r"\bA\d+\b", first))
    assert "continues on page 2: latest updates of A2–A40" in first
    assert "over takt: Op 3 pack" in _flat(first) and "takt 10 s" in first
    assert "Changeover 94 min → 46 min" in _flat(first)
    assert "waiting for the maintenance window" in rest[0]
    assert min(run.size for run in text_runs(pdf)) >= 6.5
    assert qr_on_page_one(pdf) == [action_page_url(LINK_BASE, event.share_token)]


def test_a_balance_chart_that_continues_is_named_on_page_one(demo: dict[str, Event]) -> None:
    [chart] = [
        b for b in bk.walk(_content(demo[SMED_ID])["2"].blocks) if isinstance(b, bk.Yamazumi)
    ]
    assert describe([YamazumiFlowable(chart, 7.0)]) == "the operator balance chart"


def test_an_event_without_the_lean_tools_prints_as_before() -> None:
    from .conftest import make_event

    content = _content(make_event())
    for key in ("2", "5"):
        for block in bk.walk(content[key].blocks):
            assert not isinstance(block, bk.Yamazumi)
            if isinstance(block, bk.Heading):
                assert "Try-storming" not in block.text and "Takt" not in block.text
