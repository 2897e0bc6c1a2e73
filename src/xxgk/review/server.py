"""Running the review app: the address, the token, the browser."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

from xxgk.core.errors import UsageError
from xxgk.review.folder import ReviewFolder

EXTRA = "pip install 'xxgk[review]'"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8765
    allow_remote: bool = False  # a non-loopback address: needs this, and every request then needs the token
    open_browser: bool = True
    token: str | None = None  # (tests): the token to use instead of a fresh one


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(folder: ReviewFolder, options: ServeOptions, announce: Callable[[str], None]) -> None:
    """Serve until interrupted. ``announce`` gets the URL to open."""
    try:
        import uvicorn

        from xxgk.review.app import create_app
    except ImportError:
        raise UsageError(f"xxgk review needs the review extra ({EXTRA})") from None
    local = is_loopback(options.host)
    if not local and not options.allow_remote:
        raise UsageError(f"--host {options.host} is reachable from other machines: add --allow-remote (every "
                         "request then needs the token printed at start)")
    _check_free(options.host, options.port)
    token = options.token or secrets.token_urlsafe(24)
    hosts = {f"{h}:{options.port}" for h in (options.host, "localhost", "127.0.0.1")} if local else set()
    app = create_app(folder, token=token, hosts=hosts, read_token=not local)
    shown = "localhost" if local else options.host
    url = f"http://{shown}:{options.port}/" + ("" if local else f"?token={token}")
    announce(url)
    if options.open_browser:
        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=options.host, port=options.port, log_level="warning", access_log=False)


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # (as uvicorn does: a closed port is free)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise UsageError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another --port") from None
