"""``qualitycheck serve``: the local web page and JSON API (Starlette app run by uvicorn)."""
from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any

import click

from .options import build_config, selection_options


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    """Bind ourselves so a busy port is one clear error line (uvicorn would log and exit 1)."""
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        from . import fail

        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}" + (" (another program uses this port; try --port 8001)" if exc.errno == 98 else ""))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Keep the default: anything else exposes the page to your network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on (0 picks a free one).")
@click.option("--max-bytes", default=5 * 1024 * 1024, show_default=True, type=click.IntRange(1024), help="Largest request body accepted (bigger ones get HTTP 413).")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="Checks that may run at the same time.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@click.option("--access-log/--no-access-log", default=False, help="Log every request.")
@selection_options
def serve_command(host: str, port: int, max_bytes: int, threads: int, open_browser: bool, access_log: bool, **params: Any) -> None:
    """Run a local web page where editors paste or drop an article and see every problem highlighted.

    Also serves a JSON API: POST /api/check, GET /api/rules, and its description at /openapi.json.
    """
    try:
        import uvicorn

        from ..web import create_app
    except ImportError as exc:
        from . import fail

        fail(f"the web page needs the 'web' extra ({exc.name} is missing): pip install 'qualitycheck[web]'")

    import logging

    # trafilatura logs every unparsable page at ERROR; in a server console that is noise, the client gets the finding
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    config = build_config(params)
    loopback = is_loopback(host)
    if not loopback:
        click.secho(
            f"WARNING: listening on {host}, not on 127.0.0.1. Anyone who can reach this machine on the network can use "
            "this page and API; there is no login. Use the default --host 127.0.0.1 unless you really mean it.",
            fg="red",
            bold=True,
            err=True,
        )
    app = create_app(config, max_bytes=max_bytes, threads=threads, allowed_hosts=None if not loopback else ("127.0.0.1", "localhost", "::1", "[::1]", host))
    app.state.checker.load()  # a broken rule file or config is one error line and exit 2, before listening
    sock = _bind(host, port)
    actual_port = sock.getsockname()[1]
    shown = f"[{host.strip('[]')}]" if ":" in host.strip("[]") else host
    url = f"http://{shown}:{actual_port}/"
    click.echo(f"qualitycheck is running at {url} - open it in your browser. Press Ctrl+C to stop.", err=True)
    sys.stderr.flush()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=access_log, server_header=False, timeout_keep_alive=5, lifespan="on"))
    server.run(sockets=[sock])
