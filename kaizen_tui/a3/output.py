"""Where a printed A3 goes and what it is called, for `kaizen a3` and Print A3 in the app.

The file is ``ID-A3-rREV.pdf`` (the revision printed on the page), in the ``a3_dir`` setting's
folder, or the folder kaizen was started in when that is empty. A relative ``a3_dir`` counts from
that folder too, so ``kaizen config set a3_dir A3s`` keeps the PDFs beside one's work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from kaizen_tui.model import FISHBONE_DEFAULT, Event


def a3_filename(event: Event) -> str:
    return f"{event.id}-A3-r{event.revision}.pdf"


def a3_folder(setting: str, cwd: Path | None = None) -> Path:
    """The folder for A3 PDFs: ``setting`` (``~`` expanded; relative to ``cwd``), else ``cwd``.
    Without ``cwd`` a relative path is returned (the CLI prints the name as the user would type
    it); the app passes ``Path.cwd()`` so its message names the folder in full."""
    here = cwd if cwd is not None else Path()
    if not setting.strip():
        return here
    folder = Path(setting.strip()).expanduser()
    return folder if folder.is_absolute() else here / folder


def write_a3(
    event: Event,
    folder: Path,
    *,
    link_base: str,
    paper: str = "a3",
    today: date,
    categories: Sequence[str] = FISHBONE_DEFAULT,
) -> Path:
    """Render ``event`` (as the page should show it) and write it into ``folder``, created if
    needed; the path written. Raises KaizenError when the file cannot be written."""
    from kaizen_tui.a3.render import render_a3
    from kaizen_tui.store.files import write_bytes_file

    pdf = render_a3(event, link_base=link_base, paper=paper, today=today, categories=categories)
    path = folder / a3_filename(event)
    write_bytes_file(path, pdf, make_folder=True)
    return path
