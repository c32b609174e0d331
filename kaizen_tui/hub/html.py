"""What the hub's own pages share (owner pages, login, the LPO dashboard): templates, headers,
reading a posted form, and the stylesheet.

The pages follow the action pages' rules (kaizen_tui.web): autoescaped templates, no JavaScript,
a strict Content-Security-Policy; the only difference is ``form-action 'self'`` so their forms
can post back to the hub, and nowhere else.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kaizen_tui.web.app import SECURITY_HEADERS

#: The action pages' headers, with forms allowed to post to this hub only.
FORM_HEADERS = {
    **SECURITY_HEADERS,
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
}
FORM_METHODS = ("GET", "HEAD", "POST")
#: The largest form body taken (a 500-character note is at most ~5 KB encoded; a hostile one is
#: refused before it is read whole).
MAX_FORM = 256 * 1024
NO_STORE = {"cache-control": "no-store"}
HUB_STYLESHEET = "static/hub.css"


class FormError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@functools.cache
def environment() -> jinja2.Environment:
    # autoescape=True explicitly: a bare jinja2.Environment does not escape (STYLE.md). The
    # action pages' templates are found too: base.html and their look are shared.
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("kaizen_tui.hub", "templates"),
                jinja2.PackageLoader("kaizen_tui.web", "templates"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)


def page(
    template: str, status: int = 200, headers: dict[str, str] | None = None, **values: Any
) -> HTMLResponse:
    return HTMLResponse(
        render(template, **values), status_code=status, headers={**NO_STORE, **(headers or {})}
    )


@functools.cache
def hub_stylesheet() -> bytes:
    return resources.files("kaizen_tui.hub").joinpath(HUB_STYLESHEET).read_bytes()


def stylesheet_response() -> Response:
    return Response(
        hub_stylesheet(),
        media_type="text/css; charset=utf-8",
        headers={"cache-control": "no-cache"},
    )


def cross_site(request: Request) -> bool:
    """A browser says the request comes from another site (Fetch Metadata): refused before the
    form is even read. Browsers that do not send the header fall back on the form's token."""
    return request.headers.get("sec-fetch-site", "") == "cross-site"


async def read_form(request: Request, fields: int = 20) -> dict[str, str]:
    """A posted ``application/x-www-form-urlencoded`` body as {name: first value}, read up to
    MAX_FORM bytes; FormError (413/415/400) otherwise. (No multipart: our forms never send it,
    and not parsing it keeps python-multipart out of the hub.)"""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise FormError(415, "This page takes its own form only.")
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > MAX_FORM:
        raise FormError(413, "That was far more than the form can carry; nothing was saved.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise FormError(413, "That was far more than the form can carry; nothing was saved.")
    try:
        pairs = parse_qsl(
            body.decode("utf-8", errors="replace"),
            keep_blank_values=True,
            max_num_fields=fields,
        )
    except ValueError:
        raise FormError(
            400, "The form had more fields than it should; nothing was saved."
        ) from None
    values: dict[str, str] = {}
    for name, value in pairs:
        values.setdefault(name, value)
    return values
