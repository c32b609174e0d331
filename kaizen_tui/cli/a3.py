"""``kaizen a3``: the one-page A3 as a PDF, and on to the printer."""

from __future__ import annotations

from pathlib import Path

import click

from kaizen_tui.cli.context import Context, complete_event_id, fail, pass_ctx

PAPER_CHOICES = ("a3", "tabloid", "a4", "letter")  # kaizen_tui.a3.render.PAPERS, without reportlab
LP_MEDIA = {"a3": "A3", "tabloid": "Tabloid", "a4": "A4", "letter": "Letter"}


@click.command(name="a3")
@click.argument("event_id", metavar="ID", shell_complete=complete_event_id)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the PDF to FILE (default: ID-A3-rREVISION.pdf in the a3_dir setting's folder, "
    "else this folder).",
)
@click.option(
    "--paper",
    type=click.Choice(PAPER_CHOICES, case_sensitive=False),
    default=None,
    help="Paper size (tabloid is 11×17 in). Default: a3 for the A3 (landscape), a4 for --cards.",
)
@click.option("--print", "to_printer", is_flag=True, help="Also send it to the default printer.")
@click.option(
    "--cards",
    is_flag=True,
    help="Instead of the A3: one card per action owner (their actions, due dates and a QR code "
    "of their personal link on the hub), to hand out at the report-out.",
)
@pass_ctx
def a3(
    ctx: Context,
    event_id: str,
    output: Path | None,
    paper: str | None,
    to_printer: bool,
    cards: bool,
) -> None:
    """Print the event's one-page A3 summary as a PDF, with a QR code to its live action list.

    Records on the event that the A3 was printed at this revision (for the close-out gate).
    Printing an unchanged event again gives the same page and records nothing new."""
    if cards:
        _cards(ctx, event_id, output, (paper or "a4").lower(), to_printer)
        return
    paper = paper or "a3"
    from kaizen_tui.a3.output import a3_filename, a3_folder
    from kaizen_tui.a3.record import mark_printed
    from kaizen_tui.a3.render import render_a3
    from kaizen_tui.errors import StorageError
    from kaizen_tui.store.files import write_bytes_file

    event = ctx.store.load(event_id)
    link_base, guessed = ctx.config.effective_link_base()
    if guessed:
        click.echo(
            f"kaizen: link_base is not set; the QR code points to {link_base} "
            "(set it with `kaizen config set link_base URL`)",
            err=True,
        )
    try:
        event = mark_printed(ctx.store, event)
    except StorageError as err:
        # a read-only data folder still gets its A3; it just cannot remember printing it
        click.echo(f"kaizen: warning: the print is not recorded: {err}", err=True)
    pdf = render_a3(
        event,
        link_base=link_base,
        paper=paper.lower(),
        today=ctx.today,
        categories=ctx.config.fishbone_categories,
    )
    path = output or a3_folder(ctx.config.a3_dir) / a3_filename(event)
    write_bytes_file(path, pdf, make_folder=output is None)
    click.echo(str(path))
    if to_printer:
        _send_to_printer(path, paper.lower())


def _cards(ctx: Context, event_id: str, output: Path | None, paper: str, to_printer: bool) -> None:
    """Owner cards (issue 15): each owner's personal link comes from the hub (sync/links.py)."""
    from kaizen_tui.a3.cards import render_cards
    from kaizen_tui.a3.output import a3_folder
    from kaizen_tui.store.files import write_bytes_file
    from kaizen_tui.sync.links import owner_links

    event = ctx.store.load(event_id)
    found = owner_links(ctx.store.root, ctx.config.hub_url, ctx.config.hub_token, event_id)
    pdf = render_cards(
        event, [(link.owner, link.url) for link in found], paper=paper, today=ctx.today
    )
    path = output or a3_folder(ctx.config.a3_dir) / f"{event.id}-owner-cards.pdf"
    write_bytes_file(path, pdf, make_folder=output is None)
    click.echo(str(path))
    click.echo(
        f"{len(found)} card{'s' if len(found) != 1 else ''}: each code lets its owner update "
        "their actions; hand each card to its owner only.",
        err=True,
    )
    if to_printer:
        _send_to_printer(path, paper)


def _send_to_printer(path: Path, paper: str) -> None:
    import shutil
    import subprocess

    lp = shutil.which("lp")
    if lp is None:
        fail(
            f"cannot print: there is no `lp` command (CUPS is not installed); {path} is "
            "written, print it from a PDF viewer"
        )
    try:
        done = subprocess.run(
            [lp, "-o", f"media={LP_MEDIA[paper]}", "-o", "fit-to-page", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        fail(f"cannot print {path}: {err}")
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        fail(f"cannot print {path}: {reason[-1] if reason else f'lp exited {done.returncode}'}")
    click.echo((done.stdout.strip() or f"sent {path} to the printer").splitlines()[0])
