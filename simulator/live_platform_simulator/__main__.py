"""Command line: ``python -m live_platform_simulator [options]`` serves the simulator until stopped;
``python -m live_platform_simulator [options] -- COMMAND [ARGS...]`` runs COMMAND against a simulator started for
it (connection in the LIVE_PLATFORM_* environment), stops the simulator and exits with COMMAND's status (README.md).
"""

from __future__ import annotations

import argparse
import sys

from .settings import Settings
from .variants import VARIANTS, VariantError, parse_assignment


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _nonneg(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _nonneg_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _variant(text: str) -> tuple[str, str]:
    try:
        return parse_assignment(text)
    except VariantError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_args(argv: list[str] | None = None) -> Settings:
    p = argparse.ArgumentParser(prog="python -m live_platform_simulator",
                                description="Simulator of the AudioCodes Live Platform REST API.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_nonneg_int, default=0, help="0 = a free port (default)")
    p.add_argument("--seed", default=None, help="'default' or a seed YAML file (default: the DB's last seed, "
                                                 "else 'default')")
    p.add_argument("--db", default=":memory:", help="SQLite state file (default: in memory)")
    p.add_argument("--mode", choices=("sync", "async"), default="sync")
    p.add_argument("--deployment-time", type=_nonneg, default=2.0)
    p.add_argument("--deletion-time", type=_nonneg, default=1.0)
    p.add_argument("--max-concurrent-deployments", type=_nonneg_int, default=0, help="0 = unlimited")
    p.add_argument("--token-lifetime", type=_nonneg_int, default=3599)
    p.add_argument("--error-rate", type=_rate, default=0.0)
    p.add_argument("--throttle-rate", type=_rate, default=0.0)
    p.add_argument("--retry-after", type=_nonneg, default=1)
    p.add_argument("--latency-ms", type=_nonneg_int, default=0)
    p.add_argument("--latency-jitter-ms", type=_nonneg_int, default=0)
    p.add_argument("--drop-rate", type=_rate, default=0.0)
    p.add_argument("--url-file", default=None)
    p.add_argument("--random-seed", type=int, default=None)
    p.add_argument("--request-log-size", type=_nonneg_int, default=100_000)
    p.add_argument("--request-log-file", default=None,
                   help="append every request-log entry (secrets masked) to this JSONL file; survives restarts")
    p.add_argument("--tls-cert", default=None, help="serve HTTPS with this PEM certificate (with --tls-key)")
    p.add_argument("--tls-key", default=None, help="the PEM private key of --tls-cert")
    p.add_argument("--tls-self-signed", default=None, metavar="DIR",
                   help="serve HTTPS with a certificate signed by a CA made in DIR (ca.pem, cert.pem, key.pem; "
                        "reused when present)")
    p.add_argument("--variant", type=_variant, action="append", default=[], metavar="NAME=VALUE",
                   help="platform variant (repeatable; the first value is the default): "
                        + "; ".join(f"{name}={'|'.join(values)}" for name, values in VARIANTS.items()))
    a = p.parse_args(argv)
    if bool(a.tls_cert) != bool(a.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if a.tls_cert and a.tls_self_signed:
        p.error("--tls-self-signed and --tls-cert/--tls-key exclude each other")
    retry_after = int(a.retry_after) if float(a.retry_after).is_integer() else a.retry_after
    return Settings(host=a.host, port=a.port, seed=a.seed, db=a.db, mode=a.mode, deployment_time=a.deployment_time,
                    deletion_time=a.deletion_time, max_concurrent_deployments=a.max_concurrent_deployments,
                    token_lifetime=a.token_lifetime, error_rate=a.error_rate, throttle_rate=a.throttle_rate,
                    retry_after=retry_after, latency_ms=a.latency_ms, latency_jitter_ms=a.latency_jitter_ms,
                    drop_rate=a.drop_rate, url_file=a.url_file, random_seed=a.random_seed,
                    request_log_size=max(a.request_log_size, 1), request_log_file=a.request_log_file,
                    tls_cert=a.tls_cert, tls_key=a.tls_key, tls_self_signed=a.tls_self_signed,
                    variants=dict(a.variant))


def run_command(options: list[str], command: list[str]) -> int:
    """Start a simulator with these options, run command with its connection in the environment, stop it."""
    import os
    import subprocess
    import tempfile

    from .process import SimulatorProcess

    parse_args(options)  # refuse bad options before anything starts
    if not command:
        print("python -m live_platform_simulator [OPTIONS] -- COMMAND [ARGS...]: no COMMAND given", file=sys.stderr)
        return 2
    log_dir = os.environ.get("SIMULATOR_LOG_DIR")  # keep the simulator's log there; else it goes with the run
    if log_dir:
        os.makedirs(log_dir, exist_ok=True)
    sim = SimulatorProcess(options, workdir=tempfile.mkdtemp(prefix="simulator-", dir=log_dir) if log_dir else None)
    try:
        try:
            sim.start(timeout=float(os.environ.get("SIMULATOR_START_TIMEOUT", "30")))
        except RuntimeError as exc:
            print(f"live_platform_simulator: {exc}\n{sim.stderr_path.read_text(errors='replace')}", file=sys.stderr)
            return 1
        print(f"live_platform_simulator: running {command[0]} against {sim.url}", flush=True)
        try:
            return subprocess.call(command, env=dict(os.environ, **sim.environment()))
        except OSError as exc:
            print(f"live_platform_simulator: cannot run {command[0]}: {exc}", file=sys.stderr)
            return 127
    finally:
        if log_dir:
            sim.stop()
        else:
            sim.close()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if "--" in argv:
        cut = argv.index("--")
        return run_command(argv[:cut], argv[cut + 1:])
    settings = parse_args(argv)
    from .server import run

    run(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
