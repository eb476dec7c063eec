"""The review page: a Starlette app over the store, Jinja2 templates, plain forms.

Reads open the store read-only and writes open it read-write, each for one request and
one at a time, so the daily run waits at most for one label (one short transaction,
then the signals refresh in a second one). When a run holds the store, the page says so
and shows the analyst's input again. Forms work without JavaScript; the page's small
inline script adds keyboard shortcuts and marks without reloading.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from channelwatch.errors import InputError, StoreBusyError
from channelwatch.review import queries
from channelwatch.review.security import COOKIE, Guard
from channelwatch.store.connection import open_store
from channelwatch.store.labels import (
    Fix,
    article_keys,
    record_label,
    record_missed,
    undo_label,
)
from channelwatch.store.signals import refresh_signals
from extractors.models import EVENT_TYPES, STATUSES

T = TypeVar("T")
BUSY = (
    "The store is busy: a run is writing to it. Nothing was saved; your input is kept "
    "below. Try again in a moment."
)
_ENV = Environment(
    loader=PackageLoader("channelwatch.review", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(slots=True)
class Config:
    db_path: Path
    reviewer: str
    guard: Guard
    hosts: tuple[str, ...] = ("127.0.0.1", "localhost")  # Host headers accepted
    read_wait_s: float = 5.0
    write_wait_s: float = 2.0
    queue_limit: int = queries.QUEUE_LIMIT  # cards per page, and per fetch of more


class StoreAccess:
    """One store connection at a time in this process, each for one request."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._lock = Lock()

    def read(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        with (
            self._lock,
            open_store(self.config.db_path, read_only=True, wait_s=self.config.read_wait_s) as con,
        ):
            return fn(con)

    def write(self, target: str, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Write a label about ``target`` (an event or article id), then re-cluster the
        signals its article's events belong to, before and after."""
        with self._lock, open_store(self.config.db_path, wait_s=self.config.write_wait_s) as con:
            before = article_keys(con, target)
            result = fn(con)
            refresh_signals(con, keys=before | article_keys(con, target))
            return result


MAX_SEEN = 600  # ids a page may send to /queue/more (about 10 KB of query string)
_EVENT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def seen_ids(value: str) -> list[str]:
    """The ``seen`` parameter of /queue/more: comma-separated event ids; InputError names
    the first bad one."""
    ids = [v for v in value.split(",") if v]
    if len(ids) > MAX_SEEN:
        raise InputError(f"seen lists {len(ids)} event ids; at most {MAX_SEEN}, reload the queue")
    for event_id in ids:
        if not _EVENT_ID.fullmatch(event_id):
            raise InputError(f"seen: {event_id[:70]!r} is not an event id")
    return ids


def _safe_next(value: str | None, default: str) -> str:
    """Only a path on this server (never //host or a scheme) may be a redirect target."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def _origin_ok(request: Request) -> bool:
    """No Origin (a script, an old browser) or this server's own; never another site."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == request.headers.get("host")


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def create_app(config: Config) -> Starlette:
    """The review app for one store; ``config.guard`` holds the write token."""
    store = StoreAccess(config)
    guard = config.guard

    def render(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        nonce = secrets.token_urlsafe(12)
        cookie = request.cookies.get(COOKIE)
        html = _ENV.get_template(template).render(
            nonce=nonce,
            csrf=guard.csrf_for(cookie),
            signed_in=guard.session_of(cookie) is not None,
            types=EVENT_TYPES,
            statuses=STATUSES,
            path=request.url.path,
            http_status=status,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self';"
            f" script-src 'nonce-{nonce}'; connect-src 'self'; form-action 'self';"
            " frame-ancestors 'none'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    async def read(request: Request, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T | Response:
        try:
            return await run_in_threadpool(store.read, fn)
        except StoreBusyError:
            return render(request, "message.html", 503, title="Store busy", text=BUSY)

    async def home(request: Request) -> Response:
        limit = config.queue_limit
        queue = await read(request, lambda con: queries.review_queue(con, limit=limit))
        if isinstance(queue, Response):
            return queue
        return render(request, "queue.html", queue=queue)

    async def more(request: Request) -> Response:
        """The queue's next cards, leaving out those the page has (``seen``): the page
        fetches them before its own run out, so the next event is always on screen."""
        try:
            seen = seen_ids(request.query_params.get("seen", ""))
        except InputError as exc:
            return render(request, "message.html", 400, title="Bad request", text=str(exc))
        limit = config.queue_limit
        queue = await read(request, lambda con: queries.review_queue(con, limit=limit, skip=seen))
        if isinstance(queue, Response):
            return queue
        return render(request, "cards.html", queue=queue)

    async def login(request: Request) -> Response:
        if not guard.token_ok(request.query_params.get("token")):
            return render(
                request,
                "message.html",
                403,
                title="Wrong token",
                text="Open the address 'channelwatch review' printed, with its token.",
            )
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, guard.new_session(), httponly=True, samesite="strict", path="/")
        return response

    async def signals(request: Request) -> Response:
        rows = await read(request, queries.recent_signals)
        if isinstance(rows, Response):
            return rows
        return render(request, "signals.html", signals=rows)

    async def signal(request: Request) -> Response:
        signal_id = request.path_params["signal_id"]
        page = await read(request, lambda con: queries.signal_page(con, signal_id))
        if isinstance(page, Response):
            return page
        if page is None:
            return render(
                request,
                "message.html",
                404,
                title="No such signal",
                text="This signal is not in the store any more: a review or a new run "
                "regrouped its events. The signals list has its successor.",
            )
        return render(request, "signal.html", page=page, message=None)

    async def event(request: Request) -> Response:
        return await event_page(request, request.path_params["event_id"], None, 200, {})

    async def event_page(
        request: Request, event_id: str, message: str | None, status: int, form: dict[str, str]
    ) -> Response:
        item = await read(request, lambda con: queries.event_item(con, event_id))
        if isinstance(item, Response):
            return item
        if item is None:
            return render(
                request,
                "message.html",
                404,
                title="No such event",
                text=("This event is not in the store any more (re-tagging gave it a new id)."),
            )
        return render(request, "event.html", status, item=item, message=message, form=form)

    async def write(
        request: Request,
        event_id: str,
        fn: Callable[[duckdb.DuckDBPyConnection, dict[str, str]], str],
    ) -> Response:
        form = {
            k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()
        }
        if not guard.may_write(
            cookie=request.cookies.get(COOKIE),
            csrf=form.get("csrf"),
            token=form.get("token"),
            origin_ok=_origin_ok(request),
        ):
            message = (
                "Not allowed: open the address with the token that 'channelwatch review' printed."
            )
            if _wants_json(request):
                return JSONResponse({"ok": False, "error": message}, status_code=403)
            return await event_page(request, event_id, message, 403, form)
        try:
            label_id = await run_in_threadpool(store.write, event_id, lambda con: fn(con, form))
        except StoreBusyError:
            if _wants_json(request):
                return JSONResponse({"ok": False, "error": BUSY}, status_code=503)
            back = f"/events/{event_id}"
            return render(
                request,
                "busy.html",
                503,
                message=BUSY,
                form=form,
                action=request.url.path,
                back=back,
            )
        except InputError as exc:
            if _wants_json(request):
                return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
            return await event_page(request, event_id, str(exc), 400, form)
        if _wants_json(request):
            return JSONResponse({"ok": True, "event_id": event_id, "label_id": label_id})
        return RedirectResponse(_safe_next(form.get("next"), f"/events/{event_id}"), 303)

    def fix_of(form: dict[str, str]) -> Fix:
        parties = form.get("parties", "").strip()
        return Fix(
            type=form.get("type") or None,
            actors=tuple(p for p in parties.split(",") if p.strip()) if parties else None,
            status=form.get("status") or None,
        )

    async def label(request: Request) -> Response:
        event_id = request.path_params["event_id"]

        def apply(con: duckdb.DuckDBPyConnection, form: dict[str, str]) -> str:
            verdict = form.get("verdict", "")
            fix = fix_of(form) if verdict == "fixed" else None
            return record_label(con, event_id, verdict, reviewer=config.reviewer, fix=fix)

        return await write(request, event_id, apply)

    async def undo(request: Request) -> Response:
        event_id = request.path_params["event_id"]
        return await write(request, event_id, lambda con, form: undo_label(con, event_id))

    async def missed(request: Request) -> Response:
        event_id = request.path_params["event_id"]  # the event whose article it is in

        def apply(con: duckdb.DuckDBPyConnection, form: dict[str, str]) -> str:
            item = queries.event_item(con, event_id)
            if item is None:
                raise InputError(f"no event {event_id}")
            return record_missed(
                con,
                item.event.article_id,
                form.get("evidence", ""),
                fix_of(form),
                reviewer=config.reviewer,
            )

        return await write(request, event_id, apply)

    return Starlette(
        routes=[
            Route("/", home),
            Route("/queue/more", more),
            Route("/login", login),
            Route("/signals", signals),
            Route("/signals/{signal_id}", signal),
            Route("/events/{event_id}", event),
            Route("/events/{event_id}/label", label, methods=["POST"]),
            Route("/events/{event_id}/undo", undo, methods=["POST"]),
            Route("/events/{event_id}/missed", missed, methods=["POST"]),
        ],
        middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=list(config.hosts))],
    )
