"""Loading the site over HTTP: wrk's command line and what it prints, for bench_pages (one page
at a time) and the mixed run (bench.mixed: many pages, through a Lua script that also counts the
kept-page header)."""

import re
from dataclasses import dataclass

from apps.caching.pages import KEPT_HEADER

# What the TLS-terminating proxy in front of production sets (SECURE_PROXY_SSL_HEADER): without
# it, production settings redirect every plain-HTTP request to https. Every request the
# benchmark makes carries it.
PROXY_HEADER = ("X-Forwarded-Proto", "https")

# The line the paths script's done() prints: how many responses said hit or miss, or neither.
KEPT_LINE = re.compile(r"^kept pages: hit (\d+) miss (\d+) unmarked (\d+)$", re.M)


@dataclass
class WrkFigures:
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    errors: str = ""  # wrk's "Socket errors: …" line, when it printed one


@dataclass
class KeptPages:
    """What the X-Kept-Page header said, over all of a run's responses."""

    hit: int = 0
    miss: int = 0
    unmarked: int = 0  # no header: a member's page, a redirect, an error

    @property
    def hit_rate(self) -> float | None:
        marked = self.hit + self.miss
        return self.hit / marked if marked else None


def wrk_command(
    wrk: str,
    url: str,
    *,
    threads: int,
    connections: int,
    seconds: int,
    headers: list[str],
    script: str = "",
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
        *(["--script", script] if script else []),
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


def kept_pages_read(output: str) -> KeptPages | None:
    """The counts the paths script printed, or None when wrk ran without it."""
    found = KEPT_LINE.search(output)
    if found is None:
        return None
    return KeptPages(*(int(group) for group in found.groups()))


def paths_script(paths: list[str]) -> str:
    """A wrk Lua script that requests a path drawn at random from `paths` each time, and counts
    the responses by their X-Kept-Page header (`kept_pages_read` reads its last line).

    Each wrk thread runs its own Lua state: the counters are the thread's globals, collected
    in done() through the thread objects setup() was given (in the main state)."""
    listed = ",\n".join(f"  {_lua_string(path)}" for path in paths)
    header = _lua_string(KEPT_HEADER)
    return f"""\
local paths = {{
{listed}
}}
local threads = {{}}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + number)
  hit, miss, unmarked = 0, 0, 0
end

function request()
  return wrk.format(nil, paths[math.random(#paths)])
end

function response(status, headers, body)
  local kept = headers[{header}] or headers[{header.lower()}]
  if kept == "hit" then
    hit = hit + 1
  elseif kept == "miss" then
    miss = miss + 1
  else
    unmarked = unmarked + 1
  end
end

function done(summary, latency, requests)
  local total = {{hit = 0, miss = 0, unmarked = 0}}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(total) do
      total[name] = total[name] + (thread:get(name) or 0)
    end
  end
  io.write(string.format("kept pages: hit %d miss %d unmarked %d\\n",
    total.hit, total.miss, total.unmarked))
end
"""


def _lua_string(text: str) -> str:
    # Paths come from reverse(), which percent-encodes anything outside ASCII.
    if not text.isascii() or not text.isprintable():
        raise ValueError(f"not a printable ASCII path: {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
