"""Running the app with uvicorn; a small h11 protocol subclass exposes a ``drop`` callable to the app through the
ASGI scope (``scope["extensions"]["live_platform_simulator.drop"]``) so faults can close the socket without any
answer."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
from pathlib import Path
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from .app import create_app
from .middleware import DROP_KEY
from .settings import Settings


class DroppableH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inner = self.app

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            scope.setdefault("extensions", {})[DROP_KEY] = self._drop
            await inner(scope, receive, send)

        self.app = app

    def _drop(self) -> None:
        """Close the socket now, without writing anything; later sends of this cycle are ignored."""
        if self.cycle is not None:
            self.cycle.disconnected = True
        self.transport.close()


class SimulatorServer(uvicorn.Server):
    """SIGTERM/SIGINT stop the server cleanly (exit status 0; the signal is not re-raised afterwards)."""

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        else:
            self.should_exit = True


def bind_socket(host: str, port: int) -> socket.socket:
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted sockets only then (else ~40 ms per answer).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


async def serve(settings: Settings) -> None:
    certfile, keyfile = settings.tls_cert, settings.tls_key
    if settings.tls_self_signed:
        from .tls import ensure_self_signed

        certfile, keyfile, _ca = ensure_self_signed(settings.tls_self_signed)
    app = create_app(settings)
    sock = bind_socket(settings.host, settings.port)
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, http=DroppableH11Protocol, log_level="warning", access_log=False,
                            lifespan="on", backlog=2048, timeout_keep_alive=30, ws="none",
                            timeout_graceful_shutdown=2, ssl_certfile=certfile, ssl_keyfile=keyfile)
    server = SimulatorServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            await task
            return
        await asyncio.sleep(0.01)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    url = f"{'https' if certfile else 'http'}://{host}:{port}"
    print(f"Live Platform simulator listening on {url}", flush=True)
    if settings.url_file:
        tmp = Path(settings.url_file + ".tmp")
        tmp.write_text(url, encoding="utf-8")
        tmp.replace(settings.url_file)
    await task


def run(settings: Settings) -> None:
    try:
        asyncio.run(serve(settings))
    except KeyboardInterrupt:  # pragma: no cover
        pass
    sys.stdout.flush()
