"""A simulator in a subprocess (``python -m live_platform_simulator`` on a free port): the one launcher that the
pytest fixtures, the benchmark and the command line's run mode (``python -m live_platform_simulator -- COMMAND``)
share."""

from __future__ import annotations

import json
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_SEED = yaml.safe_load(resources.files("live_platform_simulator").joinpath("seeds/default.yaml").read_text("utf-8"))
_CLIENT = _SEED["api_clients"][0]


class SimulatorProcess:
    """A running simulator: ``url``, ``base_url``, ``auth_url``, credentials and ``admin()``."""

    tenant_id: str = _CLIENT["tenant_id"]
    client_id: str = _CLIENT["client_id"]
    client_secret: str = _CLIENT["client_secret"]
    scope: str = _SEED["scope"]

    def __init__(self, args: list[str] | None = None, workdir: str | None = None):
        self.args = list(args or [])
        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="lps-")
        self.workdir = Path(workdir or self._tmp.name)  # type: ignore[union-attr]
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.stdout_path = self.workdir / "simulator.stdout"
        self.stderr_path = self.workdir / "simulator.stderr"

    # -- lifecycle -----------------------------------------------------------------------------------------------
    def start(self, timeout: float = 20.0) -> "SimulatorProcess":
        url_file = self.workdir / "url"
        if url_file.exists():
            url_file.unlink()
        cmd = [sys.executable, "-m", "live_platform_simulator", "--port", "0", "--url-file", str(url_file), *self.args]
        self._out = open(self.stdout_path, "ab")
        self._err = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(cmd, stdout=self._out, stderr=self._err, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while not url_file.exists():
            if self.proc.poll() is not None:
                raise RuntimeError(f"simulator exited with {self.proc.returncode}: {self.stderr_path.read_text()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("simulator did not start in time")
            time.sleep(0.02)
        self.url = url_file.read_text().strip()
        return self

    def stop(self, timeout: float = 10.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        self.proc = None
        self._out.close()
        self._err.close()
        return rc

    def restart(self) -> "SimulatorProcess":
        self.stop()
        return self.start()

    def close(self) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()

    # -- URLs and helpers ----------------------------------------------------------------------------------------
    @property
    def ca_path(self) -> str | None:
        """The CA certificate to trust when started with ``--tls-self-signed DIR`` (``DIR/ca.pem``), else None."""
        if "--tls-self-signed" in self.args:
            return str(Path(self.args[self.args.index("--tls-self-signed") + 1]) / "ca.pem")
        return None

    def _ssl_context(self) -> ssl.SSLContext | None:
        if not self.url.startswith("https:"):
            return None
        if self.ca_path:
            return ssl.create_default_context(cafile=self.ca_path)
        return ssl._create_unverified_context()  # --tls-cert: the helper cannot know the CA; test use only

    @property
    def base_url(self) -> str:
        return f"{self.url}/tenantui"

    @property
    def auth_url(self) -> str:
        return self.url

    @property
    def token_url(self) -> str:
        return f"{self.url}/{self.tenant_id}/oauth2/v2.0/token"

    def admin(self, method: str, path: str, json: Any = None, timeout: float = 30) -> Any:  # noqa: A002 - contract name
        """Call the admin API (``path`` relative to ``/_simulator``); returns the parsed JSON answer."""
        import json as _json

        url = f"{self.url}/_simulator/{path.lstrip('/')}"
        if path.startswith("/_simulator"):
            url = f"{self.url}{path}"
        data = None if json is None else _json.dumps(json).encode()
        req = urllib.request.Request(url, data=data, method=method.upper(),
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=self._ssl_context()) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"admin {method} {path} -> {exc.code}: {exc.read().decode()}") from None
        return _json.loads(body) if body else None

    def variants(self, **values: str) -> dict[str, str]:
        """The platform variants; with arguments, switch those first (``sim.variants(states="upper")``)."""
        if values:
            return self.admin("PATCH", "variants", values)
        return self.admin("GET", "variants")

    def token(self) -> str:
        data = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": self.client_id,
                                       "client_secret": self.client_secret, "scope": self.scope}).encode()
        with urllib.request.urlopen(urllib.request.Request(self.token_url, data=data), timeout=30,
                                    context=self._ssl_context()) as resp:
            return json.loads(resp.read())["access_token"]

    def __enter__(self) -> "SimulatorProcess":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def environment(self) -> dict[str, str]:
        """The connection as the collection's modules read it (LIVE_PLATFORM_*), plus the root of the admin API."""
        env = {
            "LIVE_PLATFORM_SIMULATOR_URL": self.url,
            "LIVE_PLATFORM_BASE_URL": self.base_url,
            "LIVE_PLATFORM_AUTH_URL": self.auth_url,
            "LIVE_PLATFORM_TENANT_ID": self.tenant_id,
            "LIVE_PLATFORM_CLIENT_ID": self.client_id,
            "LIVE_PLATFORM_CLIENT_SECRET": self.client_secret,
        }
        if self.ca_path:
            env["LIVE_PLATFORM_CA_PATH"] = self.ca_path
        return env
