"""Start-up settings of the simulator (CLI options)."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    request_log_file: str | None = None  # JSONL copy of the request log (appended; survives restarts)
    tls_cert: str | None = None  # serve HTTPS with this PEM certificate ...
    tls_key: str | None = None  # ... and this PEM key
    tls_self_signed: str | None = None  # or: a folder where a CA and a server certificate are made (or reused)
    variants: dict[str, str] = field(default_factory=dict)  # platform variants (variants.VARIANTS), NAME -> VALUE
