"""`kaizen report` as a user runs it (a subprocess, a real data folder): JSON figures, the PDF
(its text, and its charts as pixels), the Markdown tables, the evidence export, the filters, the
certification settings and the yokoten commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from kaizen_tui.model import Event, Person, Yokoten
from kaizen_tui.store import Store

from .conftest import CliRunner
from .portfolio_data import portfolio_events


@pytest.fixture
def portfolio(data_dir: Path) -> Path:
    store = Store(data_dir)
    for event in portfolio_events():
        store.create(event)
    return data_dir


def report_json(kaizen: CliRunner, *args: str) -> dict:
    result = kaizen("report", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- JSON -----------------------------------------------------------------------------------------


def test_report_json_has_the_hand_worked_figures(kaizen: CliRunner, portfolio: Path) -> None:
    data = report_json(kaizen)
    assert data["format"] == "kaizen-report/1"
    assert data["today"] == "2026-11-25"
    events = data["events"]
    assert events["total"] == 8
    assert events["by_status"] == {
        "planned": 1,
        "live": 1,
        "reported": 1,
        "following_up": 2,
        "closed": 2,
        "abandoned": 1,
    }
    assert events["by_area_quarter"]["Press Shop"] == {"2026-Q2": 1, "2026-Q3": 1}
    assert events["by_area_quarter"]["(no area)"] == {"undated": 1}

    actions = data["actions"]
    assert {k: v for k, v in actions.items() if k != "overdue_by_owner"} == {
        "total": 17,
        "open": 9,
        "overdue": 5,
        "done": 7,
        "dropped": 1,
        "done_on_time": 3,
        "done_late": 2,
        "done_without_dates": 2,
        "on_time_pct": 60.0,
    }
    assert [(o["owner"], o["count"]) for o in actions["overdue_by_owner"]] == [
        ("Tomasz Nowak", 2),
        ("Joe Outsider", 1),
        ("Marek Nowicki", 1),
        ("Oliver Grant", 1),
    ]
    assert actions["overdue_by_owner"][0]["actions"][0] == {
        "event": "KZ-P-03",
        "id": "A3",
        "what": "Scrap chute guard",
        "due": "2026-11-01",
        "days_overdue": 24,
    }

    assert {r["event"]: r["result_pct"] for r in data["results"]} == {
        "KZ-P-02": 100.0,
        "KZ-P-03": -60.0,
        "KZ-P-04": 50.0,
        "KZ-P-01": 62.5,
    }
    assert data["results"][0]["metrics"][0]["progress_pct"] == 120.0

    sustain = data["sustainment"]
    assert {k: v for k, v in sustain.items() if not k.startswith("by_")} == {
        "review_day": 90,
        "held": 3,
        "sustained": 2,
        "slipping": 0,
        "lost": 1,
        "held_without_verdict": 1,
        "review_overdue": 1,
        "review_pending": 1,
        "no_review": 1,
        "rate_pct": 66.7,
    }
    assert [r for r in sustain["by_area"] if r["held"]] == [
        {"area": "Press Shop", "held": 2, "sustained": 1, "rate_pct": 50.0},
        {"area": "Ward 7B", "held": 1, "sustained": 1, "rate_pct": 100.0},
    ]
    assert [(r["quarter"], r["rate_pct"]) for r in sustain["by_quarter"]] == [
        ("2026-Q2", 100.0),
        ("2026-Q3", 0.0),
        ("2026-Q4", None),
    ]

    line = data["line_capability"]
    assert {k: v for k, v in line.items() if "quarter" not in k} == {
        "events_with_team_leader": 6,
        "line_led": 5,
        "line_led_pct": 83.3,
        "events_without_team_leader": 1,
        "actions_with_known_owner": 14,
        "line_owned": 10,
        "lpo_owned": 4,
        "line_owned_pct": 71.4,
        "owner_not_on_team": 1,
        "no_owner": 1,
        "owners_not_on_team": [{"name": "Joe Outsider", "actions": 1}],
    }
    assert [(q["quarter"], q["line_led_pct"], q["line_owned_pct"]) for q in line["by_quarter"]] == [
        ("2026-Q2", 100.0, 60.0),
        ("2026-Q3", 50.0, 80.0),
        ("2026-Q4", 100.0, 66.7),
    ]
    assert line["this_quarter"]["quarter"] == "2026-Q4"
    assert line["this_quarter"]["line_led_pct"] == 100.0
    assert line["last_quarter"] == {
        "quarter": "2026-Q3",
        "events_with_team_leader": 2,
        "line_led": 1,
        "line_led_pct": 50.0,
        "actions_with_known_owner": 5,
        "line_owned": 4,
        "line_owned_pct": 80.0,
    }

    people = {x["name"]: x for x in data["people"]}
    assert {
        name: (x["facilitated"], x["co_facilitated"], x["led"], x["sustained"], x["level"])
        for name, x in people.items()
    } == {
        "Anna Lewandowska": (2, 1, 0, 1, "Practitioner"),
        "Daniel Reyes": (1, 1, 0, 1, "Practitioner"),
        "Ewa Kaczmarek": (0, 0, 1, 0, None),
        "Grace Okafor": (1, 0, 1, 1, None),
        "Marek Nowicki": (1, 1, 0, 0, "Practitioner"),
        "Oliver Grant": (0, 0, 1, 0, None),
        "Priya Shah": (0, 0, 0, 0, None),
        "Tomasz Nowak": (0, 0, 2, 1, None),
    }
    assert people["Anna Lewandowska"]["missing"] == ["facilitated 2 of 3"]
    assert people["Anna Lewandowska"]["evidence"][0] == {
        "event": "KZ-P-01",
        "title": "Die changeover on Press Line 3",
        "area": "Press Shop",
        "site": "Gdańsk",
        "role": "facilitated",
        "start": "2026-04-13",
        "end": "2026-04-17",
        "status": "closed",
        "counted": True,
        "sustain": "sustained",
        "result_pct": 62.5,
    }
    yokoten = data["yokoten"]
    assert (yokoten["proposed"], yokoten["adopted"], yokoten["declined"]) == (2, 1, 1)
    assert [s["sensei"] for s in data["sensei_notes"]] == ["Dr. Imai", "Sato Ken"]


def test_filters_change_the_figures(kaizen: CliRunner, portfolio: Path) -> None:
    leeds = report_json(kaizen, "--site", "leeds")
    assert leeds["filter"]["site"] == ["leeds"]
    assert leeds["events"]["total"] == 3
    assert leeds["actions"]["on_time_pct"] == 50.0
    assert leeds["line_capability"]["line_led_pct"] == 100.0
    q3 = report_json(kaizen, "--from", "2026-Q3", "--to", "2026-Q3")
    assert (q3["filter"]["from"], q3["filter"]["to"]) == ("2026-07-01", "2026-09-30")
    assert [e["id"] for e in q3["events"]["list"]] == ["KZ-P-07", "KZ-P-02", "KZ-P-03"]
    two = report_json(kaizen, "--area", "Welding", "--area", "Ward 7B")
    assert two["events"]["total"] == 3


def test_filter_typos_warn_and_bad_dates_fail(kaizen: CliRunner, portfolio: Path) -> None:
    typo = kaizen("report", "--json", "--area", "Stampng")
    assert typo.returncode == 0
    assert "no event has the area 'Stampng'; areas are: Paint Shop, Pharmacy" in typo.stderr
    assert json.loads(typo.stdout)["events"]["total"] == 0
    bad = kaizen("report", "--from", "2026-Q5")
    assert bad.returncode == 1
    assert bad.stderr == "kaizen: '2026-Q5' is not a date (YYYY-MM-DD) or a quarter (2026-Q3)\n"
    backwards = kaizen("report", "--from", "2026-10-01", "--to", "2026-Q3")
    assert backwards.returncode == 1 and "ends (2026-09-30) before it starts" in backwards.stderr


def test_empty_data_folder(kaizen: CliRunner, tmp_path: Path) -> None:
    data = report_json(kaizen)
    assert data["events"]["total"] == 0
    assert data["actions"]["on_time_pct"] is None
    assert data["sustainment"]["rate_pct"] is None
    assert data["line_capability"]["this_quarter"]["line_led_pct"] is None
    assert data["people"] == [] and data["yokoten"]["items"] == []
    pdf = tmp_path / "empty.pdf"
    result = kaizen("report", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "No events in this selection" in text
    assert "No action is overdue" in kaizen("report").stdout


# -- PDF ------------------------------------------------------------------------------------------

SAND, TEAL, CORAL = (0xE9, 0xC4, 0x6A), (0x2A, 0x9D, 0x8F), (0xE7, 0x6F, 0x51)


def _count(image: Image.Image, box: tuple[int, int, int, int], colour: tuple[int, int, int]) -> int:
    """Pixels in ``box`` within a small distance of ``colour`` (anti-aliased edges vary)."""
    region = image.crop(box).convert("RGB")
    colours = region.getcolors(region.width * region.height) or []
    near = 0
    for n, pixel in colours:
        assert isinstance(pixel, tuple)  # an RGB image's colours are (r, g, b)
        if all(abs(pixel[i] - colour[i]) <= 12 for i in range(3)):
            near += n
    return near


def test_pdf_has_a_summary_page_with_charts_and_the_names(
    kaizen: CliRunner, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "portfolio.pdf"
    result = kaizen("report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{out} (8 events, all events)")
    reader = PdfReader(out)
    assert len(reader.pages) >= 3
    first = " ".join(reader.pages[0].extract_text().split())  # lines wrap in the PDF
    for words in (
        "Kaizen portfolio",
        "actions overdue",
        "sustained at 90 days",
        "events line-led in 2026-Q4",
        "Events by area",
        "Tomasz Nowak 2",  # the overdue answer names the owners
        "Ward 7B 1 of 1",  # which areas held their gains
        "Anna Lewandowska (Practitioner)",  # who is ready
        "up from 1 of 2",  # the line leads more this quarter
    ):
        assert words in first, words
    everything = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for name in ("Anna Lewandowska", "Daniel Reyes", "Grace Okafor", "Joe Outsider", "Sato Ken"):
        assert name in everything, name
    for heading in ("Overdue actions, by owner", "Line capability", "Yokoten register"):
        assert heading in everything
    assert "How these figures are computed" in reader.pages[-1].extract_text()

    # the three charts are drawn: their colours are on page 1, each in its own third
    page = pypdfium2.PdfDocument(out)[0]
    image = page.render(scale=1.5).to_pil()
    w, h = image.size
    band = (int(h * 0.30), int(h * 0.70))
    assert _count(image, (0, band[0], w // 3, band[1]), SAND) > 300  # planned / live bars
    assert _count(image, (w // 3, band[0], 2 * w // 3, band[1]), TEAL) > 150  # sustainment line
    assert _count(image, (2 * w // 3, band[0], w, band[1]), CORAL) > 150  # line-owned line


def test_pdf_escapes_user_text_and_letter_paper(kaizen: CliRunner, tmp_path: Path) -> None:
    Store(tmp_path / "data").create(
        Event(
            id="KZ-ESC-1",
            title="R&D <pilot> & co",
            area="Lab <b>2</b>",
            status="reported",
            people=[Person(name="Ann <i>O'Neil</i>", role="facilitator", from_line=False)],
            yokoten=[Yokoten(practice="Kanban & <script>alert(1)</script>", to_area="QA|Lab")],
        )
    )
    out = tmp_path / "escaped.pdf"
    result = kaizen("report", "-o", str(out), "--paper", "letter")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 792  # letter, landscape
    text = "\n".join(page.extract_text() for page in reader.pages)
    for raw in ("R&D <pilot> & co", "Lab <b>2</b>", "Ann <i>O'Neil</i>", "<script>alert(1)"):
        assert raw in text, raw
    markdown = kaizen("report").stdout
    assert "R&amp;D &lt;pilot&gt; &amp; co" in markdown
    assert (
        "Kanban &amp; &lt;script&gt;alert(1)&lt;/script&gt; | Lab &lt;b&gt;2&lt;/b&gt; | QA\\|Lab"
        in (markdown)
    )
    assert "<script>" not in markdown


# -- Markdown -------------------------------------------------------------------------------------


def test_markdown_report_has_the_tables(kaizen: CliRunner, portfolio: Path, tmp_path: Path) -> None:
    out = tmp_path / "portfolio.md"
    result = kaizen("report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert text.startswith("# Kaizen portfolio report\n")
    assert text == kaizen("report").stdout  # the same content on stdout
    for line in (
        "| Actions completed on time | 3 of 5 (60%) |",
        "| Area | 2026-Q2 | 2026-Q3 | 2026-Q4 | undated | Total |",
        "| Press Shop | 1 | 1 | 0 | 0 | 2 |",
        "| Owner | Event | Action | What | Due | Days overdue |",
        "| Tomasz Nowak | KZ-P-03 | A3 | Scrap chute guard | 2026-11-01 | 24 |",
        "| KZ-P-03 | Press Shop | Press downtime (h) | 10 | 5 | 20 (2026-10-08) | -200% | -60% |",
        "| Press Shop | 2 | 1 | 50% |",
        "| 2026-Q3 | 2 | 1 | 50% | 5 | 4 | 80% |",
        "| Anna Lewandowska | LPO | 2 | 1 | 0 | 1 | Practitioner | "
        "Facilitator: facilitated 2 of 3 |",
        "| KZ-P-05#2 | Discharge lounge for patients waiting for transport | Ward 7B | Ward 9C "
        "| declined |",
        "| 2026-05-12 | KZ-P-04 | Ward 7B | Ask the patient what the waiting costs them. |",
        # every event, as the PDF prints it: who led in the PDF's words, no overdue left blank
        "| KZ-P-02 | Spatter rework in welding cell 4 | Welding | following up | 2026-08-03 | "
        "Ewa Kaczmarek (LPO) | Anna Lewandowska, Marek Nowicki | 3 | 2 | 100% | review overdue |",
        "| KZ-P-01 | Die changeover on Press Line 3 | Press Shop | closed | 2026-04-13 | "
        "Tomasz Nowak (line) | Anna Lewandowska | 0 |  | 62% | sustained |",
    ):
        assert line in text, line
    assert "## How these figures are computed" in text
    assert "- **Completed on time.** A done action whose done-on date is on or before" in text


def test_output_format_is_chosen_by_the_file_name(
    kaizen: CliRunner, portfolio: Path, tmp_path: Path
) -> None:
    as_json = tmp_path / "r.json"
    assert kaizen("report", "-o", str(as_json)).returncode == 0
    assert json.loads(as_json.read_text("utf-8"))["events"]["total"] == 8
    unknown = kaizen("report", "-o", str(tmp_path / "r.docx"))
    assert unknown.returncode == 1
    assert "cannot tell the format; the report is written as .json, .md, .pdf" in unknown.stderr
    clash = kaizen("report", "--json", "-o", str(tmp_path / "r.pdf"))
    assert clash.returncode == 1 and "--json writes JSON" in clash.stderr
    assert not (tmp_path / "r.pdf").exists()


# -- facilitator evidence -------------------------------------------------------------------------


def test_evidence_export_for_a_certification_panel(
    kaizen: CliRunner, portfolio: Path, tmp_path: Path
) -> None:
    out = tmp_path / "anna.csv"
    result = kaizen("report", "--evidence", "anna", "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert [(r["event"], r["role"], r["start"], r["sustain"], r["result_pct"]) for r in rows] == [
        ("KZ-P-01", "facilitated", "2026-04-13", "sustained", "62.5"),
        ("KZ-P-03", "co-facilitated", "2026-07-06", "lost", "-60.0"),
        ("KZ-P-02", "facilitated", "2026-08-03", "review overdue", "100.0"),
    ]
    md = kaizen("report", "--evidence", "Grace Okafor").stdout
    assert md.startswith("# Facilitator evidence: Grace Okafor\n")
    assert "| 1 | 0 | 1 | 1 | 2 |" in md
    assert "**Next:** Practitioner needs facilitated+co-facilitated 1 of 2." in md
    assert (
        "| KZ-P-06 | Pharmacy turnaround | Pharmacy | facilitated | 2026-12-07 – 2026-12-11" in md
    )
    assert "not yet (before report-out)" in md
    data = json.loads(kaizen("report", "--evidence", "grace okafor", "--json").stdout)
    assert (data["name"], data["facilitated"], data["led"], data["level"]) == (
        "Grace Okafor",
        1,
        1,
        None,
    )
    assert len(data["levels"]) == 2
    unknown = kaizen("report", "--evidence", "Anna Lewandowsky")
    assert unknown.returncode == 1
    assert unknown.stderr == (
        "kaizen: no facilitator or team leader named 'Anna Lewandowsky' in the portfolio; "
        "did you mean Anna Lewandowska?\n"
    )


def test_certification_levels_are_a_setting(kaizen: CliRunner, portfolio: Path) -> None:
    result = kaizen(
        "config",
        "set",
        "certification_levels",
        "Bronze: events>=1; Silver: facilitated>=2, sustained>=1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "certification_levels = Bronze: events>=1; Silver: facilitated>=2, sustained>=1\n"
    )
    levels = {x["name"]: x["level"] for x in report_json(kaizen)["people"]}
    assert levels["Anna Lewandowska"] == "Silver"
    assert levels["Tomasz Nowak"] == "Bronze"
    assert levels["Priya Shah"] is None
    bad = kaizen("config", "set", "certification_levels", "Gold: hugs>=3")
    assert bad.returncode == 1
    assert "unknown counter 'hugs'" in bad.stderr
    assert kaizen("config", "set", "sustain_review_day", "60").returncode == 0
    assert report_json(kaizen)["sustainment"]["review_day"] == 60


def test_a_hand_broken_config_is_one_clear_line(kaizen: CliRunner, portfolio: Path) -> None:
    """Named in one line, and the default used: a damaged setting never locks anybody out of
    the report (issue 12)."""
    (portfolio / "config.toml").write_text('certification_levels = ["Gold"]\n', "utf-8")
    result = kaizen("report", "--json")
    assert result.returncode == 0, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("kaizen: warning: ") and "certification_levels = ['Gold']" in line
    assert "'Gold' is not a level" in line and "the default is used" in line
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)  # the report, with the default levels


# -- yokoten --------------------------------------------------------------------------------------


def test_yokoten_search_adopt_and_decline(kaizen: CliRunner, portfolio: Path) -> None:
    listing = kaizen("yokoten", "list", "discharge")
    assert listing.returncode == 0, listing.stderr
    assert "KZ-P-05#1" in listing.stdout and "Criteria-led discharge" in listing.stdout
    assert "KZ-P-01" not in listing.stdout
    found = json.loads(kaizen("yokoten", "list", "--area", "welding", "--json").stdout)
    assert [i["ref"] for i in found] == ["KZ-P-01#1"]

    adopt = kaizen(
        "yokoten", "adopt", "KZ-P-01#1", "--into", "KZ-P-02", "--owner", "Marek Nowicki",
        "--due", "+14",
    )  # fmt: skip
    assert adopt.returncode == 0, adopt.stderr
    assert adopt.stdout == (
        "adopted: KZ-P-01#1 Shadow board for die tools\n"
        "action A5 added to KZ-P-02: owner Marek Nowicki, due 2026-12-09\n"
    )
    target = json.loads(kaizen("export", "KZ-P-02").stdout)["event"]
    assert target["actions"][-1]["what"] == (
        "Yokoten from KZ-P-01, Press Shop: adopt “Shadow board for die tools”"
    )
    again = kaizen("yokoten", "adopt", "KZ-P-01", "1")
    assert again.returncode == 1
    assert again.stderr == "kaizen: KZ-P-01#1 is adopted already into KZ-P-02\n"
    assert kaizen("yokoten", "decline", "KZ-P-05#1").returncode == 0
    counts = report_json(kaizen)["yokoten"]
    assert (counts["proposed"], counts["adopted"], counts["declined"]) == (0, 2, 2)
    assert report_json(kaizen)["actions"]["open"] == 10  # the adopted practice's new action
    warned = kaizen("yokoten", "adopt", "KZ-P-01#2", "--owner", "X")
    assert warned.returncode == 1 and "give --into EVENT too" in warned.stderr
    no_ref = kaizen("yokoten", "adopt", "KZ-P-01")
    assert no_ref.returncode == 1 and "EVENT#N" in no_ref.stderr


def test_report_pdf_spells_polish_greek_and_japanese_names_exactly(
    kaizen: CliRunner, tmp_path: Path
) -> None:
    from datetime import date

    from pypdf import PdfReader

    from kaizen_tui.model import Bundle, SenseiNote

    from .conftest import make_event

    event = make_event(
        status="reported",
        report_out=date(2026, 11, 27),
        sensei_notes=[SenseiNote(date=date(2026, 11, 24), by="佐藤 健", note="見える化 <b>&")],
    )
    bundle = tmp_path / "e.json"
    bundle.write_text(json.dumps(Bundle(event=event).to_json_dict()), "utf-8")
    assert kaizen("import", str(bundle)).returncode == 0
    out = tmp_path / "report.pdf"
    result = kaizen("report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    for name in ("Zofia Wiśniewska", "Νίκος Παπαδόπουλος", "佐藤 健", "見える化 <b>&"):
        assert name in text, name


def test_single_font_strings_mark_what_the_font_lacks() -> None:
    from kaizen_tui.report.fonts import printable

    assert printable("Café Müller, Łódź, Νίκος") == "Café Müller, Łódź, Νίκος"
    assert printable("佐藤") == "\ufffd\ufffd"  # chart labels have one font: visible, not boxes
