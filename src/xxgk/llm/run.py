"""Entry points of the LLM step: one report (sync, for the library) and many (async, bounded concurrency).

``refine`` is what ``xxgk.extract(..., llm=settings)`` calls; ``refine_many`` is what a batch calls with
every report that needs help, sharing one client, one cache and one concurrency limit.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar

from xxgk.core.llm_record import LLMInfo
from xxgk.core.model import Report
from xxgk.llm.client import LLMClient
from xxgk.llm.settings import LLMSettings, describe
from xxgk.llm.tables import refine_report, why_routed
from xxgk.llm.verify import Reread

R = TypeVar("R")
T = TypeVar("T")


def run_sync(make: Callable[[], Awaitable[R]]) -> R:
    """Run a coroutine to completion from sync code, also when an event loop is already running (a
    notebook): then in a worker thread with its own loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())  # type: ignore[arg-type]
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = asyncio.run(make())  # type: ignore[arg-type]
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    t = threading.Thread(target=work)
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


def off_info(settings: LLMSettings | None) -> LLMInfo:
    return LLMInfo(status="off", message=describe(settings))


def needs_llm(report: Report) -> bool:
    """Whether some table of the report is one the rules could not settle (before reading its text)."""
    return any(why_routed(report, t) is not None for t in (report.t2, report.t3, report.t4))


def refine(report: Report, text: str | None, settings: LLMSettings | None, reread: Reread | None = None) -> Report:
    """The LLM step on one report (a no-op that records why when the LLM is off or not configured).
    ``reread``: the rules again over the same document with other table settings (see ``verify``)."""
    if settings is None or not settings.active:
        report.llm = off_info(settings)
        return report

    async def go() -> Report:
        client = LLMClient(settings)
        try:
            return await refine_report(report, text, client, reread)
        finally:
            client.close()

    return run_sync(go)


async def for_each(settings: LLMSettings, items: Iterable[T], work: Callable[[T, LLMClient], Awaitable[R]],
                   on_done: Callable[[R], None]) -> None:
    """``work`` on every item with one client (one cache, at most ``settings.concurrency`` requests in flight:
    the client's semaphore); ``on_done`` receives each result as it completes (to write it to disk)."""
    client = LLMClient(settings)
    try:
        tasks = [asyncio.ensure_future(work(item, client)) for item in items]
        for fut in asyncio.as_completed(tasks):
            on_done(await fut)
    finally:
        client.close()


async def refine_many(items: Iterable[tuple[Report, Callable[[], str | None]]], settings: LLMSettings,
                      on_done: Callable[[Report], None],
                      reread_for: Callable[[Report, str], Reread] | None = None) -> None:
    """Refine many reports with one client; each report's text is read only when its turn comes.
    ``reread_for(report, text)``: the ``reread`` of that report (see ``refine``)."""
    async def one(item: tuple[Report, Callable[[], str | None]], client: LLMClient) -> Report:
        report, text_of = item
        text = text_of()
        reread = reread_for(report, text) if reread_for is not None and text is not None else None
        return await refine_report(report, text, client, reread)

    await for_each(settings, items, one, on_done)
