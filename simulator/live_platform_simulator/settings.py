"""Start-up settings of the simulator (CLI options)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 0
    seed: str | None = None  # "default", a YAML path, or None (DB's last seed, else default)
    db: str = ":memory:"
    mode: str = "sync"
    deployment_time: float = 2.0
    deletion_time: float = 1.0
    max_concurrent_deployments: int = 0
    token_lifetime: int = 3599
    error_rate: float = 0.0
    throttle_rate: float = 0.0
    retry_after: int = 1
    latency_ms: int = 0
    latency_jitter_ms: int = 0
    drop_rate: float = 0.0
    url_file: str | None = None
    random_seed: int | None = None
    request_log_size: int = 100_000
