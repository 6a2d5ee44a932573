"""What the benchmark reads from wrk, and the mixed run's paths and Lua script (bench.wrk,
bench.mixed), without gunicorn."""

import http.server
import shutil
import subprocess
import threading

import pytest

from apps.caching.pages import KEPT_HEADER
from bench.mixed import reader_paths
from bench.writes import recent_questions
from bench.wrk import KeptPages, kept_pages_read, paths_script, wrk_command, wrk_read

# What wrk 4.1 prints with --latency and the paths script.
WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8791
  2 threads and 12 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    53.96ms   20.10ms   1.31s    70.95%
    Req/Sec   100.17     20.27   150.00     70.00%
  Latency Distribution
     50%   53.30ms
     75%   65.87ms
     90%   80.11ms
     99%    1.20s
  1001 requests in 5.02s, 25.61MB read
  Socket errors: connect 0, read 0, write 0, timeout 2
  Non-2xx or 3xx responses: 3
Requests/sec:    199.40
Transfer/sec:      5.10MB
kept pages: hit 975 miss 26 unmarked 0
"""


def test_wrk_output_is_read_with_its_units_and_the_kept_pages_line():
    figures = wrk_read(WRK_OUTPUT)

    assert (figures.rps, figures.p50_ms, figures.p99_ms) == (199.40, 53.30, 1200.0)
    assert figures.non_2xx == 3
    assert figures.errors == "Socket errors: connect 0, read 0, write 0, timeout 2"
    assert kept_pages_read(WRK_OUTPUT) == KeptPages(hit=975, miss=26, unmarked=0)
    assert kept_pages_read(WRK_OUTPUT).hit_rate == pytest.approx(975 / 1001)


def test_without_the_paths_script_there_is_no_kept_pages_line():
    assert kept_pages_read(WRK_OUTPUT.replace("kept pages", "other")) is None
    assert KeptPages(unmarked=5).hit_rate is None  # members' pages are never kept


def test_the_paths_script_lists_each_path_as_a_lua_string():
    script = paths_script(["/", '/a"b', "/tags/?q=%EB%B2%A0"])

    assert '  "/",\n  "/a\\"b",\n  "/tags/?q=%EB%B2%A0"\n}' in script
    with pytest.raises(ValueError, match="not a printable ASCII path"):
        paths_script(["/질문/"])


@pytest.mark.django_db
def test_the_readers_read_the_most_active_questions_home_the_busiest_tag_and_the_index(
    make_question, make_tag
):
    make_tag("quiet")
    older, newer = make_question(), make_question()

    paths = reader_paths(recent_questions(50))

    assert paths == [
        newer.get_absolute_url(),
        older.get_absolute_url(),
        "/",
        "/tags/likelihood/",
        "/tags/",
    ]


class _Marked(http.server.BaseHTTPRequestHandler):
    """Answers /hit… and /miss… with the kept-page header saying so, anything else without."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.send_response(200)
        for mark in ("hit", "miss"):
            if self.path.startswith(f"/{mark}"):
                self.send_header(KEPT_HEADER, mark)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_wrk_runs_the_paths_script_and_counts_every_response(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Marked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "paths.lua"
    script.write_text(paths_script(["/hit/a", "/miss/b", "/other", "/hit/c"]))
    command = wrk_command(
        shutil.which("wrk"),
        f"http://127.0.0.1:{server.server_port}",
        threads=2,
        connections=2,
        seconds=1,
        headers=[],
        script=str(script),
    )
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        server.shutdown()
        server.server_close()

    kept = kept_pages_read(output)
    requests = int(output.split(" requests in ")[0].rsplit(maxsplit=1)[-1])
    assert kept.hit + kept.miss + kept.unmarked == requests > 0
    assert kept.hit > 0 and kept.miss > 0 and kept.unmarked > 0  # all three paths were drawn
