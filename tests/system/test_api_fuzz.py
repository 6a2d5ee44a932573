"""Schemathesis against the running API: every operation of /api/openapi.json, anonymously and
with a write token, a bounded number of examples each. Any 5xx, any status the document does
not list, any response whose body, headers or content type the document does not describe is
a failure.

A production server (gunicorn, DEBUG off) on a scratch PostgreSQL database seeded as `make run`
seeds it (the concepts and the master-class threads), plus a member with a write token who has
asked a question that another member answered, so accepting and editing reach the service.
Runs in the PostgreSQL pass of the suite (CI); prints the figures: operations, test cases,
failures. `FUZZ_EXAMPLES` sets the examples per operation (default 20).
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.system.servers import (
    BASE_DIR,
    gunicorn,
    manage,
    postgres_url,
    production_env,
    python,
    scratch_database,
)

pytestmark = pytest.mark.system

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
SEED = 20261205  # the same cases on every run: a failure here is reproducible
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
PLENTY = "100000/h,100000/h"  # the fuzzer is to reach the services, not stop at the limits

SETUP = """
import django, json
django.setup()
from apps.accounts.models import User
from apps.answers.services import answer_create
from apps.questions.services import question_create
from apps.tokens.services import token_create
fuzzer = User.objects.create_user("fuzzer", password="fuzz-pw-not-used-1", reputation=5000)
helper = User.objects.create_user("fuzz-helper", password="fuzz-pw-not-used-2", reputation=500)
question = question_create(
    author=fuzzer, title="퍼저가 묻는 질문입니다", body="$x^2$ 의 미분은?", tags=["derivative"]
)
answer_create(author=helper, question=question, body="$2x$ 입니다.")
print(json.dumps({"token": token_create(user=fuzzer, name="fuzz", scope="write")[1]}))
"""


def _schemathesis(base: str, report: Path, headers: list[str]) -> dict:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or shutil.which("st")
    assert st, "schemathesis is a dev dependency: pip install -e '.[dev]'"
    command = [
        st,
        "run",
        f"{base}/api/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        str(SEED),
        "--workers",
        "2",
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--request-timeout",
        "30",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    for header in headers:
        command += ["--header", header]
    done = subprocess.run(command, cwd=BASE_DIR, capture_output=True, text=True, timeout=900)
    assert report.exists(), done.stdout[-4000:] + done.stderr[-2000:]
    result = json.loads(report.read_text())
    report.with_suffix(".log").write_text(done.stdout + done.stderr)
    failures = done.stdout.partition("FAILURES")[2].partition("WARNINGS")[0]
    assert done.returncode == 0, failures[:20000] or done.stdout[-6000:]
    return result


def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(tmp_path, capsys):
    database = postgres_url("API fuzzing")
    with scratch_database(database, f"gachi_api_fuzz_{os.getpid()}") as url:
        env = production_env(
            url,
            STATIC_ROOT=str(tmp_path / "static"),
            **{
                f"RATE_LIMIT_{action}": PLENTY
                for action in ("ASK", "ANSWER", "VOTE", "COMMENT", "FLAG")
            },
        )
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")  # the 404 pages use the manifest
        manage(env, "seed")
        token = json.loads(python(env, SETUP))["token"]
        with gunicorn(env, tmp_path / "server.log") as base:
            with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=30) as response:
                document = json.loads(response.read())
            operations = sum(len(methods) for methods in document["paths"].values())
            runs = {
                "anonymous": _schemathesis(base, tmp_path / "anonymous.json", []),
                "token": _schemathesis(
                    base, tmp_path / "token.json", [f"Authorization: Bearer {token}"]
                ),
            }
    for who, result in runs.items():
        assert result["operations"]["tested"] == operations, (who, result["operations"])
        assert result["test_cases"]["with_failures"] == 0 and not result["failures"], who
        assert not result["errors"], (who, result["errors"])
        with capsys.disabled():  # the figures show in CI's output, not only on failure
            print(
                f"\nschemathesis {who}: {result['operations']['tested']} operations, "
                f"{result['test_cases']['generated']} test cases, "
                f"{result['test_cases']['unique_failures']} failures, "
                f"{result['running_time']:.0f} s"
            )
    # With the token, the member's operations were reached, not refused at the door.
    refused = {who: set(run["warnings"].get("missing_auth") or []) for who, run in runs.items()}
    assert "GET /api/v1/me/" in refused["anonymous"]
    assert "GET /api/v1/me/" not in refused["token"]
    assert len(refused["token"]) <= 1, refused["token"]  # accepting another's answer: 403
