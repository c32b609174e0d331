"""An action owner's personal page: ``/o/<token>/`` (issue 15; docs/hub.md "Owner links").

    GET, HEAD  /o/<token>/              the owner's open actions on every event, each with a form
    POST       /o/<token>/              one form: hidden ``action`` (EVENT-ID/A7) and ``csrf``,
                                        ``status`` open|done, ``pdca`` 0–4, ``note``;
                                        303 back to the page, which shows the update
    GET, HEAD  /o/<token>/actions.ics   the owner's due dates, as a calendar subscription
    GET, HEAD  /o/<token>               redirects to /o/<token>/

An unknown or revoked token is the same 404 as an unknown action page. A post without the
page's ``csrf`` is 403; someone else's action (or one no longer open) is 403; a value the form
cannot carry (a note over 500 characters) is 400 with the page and the typed note shown again.
None of them changes anything. Everything else is 405 (the guard, then Starlette's routes).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kaizen_tui.exports import owner_ics
from kaizen_tui.hub import floor
from kaizen_tui.hub.auth import form_token, form_token_ok
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.events import latest_bundle
from kaizen_tui.hub.form_key import FormKey
from kaizen_tui.hub.html import FormError, cross_site, page, read_form
from kaizen_tui.hub.links import ActiveLink, find_link
from kaizen_tui.logic.actions import PDCA_CIRCLES, PDCA_LABELS, urgency
from kaizen_tui.logic.dates import humane_days
from kaizen_tui.logic.floor import NOTE_MAX, FloorInputError
from kaizen_tui.logic.links import owner_page_url
from kaizen_tui.logic.words import plural
from kaizen_tui.model import Action, Event
from kaizen_tui.web.app import not_found

log = logging.getLogger("kaizen.hub")
PDCA_CHOICES = [(i, f"{PDCA_CIRCLES[i]} {PDCA_LABELS[i]}") for i in range(5)]


@dataclass(frozen=True)
class Card:
    """One action on the page, as the template shows it."""

    key: str
    anchor: str
    event_id: str
    event_title: str
    where: str
    action_id: str
    what: str
    due: str
    due_hint: str  # "in 20 days" when neither overdue nor due soon
    urgency: str
    flag: str
    pdca: int
    status: str
    done_on: str
    update_date: str
    update_note: str
    update_floor: bool
    error: str = ""
    note_value: str = ""
    saved: str = ""  # "Saved." under the action just updated (the page lands on it)


def _anchor(item: floor.OwnerAction) -> str:
    return f"a-{item.event_id}-{item.action_id}"


def _card(
    item: floor.OwnerAction, today: date, error: str = "", note: str = "", saved: str = ""
) -> Card:
    action = Action(id=item.action_id, what=item.what or "–", due=item.due, status=item.status)
    kind = urgency(action, today)
    flag = hint = ""
    if item.due is not None and item.status == "open":
        days = (item.due - today).days
        if kind == "overdue":
            flag = f"Overdue by {plural(-days, 'day')}"
        elif kind == "due_soon":
            flag = "Due " + humane_days(days)
        else:
            hint = humane_days(days)
    update = item.last_update
    return Card(
        key=item.key,
        anchor=_anchor(item),
        event_id=item.event_id,
        event_title=item.event_title,
        where=item.area,
        action_id=item.action_id,
        what=item.what,
        due=item.due.isoformat() if item.due else "",
        due_hint=hint,
        urgency=kind,
        flag=flag,
        pdca=item.pdca,
        status=item.status,
        done_on=item.done_on.isoformat() if item.done_on else "",
        update_date=update.date.isoformat() if update else "",
        update_note=update.note if update else "",
        update_floor=bool(update and update.from_floor),
        error=error,
        note_value=note,
        saved=saved,
    )


def owner_routes(
    db: Database, *, link_base: str, today: Callable[[], date] = date.today
) -> list[Route]:
    signing_key = FormKey(db)

    def active(token: str) -> ActiveLink | None:
        with db.read() as conn:
            return find_link(conn, token)

    def guarded(
        endpoint: Callable[[Request, ActiveLink], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                link = await run_in_threadpool(active, request.path_params["token"])
                if link is None:
                    return not_found()
                return await endpoint(request, link)
            except sa.exc.DBAPIError as err:
                log.warning("database error: %s", type(err.orig).__name__)
                return HTMLResponse(
                    "The kaizen hub cannot reach its database; try again later.",
                    status_code=503,
                    headers={"cache-control": "no-store", "retry-after": "30"},
                )

        return run

    def render_page(
        link: ActiveLink,
        *,
        status: int = 200,
        flash: tuple[str, str, str] | None = None,
        errors: dict[str, tuple[str, str]] | None = None,
        cards_for: list[floor.OwnerAction] | None = None,
    ) -> HTMLResponse:
        day = today()
        items = cards_for if cards_for is not None else floor.owner_actions(db, link, day)
        errors = errors or {}
        said, message = (flash[2], flash[1]) if flash else ("", "")
        cards = [
            _card(i, day, *errors.get(i.key, ("", "")), saved=message if i.key == said else "")
            for i in items
        ]
        open_cards = [c for c in cards if c.status == "open"]
        done_cards = [c for c in cards if c.status != "open"]
        overdue = sum(c.urgency == "overdue" for c in open_cards)
        soon = sum(c.urgency == "due_soon" for c in open_cards)
        return page(
            "owner.html",
            status=status,
            title=f"{link.owner} · your actions",
            root="../../",
            owner=link.owner,
            open_cards=open_cards,
            done_cards=done_cards,
            overdue=overdue,
            due_soon=soon,
            recent_days=floor.RECENT_DAYS,
            csrf=form_token(signing_key(), f"owner:{link.link_id}"),
            pdca_choices=PDCA_CHOICES,
            note_max=NOTE_MAX,
            today=day.isoformat(),
        )

    def flash_for(request: Request, items: list[floor.OwnerAction]) -> tuple[str, str, str] | None:
        """(kind, message, action key) for the page a post redirected to."""
        for kind in ("saved", "unchanged"):
            key = request.query_params.get(kind)
            if not key:
                continue
            item = next((i for i in items if i.key == key), None)
            if item is None:
                return None
            if kind == "unchanged":
                return ("info", f"Nothing to save for {item.action_id}: it was already so.", key)
            state = "done" if item.status == "done" else "open"
            return ("saved", f"Saved: {item.action_id} is now {state}.", key)
        return None

    async def show(request: Request, link: ActiveLink) -> Response:
        def build() -> HTMLResponse:
            items = floor.owner_actions(db, link, today())
            return render_page(link, flash=flash_for(request, items), cards_for=items)

        return await run_in_threadpool(build)

    async def post(request: Request, link: ActiveLink) -> Response:
        token = request.path_params["token"]
        refused = "refused.html"
        if cross_site(request):
            return page(refused, 403, title="Not saved", root="../../", reason="cross-site")
        try:
            form = await read_form(request)
        except FormError as err:
            return page(refused, err.status, title="Not saved", root="../../", reason=err.message)
        key = await run_in_threadpool(signing_key)
        if not form_token_ok(key, f"owner:{link.link_id}", form.get("csrf", "")):
            return page(refused, 403, title="Not saved", root="../../", reason="csrf")
        try:
            outcome, still = await run_in_threadpool(floor.apply_update, db, token, form, today())
        except floor.NotYours:
            return page(refused, 403, title="Not saved", root="../../", reason="not-yours")
        except FloorInputError as err:
            note = form.get("note", "")
            errors = {form.get("action", "").strip(): (str(err), note)}
            return await run_in_threadpool(lambda: render_page(link, status=400, errors=errors))
        if still is None:  # revoked between the page and the post
            return not_found()
        action_key = form.get("action", "").strip()
        event_id, _, action_id = action_key.rpartition("/")
        return RedirectResponse(
            f"./?{outcome}={quote(action_key, safe='')}#a-{event_id}-{action_id}",
            status_code=303,
            headers={"cache-control": "no-store"},
        )

    async def calendar(request: Request, link: ActiveLink) -> Response:
        def build() -> bytes:
            items = [i for i in floor.owner_actions(db, link, today()) if i.status == "open"]
            pairs = _events_and_actions(db, items)
            url = owner_page_url(link_base, request.path_params["token"])
            return owner_ics(link.owner, pairs, page=url)

        body = await run_in_threadpool(build)
        return Response(
            body,
            media_type="text/calendar; charset=utf-8",
            headers={
                "cache-control": "no-store",
                "content-disposition": 'inline; filename="kaizen-actions.ics"',
            },
        )

    async def root(request: Request, link: ActiveLink) -> Response:
        return RedirectResponse(f"{request.path_params['token']}/", status_code=301)

    async def page_or_post(request: Request, link: ActiveLink) -> Response:
        if request.method == "POST":
            return await post(request, link)
        return await show(request, link)

    return [
        Route("/o/{token}", guarded(root), methods=["GET"]),
        Route("/o/{token}/", guarded(page_or_post), methods=["GET", "POST"]),
        Route("/o/{token}/actions.ics", guarded(calendar), methods=["GET"]),
    ]


def _events_and_actions(db: Database, items: list[floor.OwnerAction]) -> list[tuple[Event, Action]]:
    """The listed actions with their events, from the events' latest revisions (the calendar
    writer takes models: one writer for the event calendars and this one)."""
    wanted: dict[str, set[str]] = {}
    for item in items:
        wanted.setdefault(item.event_id, set()).add(item.action_id)
    found: dict[tuple[str, str], tuple[Event, Action]] = {}
    with db.read() as conn:
        for event_id, ids in wanted.items():
            data: dict[str, Any] = latest_bundle(conn, event_id)
            event = Event.model_validate(data["event"])
            for action in event.actions:
                if action.id in ids:
                    found[(event_id, action.id)] = (event, action)
    return [found[(i.event_id, i.action_id)] for i in items if (i.event_id, i.action_id) in found]
