"""The review web app (Starlette, Jinja2 templates, one small script; no build step, no CDN: works offline).

Routes:
    GET  /                          the queue (filters and sort in the query string)
    GET  /report/{file}             one report: its tables, the failing identities, the document beside them
    GET  /page/{file}/{n}.png       page n of the report's document as a picture (PDFs, images)
    POST /api/correct/{file}        {"key", "value", "state", "note"}: one correction appended to corrections.jsonl
    POST /api/gold/{file}           {"overwrite": bool}: the reviewed report written as a verified gold file

Safety: every response is built from escaped templates (autoescape on); a ``POST`` must carry the session
token (``X-Xxgk-Token``, given to the page in a meta tag) and come from the page's own origin, so another
site open in the same browser cannot write corrections; the ``Host`` header must be the one the server
was started on (DNS rebinding). With a token for reading too (``read_token``: a server reachable from other
machines), every request needs it, once in the URL (``?token=``) and then in a cookie.
"""

from __future__ import annotations

import hmac
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from xxgk.core.model import Check, CheckOutcome
from xxgk.core.spec import label_of
from xxgk.review.document import page_png, source_view
from xxgk.review.folder import ReviewFolder, document_path
from xxgk.review.queue import REASONS, SORT_KEYS, build_queue, filter_queue, sort_queue
from xxgk.review.tables import table_views

TOKEN_HEADER = "x-xxgk-token"
COOKIE = "xxgk_review"


class _Guard:
    """Host check, read token (when set), and the write token with a same-origin check on POST."""

    def __init__(self, app: ASGIApp, hosts: set[str], token: str, read_token: bool) -> None:
        self.app, self.hosts, self.token, self.read_token = app, hosts, token, read_token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        host = request.headers.get("host", "")
        if self.hosts and host not in self.hosts:
            await PlainTextResponse("unknown host", status_code=421)(scope, receive, send)
            return
        if self.read_token and not self._reader(request):
            given = request.query_params.get("token", "")
            if given and hmac.compare_digest(given, self.token):
                response = RedirectResponse(request.url.remove_query_params("token"), status_code=303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
                await response(scope, receive, send)
                return
            await PlainTextResponse("a token is needed (the URL xxgk review printed)", status_code=401)(
                scope, receive, send)
            return
        if request.method not in ("GET", "HEAD"):
            sent = request.headers.get(TOKEN_HEADER, "")
            origin = request.headers.get("origin")
            same_origin = origin is None or not self.hosts or origin.split("://", 1)[-1] in self.hosts
            if not hmac.compare_digest(sent, self.token) or not same_origin:
                await JSONResponse({"error": "not from the review page"}, status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _reader(self, request: Request) -> bool:
        return hmac.compare_digest(request.cookies.get(COOKIE, ""), self.token)


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("xxgk.review", "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["label_of"] = label_of
    env.globals["keys_of"] = keys_of
    return env


_KEY = re.compile(r"\bt[234]\.[a-z_]+\.[a-z_]+\b")


def keys_of(check: Check) -> str:
    """The cells an identity involves (a check that could not be assessed names its unknown cell only)."""
    keys = [*check.lhs, *check.rhs] or _KEY.findall(check.message)
    return " ".join(dict.fromkeys(keys))


def _render(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_env().get_template(name).render(**context), status_code=status)


def create_app(folder: ReviewFolder, *, token: str, hosts: set[str] | None = None,
               read_token: bool = False) -> ASGIApp:
    async def queue(request: Request) -> Response:
        q = request.query_params
        everything = q.get("all") == "1" or q.get("status") == "accepted" or q.get("reason") == "reviewed"
        items = build_queue(folder, everything=everything)
        shown = filter_queue(items, status=q.get("status", ""), reason=q.get("reason", ""),
                             template=q.get("template", ""), agency=q.get("agency", "").strip(),
                             year=q.get("year", "").strip())
        by = q.get("sort", "status")
        desc = q.get("desc") == "1"
        shown = sort_queue(shown, by if by in SORT_KEYS else "status", desc)

        def sort_link(key: str) -> str:
            params = {k: v for k, v in q.items() if k not in ("sort", "desc")}
            params["sort"] = key
            if key == by and not desc:
                params["desc"] = "1"
            return "?" + urlencode(params)

        return _render("queue.html", items=shown, total=len(items), q=q, reasons=REASONS, sort_link=sort_link,
                       by=by, desc=desc, out=str(folder.out), token=token,
                       templates=sorted({it.template for it in items if it.template}),
                       statuses=("rejected", "failed", "flagged", "accepted"))

    async def report(request: Request) -> Response:
        loaded = folder.load(request.path_params["file"])
        if loaded is None:
            return _render("missing.html", status=404, file=request.path_params["file"], token=token)
        applied = folder.preview(loaded)
        shown = applied.report
        view = source_view(loaded.document, loaded.report)
        failing = [c for c in shown.checks if c.severity == "hard" and c.outcome == CheckOutcome.failed]
        unknown = [c for c in shown.checks if c.severity == "hard" and c.outcome == CheckOutcome.not_assessable]
        return _render("report.html", entry=loaded.entry, report=shown, extracted=loaded.report,
                       tables=table_views(shown), view=view, failing=failing, unknown=unknown,
                       pending=len(folder.corrections_of(shown.source)), ignored=applied.ignored,
                       same_document=loaded.same_document, gold=folder.gold_dir is not None, token=token,
                       document=str(loaded.document) if loaded.document else None)

    async def page(request: Request) -> Response:
        entry = folder.entry(request.path_params["file"])  # (no hashing of the document for each picture)
        document = document_path(entry) if entry is not None else None
        try:
            n = int(request.path_params["n"])
        except ValueError:
            n = 0
        if document is None or n < 1:
            return PlainTextResponse("no such page", status_code=404)
        try:
            data = page_png(document, n)
        except Exception:  # not a PDF or image, no such page, a damaged file
            return PlainTextResponse("no such page", status_code=404)
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

    async def correct(request: Request) -> Response:
        loaded = folder.load(request.path_params["file"])
        if loaded is None:
            return JSONResponse({"error": "no such report"}, status_code=404)
        try:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("the body is not a JSON object")
            folder.correct(loaded, str(body.get("key", "")), body.get("value"), body.get("state"),
                           str(body.get("note") or ""), by=body.get("by") or None)
        except ValueError as exc:  # (a pydantic ValidationError is one)
            return JSONResponse({"error": _first_line(exc)}, status_code=422)
        shown = folder.preview(loaded).report
        return JSONResponse({"status": shown.status.value, "reason": shown.reason,
                             "reviewed": len(shown.reviewed)})

    async def gold(request: Request) -> Response:
        loaded = folder.load(request.path_params["file"])
        if loaded is None:
            return JSONResponse({"error": "no such report"}, status_code=404)
        try:
            body = await request.json()
        except ValueError:
            body = {}
        try:
            path = folder.save_gold(loaded, overwrite=bool(isinstance(body, dict) and body.get("overwrite")))
        except FileExistsError as exc:
            return JSONResponse({"error": f"{exc.args[0]}: save again to replace it", "exists": True},
                                status_code=409)
        except (ValueError, OSError) as exc:
            return JSONResponse({"error": _first_line(exc)}, status_code=422)
        return JSONResponse({"path": str(path)})

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    static = Path(__file__).with_name("static")
    routes = [
        Route("/", queue),
        Route("/favicon.ico", favicon),
        Route("/report/{file:str}", report),
        Route("/page/{file:str}/{n:str}.png", page),
        Route("/api/correct/{file:str}", correct, methods=["POST"]),
        Route("/api/gold/{file:str}", gold, methods=["POST"]),
        Mount("/static", StaticFiles(directory=static), name="static"),
    ]
    middleware = [Middleware(_Guard, hosts=hosts or set(), token=token, read_token=read_token)]
    return Starlette(routes=routes, middleware=middleware)


def _first_line(exc: BaseException) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            err = errors()[0]
            return str(err["msg"]).removeprefix("Value error, ")
        except Exception:  # (not a pydantic error after all)
            pass
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
