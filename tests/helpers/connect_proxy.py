# -*- coding: utf-8 -*-
# Copyright (c) 2026, AudioCodes Live Platform collection contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small HTTP CONNECT proxy on the loopback interface, for the tests of the ``proxy`` option and HTTPS_PROXY.

It tunnels to loopback hosts only, may require Basic credentials (it answers 407 without them), and keeps its own log
of every request it got: what a test asserts to show that traffic went through it. The log never holds a password.
Threads and sockets, no timing: an entry is logged before the proxy answers, so it is there once the client has its
answer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import socket
import threading

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover - Python 2 never runs these tests
    from urllib import quote

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_REASONS = {200: "Connection established", 403: "Forbidden", 405: "Method Not Allowed",
            407: "Proxy Authentication Required", 502: "Bad Gateway"}


class ConnectProxy(object):
    """``url`` (no credentials), ``url_with(user, password)``, ``log`` and ``close()``.

    Each log entry: method, target (``host:port`` of a CONNECT, the URL of any other request), credentials (whether
    Proxy-Authorization was sent), status (what the proxy answered), and for a tunnel the bytes it carried each way.
    """

    def __init__(self, credentials=None):
        self.credentials = credentials  # (user, password) to require, else None
        self.log = []
        self._lock = threading.Lock()
        self._sockets = set()
        self._threads = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        self.address = "127.0.0.1:%d" % self.port
        self.url = "http://" + self.address
        self._start(self._accept)

    def url_with(self, user, password):
        return "http://%s:%s@%s" % (quote(user, safe=""), quote(password, safe=""), self.address)

    def tunnels(self):
        """The targets of the tunnels it opened, in order."""
        return [entry["target"] for entry in self.log if entry["method"] == "CONNECT" and entry["status"] == 200]

    def close(self):
        _close(self._listener)
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            _close(sock)
        for thread in list(self._threads):
            thread.join(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- serving ----------------------------------------------------------------------------------------------
    def _start(self, target, *args):
        thread = threading.Thread(target=target, args=args)
        thread.daemon = True
        self._threads.append(thread)
        thread.start()

    def _track(self, sock):
        with self._lock:
            self._sockets.add(sock)
        return sock

    def _accept(self):
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:  # closed
                return
            self._start(self._handle, self._track(client))

    def _authorized(self, headers):
        if self.credentials is None:
            return True
        expected = base64.b64encode(("%s:%s" % self.credentials).encode("utf-8")).decode("ascii")
        return headers.get("proxy-authorization") == "Basic " + expected

    def _handle(self, client):
        upstream = None
        try:
            method, target, headers = _read_head(client)
            if method is None:
                return
            entry = dict(method=method, target=target, credentials="proxy-authorization" in headers)
            host, _sep, port = target.rpartition(":")
            if not self._authorized(headers):
                entry["status"] = 407
            elif method != "CONNECT":
                entry["status"] = 405
            elif host.strip("[]") not in LOOPBACK_HOSTS or not port.isdigit():
                entry["status"] = 403
            else:
                try:
                    upstream = self._track(socket.create_connection((host.strip("[]"), int(port))))
                    entry["status"] = 200
                except OSError:
                    entry["status"] = 502
            with self._lock:
                self.log.append(entry)
            _answer(client, entry["status"])
            if upstream is not None:
                entry["sent"], entry["received"] = 0, 0
                self._start(_pipe, client, upstream, entry, "sent")
                _pipe(upstream, client, entry, "received")
        except OSError:
            pass
        finally:
            _close(client)
            if upstream is not None:
                _close(upstream)


def _read_head(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk or len(data) > 65536:
            return None, None, None
        data += chunk
    lines = data.split(b"\r\n\r\n", 1)[0].decode("iso-8859-1").split("\r\n")
    method, target = (lines[0].split(" ") + ["", ""])[:2]
    headers = dict((name.strip().lower(), value.strip()) for name, _sep, value in
                   (line.partition(":") for line in lines[1:]))
    return method, target, headers


def _answer(sock, status):
    head = "HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])
    if status == 407:
        head += 'Proxy-Authenticate: Basic realm="test proxy"\r\n'
    if status != 200:
        head += "Content-Length: 0\r\nConnection: close\r\n"
    sock.sendall((head + "\r\n").encode("ascii"))


def _pipe(source, sink, entry, counter):
    """Copy source to sink until source closes, counting the bytes; then end sink's writing side."""
    try:
        while True:
            chunk = source.recv(65536)
            if not chunk:
                break
            sink.sendall(chunk)
            entry[counter] += len(chunk)
    except OSError:
        pass
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def _close(sock):
    # shutdown first: on Linux, close() alone does not wake a thread blocked in accept() or recv() on the socket.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
