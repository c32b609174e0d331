"""Quick capture for the parking lot: one hotkey from any screen, type the idea, Enter.

The idea goes to the event in front of the facilitator: the open event (through its workspace, so
the workspace's copy stays current), or the event highlighted on the home screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kaizen_tui.errors import KaizenError
from kaizen_tui.logic.edits import park
from kaizen_tui.widgets.form import Field, FormScreen

if TYPE_CHECKING:
    from kaizen_tui.model import Event
    from kaizen_tui.screens.host import KaizenHost


def _context(app: KaizenHost) -> tuple[Any, str | None]:
    """(the workspace of the open event or None, the event id to park on)."""
    from kaizen_tui.screens.workspace import EventScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, EventScreen):
            return screen, screen.event.id
    for screen in reversed(app.screen_stack):
        event_id = getattr(screen, "current_event_id", None)
        if event_id:
            return None, event_id
    return None, None


def open_quick_capture(app: KaizenHost) -> None:
    if any(isinstance(s, FormScreen) and s.form_title.startswith("Park") for s in app.screen_stack):
        return  # already open
    workspace, event_id = _context(app)
    if event_id is None:
        app.notify(
            "Create or open an event first: ideas are parked on an event.",
            title="Nowhere to park",
            severity="warning",
        )
        return
    if workspace is not None:
        # the field being typed in is saved first: pushing a dialog moves the focus without a
        # blur, so without this only the autosave a second later took it
        workspace.flush_fields()
        event: Event = workspace.event
    else:
        try:
            event = app.store.load(event_id)
        except KaizenError as err:
            app.notify(str(err), title="Cannot park here", severity="error", timeout=10)
            return
    names = sorted({p.name for p in event.people})
    fields = [
        Field("text", "Idea", required=True, placeholder="the idea or issue, in a few words"),
        Field(
            "raised_by",
            "Raised by",
            suggestions=names,
            placeholder="who raised it (Tab or Enter takes the name shown greyed)",
        ),
    ]

    def submit(values: dict[str, Any]) -> str | None:
        def change(draft: Event) -> None:
            park(draft, values["text"], values["raised_by"], app.today)

        if workspace is not None and workspace.is_attached:
            problem: str | None = workspace.commit(change, "parked idea")
        else:
            problem = _park_on_stored(app, event_id, change)
        if problem is None:
            app.notify(f"{values['text']}", title=f"Parked on {event_id}")
        return problem

    app.push_screen(
        FormScreen(
            f"Park an idea · {event_id}",
            fields,
            today=app.today,
            submit=submit,
            save_label="Park it",
            intro=f"{event.title}\nEnter parks it; it waits in the event's Parking lot tab.",
        )
    )


def _park_on_stored(app: KaizenHost, event_id: str, change: Any) -> str | None:
    """Park on an event that is not open: load it fresh, add, save (one retry on a conflict,
    since appending an idea to the newer copy is always right)."""
    from kaizen_tui.errors import ConflictError

    for _ in range(2):
        try:
            event = app.store.load(event_id)
            change(event)
            app.store.save(event)
        except ConflictError:
            continue
        except (KaizenError, ValueError) as err:
            return str(err)
        return None
    return "the event kept changing elsewhere; try again"
