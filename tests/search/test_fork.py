"""A gunicorn worker forks after the master loaded Kiwi (--preload); it must be able to exit."""

import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

SCRIPT = """
import os, sys, time
from apps.search.analyzer import analyze, kiwi
kiwi()
pid = os.fork()
if pid == 0:  # the worker: analyze, then exit the normal way (interpreter shutdown)
    analyze("추천 시스템을 공부합니다")
    sys.exit(0)
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("exited", os.waitstatus_to_exitcode(status))
        sys.exit(0)
    time.sleep(0.1)
os.kill(pid, 9)
print("hung")
"""


def test_a_forked_worker_exits_after_using_the_analyzer():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, capture_output=True, text=True, timeout=180
    )
    assert result.stdout.strip().splitlines()[-1] == "exited 0", result.stdout + result.stderr
