"""One section model, two renderers: the PDF and the Markdown print the same sections with the
same content, because both draw the blocks a3/content.py builds once."""

from __future__ import annotations

import re

import pytest

from bench.common import crowded_event
from kaizen_tui.a3 import blocks as bk
from kaizen_tui.a3.content import a3_content
from kaizen_tui.a3.markdown import a3_markdown
from kaizen_tui.a3.render import render_a3
from kaizen_tui.demo import demo_events
from kaizen_tui.logic.actions import shown_pdca
from kaizen_tui.logic.links import action_page_url
from kaizen_tui.model import Action, Event

from .conftest import TODAY, make_event
from .pdftext import pages_text, text_runs

LINK_BASE = "https://kaizen.example.org"


def content_of(event: Event) -> bk.A3Content:
    url = action_page_url(LINK_BASE, event.share_token)
    return a3_content(event, today=TODAY, url=url)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def markdown_plain(text: str) -> str:
    """What a reader of the rendered Markdown sees: emphasis marks, table pipes, list bullets and
    line-break tags gone, escapes resolved."""
    # an autolink is printed as it is (a share token may hold "_" after a "/"): set aside first
    links: list[str] = []

    def aside(match: re.Match[str]) -> str:
        links.append(match.group(1))
        return f"\x00{len(links) - 1}\x00"

    text = re.sub(r"<(https?://[^>]+)>", aside, text.replace("<br>", " "))
    text = re.sub(r"(?<!\\)(\*\*|~~|\|)", " ", text)
    text = re.sub(r"(?<![\\\w])_|(?<!\\)_(?!\w)", " ", text)  # _emphasis_, not snake_case
    text = re.sub(r"^\s*(#+|-|\|?-{3}.*)\s", " ", text, flags=re.MULTILINE)
    text = re.sub(r"\\(.)", r"\1", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], text)


@pytest.fixture(scope="module")
def demos() -> list[Event]:
    return demo_events(TODAY)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_pdf_and_markdown_print_the_same_sections_with_the_same_content(
    demos: list[Event], index: int
) -> None:
    event = demos[index]
    content = content_of(event)
    pdf_text = squeeze(" ".join(pages_text(render_a3(event, link_base=LINK_BASE, today=TODAY))))
    markdown = a3_markdown(event, today=TODAY, link_base=LINK_BASE)
    md_text = squeeze(markdown_plain(markdown))
    # the same sections, in the same order
    titles = [s.title for s in content.sections if s.key != "header"]
    heads = re.findall(r"^## (?:\d )?(.+)$", markdown, flags=re.MULTILINE)
    assert heads == [t.replace("/", "/") for t in titles]
    for section in content.sections:
        if section.key != "header":
            assert squeeze(section.title) in pdf_text, section.title
        for text in bk.texts(section):
            assert squeeze(text) in pdf_text, (section.key, text)
            assert squeeze(text) in md_text, (section.key, text)


def test_countermeasures_name_the_actions_without_repeating_them(demos: list[Event]) -> None:
    smed = demos[0]
    content = content_of(smed)
    lines = [p.text() for p in content["5"].blocks if isinstance(p, bk.Para)]
    rc1 = next(line for line in lines if line.startswith("RC1 "))
    linked = [a.id for a in smed.actions if a.root_cause == "RC1"]
    assert rc1.startswith("RC1 External work done before the press stops → ")
    assert ", ".join(linked) in rc1
    # the action plan is the one place an action's text is printed
    [text] = pages_text(render_a3(smed, link_base=LINK_BASE, today=TODAY))
    for action in smed.actions:
        assert text.count(action.what) == 1, action.id


def test_a_cause_without_a_countermeasure_is_quoted_in_a_few_words() -> None:
    event = make_event()
    cause = event.root_causes[0].model_copy(
        update={"cause": "one two three four five six seven eight nine ten eleven"}
    )
    content = content_of(event.model_copy(update={"root_causes": [cause]}))
    [line] = [p.text() for p in content["5"].blocks if isinstance(p, bk.Para) and "RC1" in p.text()]
    assert line.startswith("RC1 against: one two three four five six seven eight … → A2")


def test_a_done_action_is_at_least_checked() -> None:
    done = Action(id="A1", what="x", status="done", pdca=0)
    assert shown_pdca(done) == 3
    assert shown_pdca(done.model_copy(update={"pdca": 4})) == 4
    assert shown_pdca(Action(id="A2", what="x", pdca=1)) == 1
    table = content_of(make_event(actions=[done]))["6"].blocks[0]
    assert isinstance(table, bk.Table)
    [pdca] = [item for item in table.rows[0].cells[4] if isinstance(item, bk.Pdca)]
    assert (pdca.step, pdca.label) == (3, "checked")


def test_the_title_is_the_biggest_type_and_no_header_splits(demos: list[Event]) -> None:
    event = demos[0].model_copy(update={"revision": 128})
    pdf = render_a3(event, link_base=LINK_BASE, today=TODAY)
    runs = [r for r in text_runs(pdf) if r.page == 1]
    biggest = max(runs, key=lambda r: r.size)
    assert biggest.text.strip() == event.title
    revision = next(r for r in runs if "Revision 128" in r.text)
    assert revision.size < biggest.size * 0.75
    # column headings are whole words ("Status", not "Statu" above "s"), in a narrow box too
    # (the crowded event's follow-up sits under the QR code)
    for shown in (event, crowded_event(TODAY)):
        text = pages_text(render_a3(shown, link_base=LINK_BASE, today=TODAY))[0]
        for heading in ("Status", "Owner", "Due", "PDCA", "Baseline", "Target", "Review"):
            assert re.search(rf"\b{heading}\b", text), (shown.id, heading)


def test_markdown_keeps_what_the_pdf_may_leave_out(demos: list[Event]) -> None:
    # the overdue list under the QR code is an aside: always in the Markdown
    markdown = a3_markdown(demos[0], today=TODAY, link_base=LINK_BASE)
    section = markdown.split("## Live action list", 1)[1].split("\n## ", 1)[0]
    assert "**Overdue**" in section
    assert "Next review" in section
    assert f"<{action_page_url(LINK_BASE, demos[0].share_token)}>" in section


def test_chart_labels_its_levels_and_latest_reading(demos: list[Event]) -> None:
    discharge = demos[1]
    [charts] = [b for b in content_of(discharge)["7"].blocks if isinstance(b, bk.Charts)]
    chart = charts.charts[0]
    assert chart.baseline_label.startswith("baseline ")
    assert chart.target_label.startswith("target ")
    [text] = pages_text(render_a3(discharge, link_base=LINK_BASE, today=TODAY))
    for label in (chart.title, chart.baseline_label, chart.target_label, chart.points[-1].label):
        assert squeeze(label) in squeeze(text), label
    [metric] = [m for m in discharge.metrics if chart.title.startswith(f"{m.id} ")]
    assert chart.points[-1].day == max(r.date for r in metric.readings)
