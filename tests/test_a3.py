"""The printed A3 as a person meets it: the real PDF, its pages, its text layer, and its QR code
read from a rasterized page 1 the way a phone camera would."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from bench.common import crowded_event
from kaizen_tui.a3.fonts import latin_coverage
from kaizen_tui.a3.render import PAPERS, render_a3
from kaizen_tui.demo import demo_events
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import (
    Action,
    Event,
    Metric,
    Person,
    ProcessStep,
    Reading,
    Review,
    RootCause,
    Waste,
    Yokoten,
)

from .conftest import TODAY, make_event
from .pdfqr import qr_on_page_one

LINK_BASE = "https://kaizen.example.org"
#: page 1's note on a box that continues: "▸ continues on page 2: A31–A40" (what, exactly)
CONTINUES = re.compile(r"▸ continue[sd]? on page 2")


def render(event: Event, paper: str = "a3") -> bytes:
    return render_a3(event, link_base=LINK_BASE, paper=paper, today=TODAY)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text layer, whitespace collapsed (a cell may wrap a name onto two lines)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def demos() -> list[Event]:
    return demo_events(TODAY)


@pytest.fixture(scope="module")
def crowded() -> Event:
    return crowded_event(TODAY)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_each_demo_event_is_exactly_one_a3_page(demos: list[Event], index: int) -> None:
    pdf = render(demos[index])
    assert pdf.startswith(b"%PDF")
    [text] = pages_text(pdf)
    assert not CONTINUES.search(text)
    event = demos[index]
    assert event.title in text
    for action in event.actions:
        assert re.search(rf"\b{action.id}\b", text), action.id
        assert action.owner in text, action.owner


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_one_page_or_the_continuation_is_named(
    demos: list[Event], crowded: Event, paper: str
) -> None:
    for event in [*demos, crowded]:
        texts = pages_text(render(event, paper))
        if len(texts) > 1:
            assert CONTINUES.search(texts[0]), (event.id, paper)
            assert "Appendix · page 2" in texts[1]
            assert "continued from page 1" in texts[1]
        whole = " ".join(texts)
        # nothing is dropped: every action is somewhere in the document
        for action in event.actions:
            assert re.search(rf"\b{action.id}\b", whole), (event.id, paper, action.id)


def test_forty_long_actions_overflow_to_an_appendix_on_a4(crowded: Event) -> None:
    texts = pages_text(render(crowded, "a4"))
    assert len(texts) >= 2
    assert "6 Action plan" in texts[0]
    assert CONTINUES.search(texts[0])
    whole = " ".join(texts)
    assert "(step 40)" in whole  # the last action's text, not just its id


@pytest.mark.parametrize("paper", ["a3", "letter"])
def test_qr_code_decodes_to_the_action_page(demos: list[Event], paper: str) -> None:
    event = demos[0]
    expected = action_page_url(LINK_BASE, event.share_token)
    pdf = render(event, paper)
    assert qr_on_page_one(pdf) == [expected]
    # and the URL is printed under it for people without a phone at hand
    assert expected in pages_text(pdf)[0].replace(" ", "")


def test_names_in_three_scripts_are_spelled_exactly(demos: list[Event]) -> None:
    smed, discharge, _ = demos
    smed_text = pages_text(render(smed))[0]
    assert "Zofia Wiśniewska" in smed_text
    assert "佐藤 健" in smed_text
    assert "Νίκος Παπαδόπουλος" in pages_text(render(discharge))[0]
    assert "\ufffd" not in smed_text  # no missing glyph anywhere on the demo


def test_markup_like_text_prints_literally(crowded: Event) -> None:
    event = make_event(
        title="R&D <b>bold</b> & <script>alert(1)</script>",
        problem="if a<b and c>d then <i>nothing</i> & R&D; &amp; stays",
    )
    text = pages_text(render(event))[0]
    assert "R&D <b>bold</b> & <script>alert(1)</script>" in text
    assert "if a<b and c>d then <i>nothing</i> & R&D; &amp; stays" in text
    whole = " ".join(pages_text(render(crowded)))
    assert "<b>& its tool check</b>" in whole


def test_ten_thousand_characters_in_a_field_are_kept(demos: list[Event]) -> None:
    long_text = " ".join(f"word{n}" for n in range(1500)) + " THE-END-OF-THE-PROBLEM"
    event = demos[0].model_copy(
        update={
            "problem": long_text,
            "actions": [
                *demos[0].actions,
                Action(id="A99", what="x" * 3000 + " LAST-ACTION-WORD", owner="Ana"),
            ],
        }
    )
    texts = pages_text(render(event))
    whole = " ".join(texts)
    assert len(texts) > 1 and CONTINUES.search(texts[0])
    assert "THE-END-OF-THE-PROBLEM" in whole
    assert "LAST-ACTION-WORD" in whole
    assert "word1499" in whole


def test_results_and_follow_up_show_what_happened(demos: list[Event]) -> None:
    _, discharge, invoice = demos
    text = pages_text(render(discharge))[0]
    assert "30-day review" in text and "slipping" in text
    assert "Yokoten" in text
    assert "Lessons learned" in text
    invoice_text = pages_text(render(invoice))[0]
    assert "No readings recorded yet" in invoice_text
    assert "planned" in invoice_text  # the 30/60/90 reviews the planned event will get


def test_overdue_actions_are_marked_in_words(demos: list[Event]) -> None:
    smed = demos[0]
    text = pages_text(render(smed))[0]
    overdue = [a.due for a in smed.actions if a.status == "open" and a.due and a.due < TODAY]
    assert overdue
    for due in overdue:
        assert f"OVERDUE {(TODAY - due).days} d" in text.replace("\u00a0", " ")


def test_render_is_a_pure_function_of_its_inputs(demos: list[Event]) -> None:
    # same event, same day: same page text (the TUI renders in a worker thread, twice is fine)
    assert pages_text(render(demos[1])) == pages_text(render(demos[1]))


def test_unknown_paper_is_a_clear_error(demos: list[Event]) -> None:
    from kaizen_tui.errors import KaizenError

    with pytest.raises(KaizenError, match="unknown paper 'b5'"):
        render(demos[0], "b5")


# -- hypothesis: any text in any field -------------------------------------------------------------

_MARKUPISH = st.sampled_from(
    ["<b>", "</b>", "&", "&amp;", "<br/>", "<para>", "<font name='x'>", "]]>", "\\", "%", "\n"]
)
_TEXT = st.lists(st.one_of(st.text(max_size=40), _MARKUPISH), max_size=6).map("".join)
_NAME = _TEXT.filter(lambda s: s.strip() != "").map(lambda s: s[:300])


@st.composite
def fuzzed_events(draw: st.DrawFn) -> Event:
    actions = [
        Action(
            id=f"A{n}",
            what=draw(_NAME),
            owner=draw(_TEXT).strip()[:300],
            due=date(2026, 11, draw(st.integers(1, 30))),
            pdca=draw(st.integers(0, 4)),
            status=draw(st.sampled_from(["open", "done", "dropped"])),
        )
        for n in range(draw(st.integers(0, 12)))
    ]
    metric = Metric(
        id="M1",
        name=draw(_NAME),
        unit=draw(_TEXT)[:300],
        baseline=10,
        target=5,
        readings=[
            Reading(date=date(2026, 11, 1 + n), value=draw(st.floats(0, 50))) for n in range(3)
        ],
    )
    return make_event(
        title=draw(_NAME),
        area=draw(_TEXT)[:300],
        site=draw(_TEXT)[:300],
        problem=draw(_TEXT),
        background=draw(_TEXT),
        target_condition=draw(_TEXT),
        lessons=draw(_TEXT),
        report_out=date(2026, 11, 27),
        people=[
            Person(name=draw(_NAME), role=role) for role in ("sponsor", "facilitator", "member")
        ],
        metrics=[metric],
        process_steps=[
            ProcessStep(name=draw(_NAME), cycle_min=3, wait_min=draw(st.floats(0, 1e4)))
        ],
        wastes=[Waste(type="waiting", description=draw(_TEXT), step=draw(_TEXT)[:300])],
        root_causes=[
            RootCause(
                id="RC1",
                problem=draw(_TEXT),
                whys=draw(st.lists(_TEXT, max_size=3)),
                category=draw(_TEXT)[:300],
                cause=draw(_TEXT),
            )
        ],
        actions=actions,
        reviews=[Review(day=30, held_on=date(2026, 11, 20), verdict="lost", notes=draw(_TEXT))],
        yokoten=[Yokoten(practice=draw(_NAME), to_area=draw(_TEXT)[:300])],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=fuzzed_events(), paper=st.sampled_from(sorted(PAPERS)))
def test_any_text_in_any_field_renders(event: Event, paper: str) -> None:
    from kaizen_tui.a3.markdown import a3_markdown

    pdf = render(event, paper)
    printed = re.sub(r"\s+", "", "".join(pages_text(pdf)))
    # Every stretch of a field's text that the fonts can draw is in the PDF's text, in order
    # (whitespace aside: lines wrap anywhere); what they cannot draw prints as U+FFFD.
    fields = [event.title, event.problem, event.background, event.target_condition]
    fields += [event.lessons, *(a.what for a in event.actions)]
    for value in fields:
        for run in _drawable_runs(value):
            assert run in printed, f"{run!r} of {value!r} is not in the PDF"
    assert a3_markdown(event, today=TODAY, link_base=LINK_BASE).startswith("# ")


def _drawable_runs(value: str) -> list[str]:
    """The stretches of ``value`` the Latin fonts draw, split at spaces and at any other
    character (a control character is left out, one the fonts lack becomes U+FFFD). Visible
    left-to-right characters of the Basic Multilingual Plane only: the text layer holds right-to-
    left script in drawing order, combining marks apart, no soft hyphen, and loses the Latin
    font's few characters beyond the plane (U+1D54C and such), though they are drawn."""
    return [run for run in re.split(_NOT_DRAWN, value) if run]


_IN_ORDER = "".join(
    re.escape(chr(c))
    for c in sorted(latin_coverage())
    if c <= 0xFFFF
    and unicodedata.category(chr(c))[0] in "LNPS"  # not marks, nor soft hyphens and such
    and unicodedata.bidirectional(chr(c)) not in ("R", "AL", "AN")
)
_NOT_DRAWN = re.compile(rf"\s+|[^{_IN_ORDER}]")
