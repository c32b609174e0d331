"""The Lean Promotion Office's commands: ``kaizen report`` and ``kaizen yokoten``.

Registered on the ``kaizen`` group by cli.py; kept in their own module so the main CLI stays short.
Thin like cli.py: parse, call kaizen_tui.logic and kaizen_tui.report, print.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kaizen_tui.errors import KaizenError

if TYPE_CHECKING:
    from kaizen_tui.cli import Context
    from kaizen_tui.logic.portfolio import Portfolio, PortfolioFilter


def with_filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--site/--bu/--area (repeatable) and --from/--to, shared by the LPO commands."""
    options = [
        click.option(
            "--site",
            "sites",
            multiple=True,
            metavar="SITE",
            help="Only this site (repeat for several).",
        ),
        click.option(
            "--bu",
            "units",
            multiple=True,
            metavar="UNIT",
            help="Only this business unit (repeat for several).",
        ),
        click.option(
            "--area",
            "areas",
            multiple=True,
            metavar="AREA",
            help="Only this area (repeat for several).",
        ),
        click.option(
            "--from",
            "start_from",
            metavar="DATE",
            help="Events starting on or after DATE (YYYY-MM-DD or a quarter: 2026-Q3).",
        ),
        click.option(
            "--to",
            "start_to",
            metavar="DATE",
            help="Events starting on or before DATE (YYYY-MM-DD or 2026-Q3 = its end).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def build_filter(
    sites: tuple[str, ...],
    units: tuple[str, ...],
    areas: tuple[str, ...],
    start_from: str | None,
    start_to: str | None,
) -> PortfolioFilter:
    from kaizen_tui.logic.portfolio import PortfolioFilter, parse_period

    try:
        return PortfolioFilter(
            sites=sites,
            business_units=units,
            areas=areas,
            start_from=parse_period(start_from) if start_from else None,
            start_to=parse_period(start_to, end=True) if start_to else None,
        )
    except ValueError as err:
        raise KaizenError(str(err)) from None


def load_portfolio(ctx: Context, flt: PortfolioFilter) -> Portfolio:
    """Figures for the filter; warnings (unreadable files, filter values no event has) on stderr."""
    from kaizen_tui.logic.portfolio import (
        PortfolioSettings,
        compute_portfolio,
        filter_options,
        unmatched_filter_values,
    )

    settings = PortfolioSettings.from_values(
        ctx.config.get("sustain_review_day"), ctx.config.get("certification_levels")
    )
    summaries = ctx.store.list_summaries()
    for problem in ctx.store.problems():
        click.echo(f"kaizen: warning: {problem.message}", err=True)
    options = filter_options(summaries)
    for label, value, known in unmatched_filter_values(flt, options):
        hint = f"; {label}s are: {', '.join(known)}" if known else ""
        click.echo(f"kaizen: warning: no event has the {label} {value!r}{hint}", err=True)
    return compute_portfolio(summaries, ctx.today, settings, flt)


# -- kaizen report ---------------------------------------------------------------------------------


@click.command()
@click.option("--json", "as_json", is_flag=True, help="The figures as JSON (see docs/cli.md).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Write to FILE: .pdf (leadership report), .md (for wikis) or .json.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="PDF paper size (landscape).",
)
@click.option(
    "--evidence",
    "evidence_of",
    metavar="NAME",
    help="Only this person's facilitator evidence (to FILE .md, .csv or .json).",
)
@with_filter_options
@click.pass_obj
def report(
    ctx: Context,
    as_json: bool,
    output: Path | None,
    paper: str,
    evidence_of: str | None,
    sites: tuple[str, ...],
    units: tuple[str, ...],
    areas: tuple[str, ...],
    start_from: str | None,
    start_to: str | None,
) -> None:
    """The Lean Promotion Office portfolio report.

    Events by status and area, overdue actions by owner, results against target, the 90-day
    sustainment rate, line capability by quarter, facilitator evidence and certification levels,
    the yokoten register and sensei notes. Markdown on stdout unless --json or -o FILE.

    \b
    Examples:
      kaizen report -o portfolio.pdf --site Gdańsk --from 2026-Q1
      kaizen report --json --area "Press Shop"
      kaizen report --evidence "Anna Lewandowska" -o anna.csv
    """
    flt = build_filter(sites, units, areas, start_from, start_to)
    if evidence_of is not None:
        _evidence(ctx, flt, evidence_of, as_json, output)
        return
    from kaizen_tui.report.files import REPORT_SUFFIXES, file_kind, report_content

    kind = file_kind(output, REPORT_SUFFIXES, "the report") if output else None
    if as_json and kind not in (None, "json"):
        raise KaizenError("--json writes JSON: use -o FILE.json, or leave out --json")
    portfolio = load_portfolio(ctx, flt)
    content = report_content(portfolio, "json" if as_json else kind or "md", paper=paper)
    if isinstance(content, bytes):
        from kaizen_tui.report.files import write_content

        assert output is not None
        write_content(output, content)
        click.echo(f"{output} ({len(portfolio.events)} events, {portfolio.filter.describe()})")
    else:
        _emit(content, output)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    from kaizen_tui.store.files import write_text_file

    write_text_file(output, text)
    click.echo(str(output))


def _evidence(
    ctx: Context, flt: PortfolioFilter, name: str, as_json: bool, output: Path | None
) -> None:
    from kaizen_tui.logic.evidence import find_person
    from kaizen_tui.report.files import EVIDENCE_SUFFIXES, evidence_content, file_kind

    kind = file_kind(output, EVIDENCE_SUFFIXES, "evidence") if output else None
    if as_json and kind not in (None, "json"):
        raise KaizenError("--json writes JSON: use -o FILE.json, or leave out --json")
    portfolio = load_portfolio(ctx, flt)
    try:
        person = find_person(portfolio.people, name)
    except LookupError as err:
        raise KaizenError(str(err)) from None
    _emit(evidence_content(person, portfolio, "json" if as_json else kind or "md"), output)


# -- kaizen yokoten --------------------------------------------------------------------------------


@click.group()
def yokoten() -> None:
    """The yokoten register: practices proposed for other areas, and adopting them."""


@yokoten.command(name="list")
@click.argument("text", required=False, default="")
@click.option("--area", default="", help="Proposed from or to this area (part of the name).")
@click.option(
    "--status", type=click.Choice(["proposed", "adopted", "declined"]), help="Only this status."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def yokoten_list(ctx: Context, text: str, area: str, status: str | None, as_json: bool) -> None:
    """Practices across all events whose text holds every word of TEXT."""
    from kaizen_tui.logic.yokoten import search_yokoten, yokoten_register
    from kaizen_tui.report.data import yokoten_json

    active = [s for s in ctx.store.list_summaries() if s.status != "abandoned"]
    items = search_yokoten(yokoten_register(active), text, area=area, status=status)
    if as_json:
        click.echo(json.dumps([yokoten_json(i) for i in items], ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo(
            "No yokoten practice matches."
            if text or area or status
            else "No yokoten practices yet."
        )
        return
    for item in items:
        where = f"{item.from_area or '(no area)'} → {item.to_area or '(any area)'}"
        state = item.status + (f" into {item.adopted_in}" if item.adopted_in else "")
        click.echo(f"{item.ref:<16} {state:<22} {where}")
        click.echo(f"{'':<16} {item.practice}")


def _ref(event: str, index: int | None) -> tuple[str, int]:
    """``KZ-1#2`` or ``KZ-1 2``."""
    if index is None and "#" in event:
        event, _, number = event.partition("#")
        if not number.isdigit():
            raise KaizenError(f"{event}#{number}: the practice number must be a whole number")
        index = int(number)
    if index is None:
        raise KaizenError(
            "say which practice: EVENT#N or EVENT N, as `kaizen yokoten list` shows it"
        )
    return event, index


@yokoten.command()
@click.argument("event")
@click.argument("index", type=int, required=False)
@click.option("--into", "target", metavar="EVENT", help="Add an action to adopt it to EVENT.")
@click.option("--owner", help="Owner of that action (default: EVENT's process owner).")
@click.option("--due", help="Due date of that action: YYYY-MM-DD, +14, +2w… (default +30).")
@click.pass_obj
def adopt(
    ctx: Context,
    event: str,
    index: int | None,
    target: str | None,
    owner: str | None,
    due: str | None,
) -> None:
    """Mark practice EVENT#N adopted; with --into, add an action to the receiving event."""
    from kaizen_tui.logic.dates import parse_user_date
    from kaizen_tui.logic.yokoten import adopt_and_save

    event_id, number = _ref(event, index)
    if (owner or due) and not target:
        raise KaizenError("--owner and --due describe the new action: give --into EVENT too")
    due_date: date | None = None
    if due:
        try:
            due_date = parse_user_date(due, ctx.today)
        except ValueError as err:
            raise KaizenError(f"--due: {err}") from None
    adoption = adopt_and_save(
        ctx.store, event_id, number, target, today=ctx.today, owner=owner, due=due_date
    )
    if adoption.warning:
        click.echo(f"kaizen: warning: {adoption.warning}", err=True)
    practice = adoption.source.yokoten[number - 1].practice
    click.echo(f"adopted: {event_id}#{number} {practice}")
    if adoption.action is not None and adoption.target is not None:
        a = adoption.action
        click.echo(
            f"action {a.id} added to {adoption.target.id}: owner {a.owner or '(none)'}, due {a.due}"
        )


@yokoten.command()
@click.argument("event")
@click.argument("index", type=int, required=False)
@click.pass_obj
def decline(ctx: Context, event: str, index: int | None) -> None:
    """Mark practice EVENT#N declined by the area it was proposed to."""
    from kaizen_tui.logic.yokoten import decline_practice

    event_id, number = _ref(event, index)
    saved = ctx.store.save(decline_practice(ctx.store.load(event_id), number))
    click.echo(f"declined: {event_id}#{number} {saved.yokoten[number - 1].practice}")
