"""``kaizen report``: the Lean Promotion Office's portfolio report, and a facilitator's evidence.

Thin like the other commands: parse, call kaizen_tui.logic and kaizen_tui.report, print.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kaizen_tui.errors import KaizenError

if TYPE_CHECKING:
    from kaizen_tui.cli.context import Context
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
    from kaizen_tui.cli.events import tell_problems
    from kaizen_tui.logic.portfolio import (
        PortfolioSettings,
        compute_portfolio,
        filter_options,
        unmatched_filter_values,
    )

    settings = PortfolioSettings.from_values(
        ctx.config.get("sustain_review_day"), ctx.config.get("certification_levels")
    )
    db = ctx.store.db()
    tell_problems(ctx)
    if not flt.is_empty:
        options = filter_options(db)
        for label, value, known in unmatched_filter_values(flt, options):
            hint = f"; {label}s are: {', '.join(known)}" if known else ""
            click.echo(f"kaizen: warning: no event has the {label} {value!r}{hint}", err=True)
    return compute_portfolio(db, ctx.today, settings, flt)


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
    from kaizen_tui.cli.output import no_gc_pauses

    with no_gc_pauses():
        portfolio = load_portfolio(ctx, flt)
        if as_json and output is None:
            # written as it is made (45 MB at 10,000 events), not joined into one string first
            from kaizen_tui.cli.output import data_stream
            from kaizen_tui.jsonout import iter_json
            from kaizen_tui.report.data import portfolio_json

            data_stream(iter_json(portfolio_json(portfolio)), json=True)
            return
        content = report_content(portfolio, "json" if as_json else kind or "md", paper=paper)
    if isinstance(content, bytes):
        from kaizen_tui.report.files import write_content

        assert output is not None
        write_content(output, content)
        click.echo(f"{output} ({len(portfolio.events)} events, {portfolio.filter.describe()})")
    else:
        _emit(content, output, data=as_json)


def _emit(text: str, output: Path | None, *, data: bool = False) -> None:
    """``text`` to FILE, or to stdout: for people (Markdown) or, with ``data``, as JSON."""
    if output is None:
        if data:
            from kaizen_tui.cli.output import data_out

            data_out(text, json=True)
        else:
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
    content = evidence_content(person, portfolio, "json" if as_json else kind or "md")
    _emit(content, output, data=as_json)
