"""The LPO dashboard in a browser (issue 15; docs/hub.md "The LPO dashboard").

    GET, HEAD  /login                  the login form (a hub token); sets the form's visit cookie
    POST       /login                  token + csrf → session cookie, 303 to the dashboard
    POST       /logout                 csrf → the session ends on the hub, 303 to /login
    GET, HEAD  /lpo/                   the four questions, filters, charts
                                       (?site=&bu=&area=&from=&to=, as kaizen report's options)
    GET, HEAD  /lpo/print              the same figures laid out for paper
    GET, HEAD  /lpo/<table>.csv        every table of the dashboard as CSV (same filter)
    GET, HEAD  /lpo/report.json        exactly ``kaizen report --json`` for the same events

Without a live session, /lpo/ answers a browser (Accept: text/html) with 303 to /login and
anything else with 401. The session cookie is HttpOnly, SameSite=Strict, Path=/, Secure when
the hub is reached over HTTPS (its --public-url, or the request), and lasts 8 hours; logging out,
or revoking the user's token, ends it on the hub. LPO and admin users see every event's figures;
a facilitator sees the figures of the events that name them (what their laptop syncs).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from kaizen_tui.exports import csv_bytes
from kaizen_tui.hub import sessions
from kaizen_tui.hub.auth import User, form_token, form_token_ok
from kaizen_tui.hub.charts import Bar, Column, bar_chart, columns_chart
from kaizen_tui.hub.db import Database
from kaizen_tui.hub.figures import HubFigures
from kaizen_tui.hub.form_key import FormKey
from kaizen_tui.hub.html import FormError, cross_site, page, read_form
from kaizen_tui.hub.users import user_for_token
from kaizen_tui.logic.portfolio import (
    FilterOptions,
    OwnerOverdue,
    Portfolio,
    PortfolioFilter,
    PortfolioSettings,
)
from kaizen_tui.logic.portfolio_page import PageFigures
from kaizen_tui.logic.portfolio_view import FilterChoice
from kaizen_tui.report.data import capability_json, sustainment_json
from kaizen_tui.report.files import report_content
from kaizen_tui.report.tables import (
    TABLE_NAMES,
    DataTable,
    page_tables,
    portfolio_tables,
    table_csv,
)

F = TypeVar("F")
log = logging.getLogger("kaizen.hub")

#: The filter's query parameters, as the CLI names its options (--site, --bu, --area, --from, --to).
FILTER_PARAMS = ("site", "bu", "area", "from", "to")
#: Rows of a table shown on the page (10,000 events have ~50,000 overdue actions); the CSV has
#: them all.
ROWS_SHOWN = 200
CHART_OWNERS = 12
CHART_QUARTERS = 8
#: Pages' values kept for the figures last shown.
SHOWN_KEPT = 2
ROLE_LABELS = {"lpo": "LPO", "admin": "admin", "facilitator": "facilitator"}


def _choice(request: Request) -> FilterChoice:
    q = request.query_params
    return FilterChoice(
        site=q.get("site", "").strip()[:300],
        unit=q.get("bu", "").strip()[:300],
        area=q.get("area", "").strip()[:300],
        start_from=q.get("from", "").strip()[:20],
        start_to=q.get("to", "").strip()[:20],
    )


def _query(choice: FilterChoice) -> str:
    values = zip(
        FILTER_PARAMS,
        (choice.site, choice.unit, choice.area, choice.start_from, choice.start_to),
        strict=True,
    )
    given = [(k, v) for k, v in values if v]
    return "?" + urlencode(given) if given else ""


def _safe_next(text: str) -> str:
    """Where a login may send the browser: a page of the dashboard, relative to the hub's root
    (never another site: ``//evil.example`` or ``https://…`` fall back to the dashboard)."""
    if text.startswith("lpo/") and "//" not in text and "\\" not in text and len(text) < 2000:
        return text
    return "lpo/"


def dashboard_routes(
    db: Database, *, link_base: str, today: Callable[[], date] = date.today
) -> list[Route]:
    figures = HubFigures(db)
    settings = PortfolioSettings()  # the hub has no laptop config: the defaults, as documented
    # the page's values of the last figures shown: HubFigures answers a question asked again
    # with the same PageFigures object
    shown: list[tuple[PageFigures, dict[str, Any]]] = []
    shown_lock = threading.Lock()

    def page_values(p: PageFigures) -> dict[str, Any]:
        with shown_lock:
            for kept, values in shown:
                if kept is p:
                    return values
        values = dashboard_values(p)
        with shown_lock:
            shown[:] = [(p, values), *shown[: SHOWN_KEPT - 1]]
        return values

    signing_key = FormKey(db)
    secure_base = link_base.startswith("https://")

    def secure(request: Request) -> bool:
        return secure_base or request.url.scheme == "https"

    def database_down(err: sa.exc.DBAPIError) -> HTMLResponse:
        log.warning("database error: %s", type(err.orig).__name__)
        return HTMLResponse(
            "The kaizen hub cannot reach its database; try again later.",
            status_code=503,
            headers={"cache-control": "no-store", "retry-after": "30"},
        )

    # -- login ----------------------------------------------------------------------------------

    def login_page(
        request: Request, *, status: int = 200, error: str = "", nonce: str | None = None
    ) -> Response:
        nonce = nonce or request.cookies.get(sessions.LOGIN_COOKIE, "")
        fresh = not nonce or len(nonce) > 100
        if fresh:
            nonce = secrets.token_urlsafe(24)
        response = page(
            "login.html",
            status=status,
            title="Log in · kaizen hub",
            root="",
            error=error,
            csrf=form_token(signing_key(), f"login:{nonce}"),
            next=_safe_next(request.query_params.get("next", "")),
        )
        if fresh:
            response.set_cookie(
                sessions.LOGIN_COOKIE,
                nonce,
                max_age=int(sessions.LOGIN_FORM_LIFETIME.total_seconds()),
                path="/",
                httponly=True,
                samesite="strict",
                secure=secure(request),
            )
        return response

    async def login(request: Request) -> Response:
        try:
            if request.method != "POST":
                return await run_in_threadpool(login_page, request)
            return await login_post(request)
        except sa.exc.DBAPIError as err:
            return database_down(err)

    async def login_post(request: Request) -> Response:
        refused = "Nothing was sent: reload this page and log in from it."
        if cross_site(request):
            return await run_in_threadpool(login_page, request, status=403, error=refused)
        try:
            form = await read_form(request, fields=5)
        except FormError as err:
            return await run_in_threadpool(
                login_page, request, status=err.status, error=err.message
            )
        nonce = request.cookies.get(sessions.LOGIN_COOKIE, "")
        key = await run_in_threadpool(signing_key)
        if not nonce or not form_token_ok(key, f"login:{nonce}", form.get("csrf", "")):
            return await run_in_threadpool(
                login_page,
                request,
                status=403,
                error="This login form is out of date or cookies are off; "
                "it was reloaded, try again.",
            )
        user = await run_in_threadpool(user_for_token, db, form.get("token", "").strip())
        if user is None:
            return await run_in_threadpool(
                login_page,
                request,
                status=401,
                error="That is not a working hub token. Ask the hub's admin for yours "
                "(kaizen hub user add).",
            )
        token, seconds = await run_in_threadpool(sessions.new_session, db, user.name_key)
        # relative to /login, so a hub behind a path prefix keeps it
        response = RedirectResponse(
            _safe_next(form.get("next", "")), status_code=303, headers={"cache-control": "no-store"}
        )
        response.set_cookie(
            sessions.COOKIE,
            token,
            max_age=seconds,
            path="/",
            httponly=True,
            samesite="strict",
            secure=secure(request),
        )
        response.delete_cookie(sessions.LOGIN_COOKIE, path="/")
        return response

    # -- the dashboard --------------------------------------------------------------------------

    def session_of(request: Request) -> sessions.Session | None:
        return sessions.find_session(db, request.cookies.get(sessions.COOKIE, ""))

    def guarded(
        endpoint: Callable[[Request, sessions.Session], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                session = await run_in_threadpool(session_of, request)
                if session is None:
                    return not_logged_in(request)
                return await endpoint(request, session)
            except sa.exc.DBAPIError as err:
                return database_down(err)

        return run

    def not_logged_in(request: Request) -> Response:
        if "text/html" in request.headers.get("accept", ""):
            path = request.url.path.lstrip("/")
            where = path + ("?" + request.url.query if request.url.query else "")
            back = "../" * (request.url.path.count("/") - 1)
            return RedirectResponse(
                f"{back}login?{urlencode({'next': where})}",
                status_code=303,
                headers={"cache-control": "no-store"},
            )
        return Response(
            "Log in first: /login (a hub token of the LPO).\n",
            status_code=401,
            media_type="text/plain; charset=utf-8",
            headers={"cache-control": "no-store"},
        )

    def asked(
        choice: FilterChoice, ask: Callable[[PortfolioFilter], tuple[F, FilterOptions]]
    ) -> tuple[str, F | None, FilterOptions]:
        """(error, figures, options); a filter that does not parse gives its error and the
        filter menus only."""
        try:
            flt = choice.to_filter()
        except ValueError as err:
            return str(err), None, ask(PortfolioFilter())[1]
        found, options = ask(flt)
        return "", found, options

    def figures_for(
        user: User, choice: FilterChoice
    ) -> tuple[str, Portfolio | None, FilterOptions]:
        """The whole report's figures (the CSV files, the JSON)."""
        return asked(choice, lambda flt: figures.portfolio(user, today(), flt, settings))

    def page_for(user: User, choice: FilterChoice) -> tuple[str, PageFigures | None, FilterOptions]:
        """What the page shows of them."""
        return asked(choice, lambda flt: figures.page(user, today(), flt, settings, ROWS_SHOWN))

    def render(request: Request, session: sessions.Session, *, printable: bool) -> Response:
        choice = _choice(request)
        error, p, options = page_for(session.user, choice)
        values: dict[str, Any] = {
            "title": "Kaizen portfolio · kaizen hub",
            "root": "../",
            "user": session.user,
            "role": ROLE_LABELS.get(session.user.role, session.user.role),
            "choice": choice,
            "options": options,
            "query": _query(choice),
            "error": error,
            "printable": printable,
            "logout_csrf": form_token(signing_key(), f"logout:{session.token_hash}"),
            "today": today().isoformat(),
            "p": None,
        }
        if p is not None:
            values.update(page_values(p))
        return page("lpo.html", status=400 if error else 200, **values)

    async def dashboard(request: Request, session: sessions.Session) -> Response:
        return await run_in_threadpool(render, request, session, printable=False)

    async def printable(request: Request, session: sessions.Session) -> Response:
        return await run_in_threadpool(render, request, session, printable=True)

    async def csv_file(request: Request, session: sessions.Session) -> Response:
        name = request.path_params["name"]
        if name not in TABLE_NAMES and name != "owners":
            return Response("No such table.\n", 404, media_type="text/plain; charset=utf-8")

        def build() -> Response:
            error, p, _ = figures_for(session.user, _choice(request))
            if p is None:
                return Response(error + "\n", 400, media_type="text/plain; charset=utf-8")
            tables = portfolio_tables(p)
            table = tables[name] if name in tables else owners_table(p.actions.overdue_by_owner)
            return Response(
                csv_bytes(table_csv(table)),
                media_type="text/csv; charset=utf-8",
                headers={
                    "cache-control": "no-store",
                    "content-disposition": f'attachment; filename="kaizen-{name}.csv"',
                },
            )

        return await run_in_threadpool(build)

    async def report_json(request: Request, session: sessions.Session) -> Response:
        def build() -> Response:
            error, p, _ = figures_for(session.user, _choice(request))
            if p is None:
                return Response(error + "\n", 400, media_type="text/plain; charset=utf-8")
            body = report_content(p, "json")
            assert isinstance(body, str)
            return Response(
                body.encode(),
                media_type="application/json",
                headers={"cache-control": "no-store"},
            )

        return await run_in_threadpool(build)

    async def logout(request: Request) -> Response:
        try:
            session = await run_in_threadpool(session_of, request)
            if session is not None and not cross_site(request):
                try:
                    form = await read_form(request, fields=5)
                except FormError:
                    form = {}
                key = await run_in_threadpool(signing_key)
                if form_token_ok(key, f"logout:{session.token_hash}", form.get("csrf", "")):
                    await run_in_threadpool(sessions.end_session, db, session.token_hash)
                else:
                    return Response(
                        "Not logged out: use the Log out button of the dashboard.\n",
                        403,
                        media_type="text/plain; charset=utf-8",
                    )
        except sa.exc.DBAPIError as err:
            return database_down(err)
        response = RedirectResponse("login", status_code=303, headers={"cache-control": "no-store"})
        response.delete_cookie(sessions.COOKIE, path="/")
        return response

    async def to_dashboard(request: Request) -> Response:
        return RedirectResponse("lpo/", status_code=301)

    return [
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/lpo", to_dashboard, methods=["GET"]),
        Route("/lpo/", guarded(dashboard), methods=["GET"]),
        Route("/lpo/print", guarded(printable), methods=["GET"]),
        Route("/lpo/report.json", guarded(report_json), methods=["GET"]),
        Route("/lpo/{name:str}.csv", guarded(csv_file), methods=["GET"]),
    ]


def owners_table(owners: Sequence[OwnerOverdue]) -> DataTable:
    """One row per owner with overdue actions: the first question's table."""
    return DataTable(
        "owners",
        "Overdue actions by owner",
        ("Owner", "Overdue actions", "Most days overdue"),
        tuple((o.owner, o.count, o.oldest) for o in owners),
    )


def dashboard_values(p: PageFigures) -> dict[str, Any]:
    """What lpo.html shows: headline figures (as ``kaizen report --json`` names them), tables
    and charts."""
    sustain = sustainment_json(p.sustainment)
    capability = capability_json(p.capability)
    data = {
        "events": {"total": p.events_total},
        "actions": {"open": p.actions_open, "overdue": p.actions_overdue},
        "sustainment": sustain,
        "line_capability": capability,
    }
    held_areas = [r for r in sustain["by_area"] if r["held"]]
    quarters = capability["by_quarter"][-CHART_QUARTERS:]
    return {
        "p": p,
        "data": data,
        "tables": page_tables(p),
        "owners": owners_table(p.owners),
        "rows_shown": ROWS_SHOWN,
        "ready": [person for person in p.people if person.ready],
        "owners_chart": bar_chart(
            [Bar(o.owner, o.count, str(o.count)) for o in p.owners[:CHART_OWNERS]],
            title="Overdue actions by owner",
        ),
        "sustain_chart": bar_chart(
            [
                Bar(
                    r["area"],
                    r["rate_pct"] or 0,
                    f"{r['rate_pct']:g}% · {r['sustained']}/{r['held']}",
                )
                for r in held_areas
            ],
            title=f"Share of held {sustain['review_day']}-day reviews that sustained, by area",
            scale=100,
            kind="b",
        ),
        "capability_chart": columns_chart(
            [Column(q["quarter"], (q["line_led_pct"], q["line_owned_pct"])) for q in quarters],
            ("Events led by the line", "Actions owned by the line"),
            title="Line capability by quarter",
        ),
    }
