"""Schemathesis drives a live server from the OpenAPI document it serves: every check, every
phase (examples, coverage, fuzzing, and the stateful phase that follows the document's links
from a list to an item to its next step), as a Meta Scrum Master and as a team member, with a
bounded number of examples. Any failure fails the test with schemathesis' own report.

The ids in paths come from a dictionary of the programme's real ones nine times in ten (and
are drawn at random otherwise), so operations are exercised beyond their 404.
"""

import json
import re
import subprocess
import sys
import time

import pytest

from metascrum.lib.api_errors import UNPROCESSABLE
from programmes.access.tokens import token_create
from tests.security.world import build_world

# The document promises these answers to a request that follows it: 412 and 428 are the
# preconditions of an update, 422 a body naming what is not in the programme (both documented
# on the operations that can answer them).
VALID_DATA_ANSWERS = ["2xx", "304", "401", "403", "404", "409", "412", str(UNPROCESSABLE), "428"]
MAX_EXAMPLES = 6
STATEFUL_STEPS = 6
SUMMARY = re.compile(r"(\d+) generated, (\d+) passed")


def config(world) -> str:
    ids = {name: world.values[name] for name in (
        "team_id", "item_id", "meeting_id", "booking_id", "update_id")}
    dictionaries = "\n".join(f"[dictionaries.{name}]\nvalues = [{value}]\n"
                             for name, value in ids.items())
    parameters = "\n".join(f'"path.{name}" = {{ dictionary = "{name}", probability = 0.9 }}'
                           for name in ids)
    statuses = json.dumps(VALID_DATA_ANSWERS)
    return f"""
seed = 20261204
max-failures = 20

[generation]
max-examples = {MAX_EXAMPLES}
deterministic = true
database = "none"

[phases.stateful]
max-steps = {STATEFUL_STEPS}

# One method a path does not have (405 with an Allow header) stands for all of them.
[phases.coverage]
unexpected-methods = ["DELETE"]
generate-duplicate-query-parameters = false

[checks.positive_data_acceptance]
expected-statuses = {statuses}

{dictionaries}
[parameters]
"path.slug" = "{world.values['slug']}"
{parameters}
"""


PHASES = ["Examples", "Coverage", "Fuzzing", "Stateful"]


def run_schemathesis(live_server, tmp_path, token: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "--config-file", str(tmp_path / "st.toml"),
         "run", f"{live_server.url}/api/v1/openapi.json", "--checks", "all",
         "--phases", ",".join(PHASES).lower(), "--workers", "1",
         "--header", f"Authorization: Bearer {token}", "--no-color",
         "--suppress-health-check", "all", "--request-timeout", "20"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)


@pytest.fixture
def contract_world(transactional_db, cast, tmp_path):
    world = build_world(cast)
    (tmp_path / "st.toml").write_text(config(world))
    return world


@pytest.mark.parametrize("role", ["msm", "member"])
def test_the_live_server_keeps_its_contract(live_server, contract_world, tmp_path, role):
    _, token = token_create(person=getattr(contract_world.cast, role), name="schemathesis")
    started = time.monotonic()
    result = run_schemathesis(live_server, tmp_path, token)
    seconds = time.monotonic() - started
    report = result.stdout[-12000:] + result.stderr[-3000:]
    assert result.returncode == 0, report
    summary = SUMMARY.search(result.stdout)
    assert summary and summary[1] == summary[2], report
    phases = re.findall(r"✅  (Examples|Coverage|Fuzzing|Stateful) \(in", result.stdout)
    assert phases == PHASES, report
    print(f"schemathesis as {role}: {seconds:.0f} s, {summary[1]} test cases")
