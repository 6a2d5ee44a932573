"""Loading the site over HTTP: wrk's command line and what it prints, for bench_pages."""

import re
from dataclasses import dataclass

# What the TLS-terminating proxy in front of production sets (SECURE_PROXY_SSL_HEADER): without
# it, production settings redirect every plain-HTTP request to https. Every request the
# benchmark makes carries it.
PROXY_HEADER = ("X-Forwarded-Proto", "https")


@dataclass
class WrkFigures:
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    errors: str = ""  # wrk's "Socket errors: …" line, when it printed one


def wrk_command(
    wrk: str,
    url: str,
    *,
    threads: int,
    connections: int,
    seconds: int,
    headers: list[str],
) -> list[str]:
    """wrk's command line: `--latency` for the percentiles `wrk_read` reads."""
    return [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "--latency",
        *(part for header in headers for part in ("--header", header)),
        url,
    ]


def wrk_read(output: str) -> WrkFigures:
    """Requests/s, p50 and p99 (in ms), non-2xx/3xx responses and socket errors."""
    figures = WrkFigures()
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    figures.rps = float(rps.group(1)) if rps else 0.0
    for percentile, attribute in (("50", "p50_ms"), ("99", "p99_ms")):
        found = re.search(rf"^\s+{percentile}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if found:
            value, unit = float(found.group(1)), found.group(2)
            setattr(figures, attribute, value * {"us": 0.001, "ms": 1, "s": 1000}[unit])
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    figures.non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    errors = re.search(r"Socket errors:.*", output)
    figures.errors = errors.group(0) if errors else ""
    return figures
