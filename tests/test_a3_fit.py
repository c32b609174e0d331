"""The A3 on one page, always when it can be: the fit model (a3/fit.py) read back from the real
PDF: how many pages, what page 1 names as continuing, the smallest type, the QR code."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.common import WITHOUT_LEAN_TOOLS, crowded_event, long_text_event
from kaizen_tui.a3.markdown import a3_markdown
from kaizen_tui.a3.pdf_blocks import Rows
from kaizen_tui.a3.render import PAPERS, appendix_pages, draw, plan_a3, render_a3
from kaizen_tui.demo import demo_events
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import Action, Event, Metric, Reading, RootCause, Update

from .conftest import TODAY, make_event
from .pdfqr import qr_on_page_one
from .pdftext import pages_text, text_runs

LINK_BASE = "https://kaizen.example.org"


def render(event: Event, paper: str = "a3") -> bytes:
    return render_a3(event, link_base=LINK_BASE, paper=paper, today=TODAY)


def ids_on(text: str) -> set[str]:
    return set(re.findall(r"\bA\d+\b", text))


def expand(named: str) -> set[str]:
    """ "A29–A40" or "A39, A40" as the ids it names."""
    out: set[str] = set()
    for part in named.split(", "):
        first, _, last = part.partition("–")
        stop = int((last or first)[1:])
        out |= {f"A{n}" for n in range(int(first[1:]), stop + 1)}
    return out


def test_the_forty_action_event_with_long_texts_is_one_a3_page() -> None:
    # the event: 40 actions of ~150 characters, each open one with a ~100-character
    # latest update, and a long problem, background and lessons learned
    event = crowded_event(TODAY)
    plan = plan_a3(event, link_base=LINK_BASE, today=TODAY)
    assert plan.fits
    pdf = render(event)
    [page] = pages_text(pdf)
    assert {a.id for a in event.actions} <= ids_on(page)
    # every latest update too (the A3 prints an open action's latest update)
    updates = [a.updates[-1].note for a in event.actions if a.status == "open" and a.updates]
    assert len(updates) > 20
    assert squeeze(page).count(squeeze(updates[0].split(";")[0])) == len(updates)
    assert "continue" not in page
    assert min(run.size for run in text_runs(pdf)) >= 6.5
    assert qr_on_page_one(pdf) == [action_page_url(LINK_BASE, event.share_token)]


def test_forty_board_length_actions_and_long_texts_are_one_a3_page() -> None:
    event = long_text_event(TODAY)
    assert plan_a3(event, link_base=LINK_BASE, today=TODAY).fits
    pdf = render(event)
    [page] = pages_text(pdf)
    assert {a.id for a in event.actions} <= ids_on(page)
    assert min(run.size for run in text_runs(pdf)) >= 6.5


def test_the_crowded_sixty_keep_their_story_whole_and_name_what_continues() -> None:
    # 60 such actions are more than an A3 holds at 6.5 pt: the story stays whole on page 1, the
    # action plan continues, and page 1 says exactly which actions and notes continue
    event = crowded_event(TODAY, actions=60)
    plan = plan_a3(event, link_base=LINK_BASE, today=TODAY)
    assert not plan.fits
    continued = plan.continued()
    assert set(continued) == {"6"}
    pdf = render(event)
    texts = pages_text(pdf)
    first = texts[0]
    match = re.search(r"continues on page 2: (A[\d–, A]+) · latest updates of A", first)
    assert match, first
    named = expand(match.group(1))
    start = min(int(a[1:]) for a in named)
    on_page_one = {f"A{n}" for n in range(1, start)}
    assert len(on_page_one) >= 38
    assert on_page_one <= ids_on(first)
    assert named | on_page_one == {a.id for a in event.actions}
    assert named <= ids_on(texts[1])
    assert min(run.size for run in text_runs(pdf)) >= 6.5
    assert qr_on_page_one(pdf) == [action_page_url(LINK_BASE, event.share_token)]


def test_sixty_short_actions_are_one_page() -> None:
    base = demo_events(TODAY)[0].model_copy(update=WITHOUT_LEAN_TOOLS)
    actions = [
        Action(id=f"A{n}", what=f"Label rack {n}", owner="Jan Kamiński", due=TODAY)
        for n in range(1, 61)
    ]
    event = base.model_copy(update={"actions": actions})
    assert plan_a3(event, link_base=LINK_BASE, today=TODAY).fits
    [page] = pages_text(render(event))
    assert {a.id for a in actions} <= ids_on(page)


def test_a_long_plan_in_a_wide_box_is_set_in_two_halves() -> None:
    from kaizen_tui.a3.content import a3_content
    from kaizen_tui.a3.pdf_blocks import TableSource
    from kaizen_tui.a3.style import styles

    actions = [Action(id=f"A{n}", what=f"Label rack {n}", owner="Ana") for n in range(1, 61)]
    content = a3_content(make_event(actions=actions), today=TODAY, url="https://k.example.org/e/x")
    table = content["6"].blocks[0]
    rows = Rows(TableSource(table, styles(7.0), details=True))  # type: ignore[arg-type]
    _, narrow = rows.wrap(300, 1e9)
    assert not rows.halves
    _, wide = rows.wrap(800, 1e9)
    assert rows.halves
    assert wide < narrow * 0.6
    # split in halves: the first part keeps what fits in two columns, the rest continues
    first, rest = rows.split(800, wide / 2)
    assert isinstance(first, Rows) and isinstance(rest, Rows)
    assert first.kz_refs + rest.kz_refs == [a.id for a in actions]


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_every_paper_keeps_the_minimum_size_and_names_what_continues(paper: str) -> None:
    for event in [*demo_events(TODAY), long_text_event(TODAY)]:
        plan = plan_a3(event, link_base=LINK_BASE, paper=paper, today=TODAY)
        pdf = draw(plan, event, TODAY)
        texts = pages_text(pdf)
        assert min(run.size for run in text_runs(pdf)) >= 6.5, (event.id, paper)
        assert len(texts) == plan.pages
        if plan.fits:
            assert len(texts) == 1, (event.id, paper)
        else:
            assert re.search(r"continues? on page 2", texts[0]), (event.id, paper)
            for named in plan.continued().values():
                assert named in texts[0].replace("\n", " "), (event.id, paper, named)
        whole = " ".join(texts)
        for action in event.actions:
            assert re.search(rf"\b{action.id}\b", whole), (event.id, paper, action.id)


def test_a3_fits_every_demo_event_on_one_page() -> None:
    for event in demo_events(TODAY):
        assert plan_a3(event, link_base=LINK_BASE, today=TODAY).fits, event.id


def test_the_appendix_stops_and_points_to_the_export() -> None:
    # the cost case, smaller: 120 actions of 10,000 characters would print ~140 pages
    event = long_text_event(TODAY, actions=120, what_chars=10_000)
    plan = plan_a3(event, link_base=LINK_BASE, today=TODAY)
    assert plan.pages == 1 + appendix_pages(plan.geometry)
    assert plan.not_printed.startswith("6 Action plan: ")
    assert "A120" in plan.not_printed
    texts = pages_text(draw(plan, event, TODAY))
    assert "Not printed" in texts[-1]
    assert "kaizen export KZ-LONG --markdown" in texts[-1]
    assert plan.not_printed.replace("\n", " ") in texts[-1]


# -- any event -------------------------------------------------------------------------------------

_WORDS = st.text(alphabet="abcdefghij klmnop<>&*_ .,", min_size=0, max_size=2000)


@st.composite
def events(draw_: st.DrawFn) -> tuple[Event, list[str]]:
    """Events of 0–80 actions and texts of 0–2,000 characters, each text carrying a marker word
    that must be found in the PDF and the Markdown."""
    markers: list[str] = []

    def text(label: str) -> str:
        marker = f"MK{label}Z"
        markers.append(marker)
        body = draw_(_WORDS)
        cut = draw_(st.integers(0, len(body)))
        return f"{body[:cut]} {marker} {body[cut:]}"

    count = draw_(st.integers(0, 80))
    actions = []
    for n in range(1, count + 1):
        status = draw_(st.sampled_from(["open", "open", "done", "dropped"]))
        # the A3 prints the latest update of an open action (the live list has the rest)
        noted = status == "open" and draw_(st.booleans())
        actions.append(
            Action(
                id=f"A{n}",
                what=text(f"A{n}"),
                owner=draw_(st.sampled_from(["Ana", "Zofia Wiśniewska", "佐藤 健", ""])),
                due=TODAY + timedelta(days=draw_(st.integers(-30, 30))),
                status=status,
                pdca=draw_(st.integers(0, 4)),
                updates=[Update(date=TODAY, note=text(f"U{n}"))] if noted else [],
            )
        )
    event = make_event(
        problem=text("problem"),
        background=text("background"),
        lessons=text("lessons"),
        target_condition=text("target"),
        root_causes=[RootCause(id="RC1", problem=text("rcp"), whys=[text("why")], cause="c")],
        metrics=[
            Metric(
                id="M1",
                name="Changeover",
                unit="min",
                baseline=95,
                target=30,
                readings=[Reading(date=TODAY - timedelta(days=d), value=60 + d) for d in (1, 9)],
            )
        ],
        actions=actions,
    )
    return event, markers


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=events())
def test_one_page_when_it_fits_otherwise_nothing_is_lost(case: tuple[Event, list[str]]) -> None:
    event, markers = case
    plan = plan_a3(event, link_base=LINK_BASE, today=TODAY)
    texts = pages_text(draw(plan, event, TODAY))
    whole = squeeze(" ".join(texts))
    markdown = a3_markdown(event, today=TODAY, link_base=LINK_BASE)
    if plan.fits:
        assert len(texts) == 1
    else:
        assert re.search(r"continues? on page \d", texts[0])
    if not plan.not_printed:
        for action in event.actions:
            assert action.id in whole
        for marker in markers:
            assert marker in whole, marker
    # the Markdown has everything, and the same sections
    for marker in markers:
        assert marker in markdown, marker
    for title in ("Background / problem", "Action plan", "Follow-up", "Live action list"):
        assert squeeze(title) in squeeze(texts[0])
        assert title in markdown
