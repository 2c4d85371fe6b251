"""CI's dependency audit (.ci/audit_dependencies.py): a known vulnerability fails it, and an audit that could not
check every package says so instead of passing for a clean one."""

import importlib.util
import json
import stat
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("audit_dependencies", ROOT / ".ci" / "audit_dependencies.py")
audit_dependencies = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_dependencies)

INSTALLED = {"django": "5.2.1", "celery": "5.7.0", "kombu": "5.7.0"}
# pip-audit's JSON report, as PyPI's service writes it when it finds an advisory for one package.
REPORT_WITH_A_VULNERABILITY = {
    "dependencies": [
        {
            "name": "django",
            "version": "5.2.1",
            "vulns": [
                {
                    "id": "CVE-2025-48432",
                    "fix_versions": ["4.2.22", "5.1.10", "5.2.2"],
                    "aliases": [],
                    "description": "Potential log injection via unescaped request path.",
                }
            ],
        },
        {"name": "celery", "version": "5.7.0", "vulns": []},
        {"name": "kombu", "version": "5.7.0", "vulns": []},
    ],
    "fixes": [],
}
# ...and as it writes it when the index answers 404 for every version (a registry mirror without the JSON API).
REPORT_OF_A_MIRROR_WITHOUT_ADVISORIES = {
    "dependencies": [
        {"name": name, "skip_reason": f"Dependency not found on PyPI and could not be audited: {name} ({version})"}
        for name, version in INSTALLED.items()
    ],
    "fixes": [],
}


def test_a_known_vulnerability_fails_the_audit_and_names_the_advisory_and_the_fix():
    answer = audit_dependencies.read_report("pypi", REPORT_WITH_A_VULNERABILITY)

    lines, status = audit_dependencies.summarise(INSTALLED, [answer], required=False)

    assert status == 1
    assert "VULNERABLE: django 5.2.1: CVE-2025-48432 (fixed in 4.2.22, 5.1.10, 5.2.2)" in lines
    assert not any(line.startswith("WARNING") for line in lines), "every package was checked"


def test_a_service_that_skips_every_package_leaves_the_audit_incomplete_not_clean():
    answer = audit_dependencies.read_report("pypi", REPORT_OF_A_MIRROR_WITHOUT_ADVISORIES)

    lines, status = audit_dependencies.summarise(INSTALLED, [answer], required=False)

    assert status == 0, "an unreachable service is a warning, not a failure"
    assert "No known vulnerabilities in the 0 of 3 packages checked." in lines
    assert lines[-1].startswith("WARNING: the dependency audit is incomplete: 3 of 3 installed packages")


def test_an_incomplete_audit_fails_where_the_audit_is_required():
    answer = audit_dependencies.read_report("pypi", REPORT_OF_A_MIRROR_WITHOUT_ADVISORIES)

    _, status = audit_dependencies.summarise(INSTALLED, [answer], required=True)

    assert status == 2


@pytest.fixture
def fake_pip_audit(tmp_path):
    """A pip-audit that answers like this machine's services: PyPI skips every package, OSV cannot be reached."""
    script = tmp_path / "pip-audit"
    script.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(
            f"""
            import json, sys
            args = sys.argv[1:]
            service, output = args[args.index("--vulnerability-service") + 1], args[args.index("--output") + 1]
            names = [line.split("==")[0] for line in open(args[args.index("--requirement") + 1]) if line.strip()]
            if service == "osv":
                sys.exit("requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'")
            report = {json.dumps(REPORT_OF_A_MIRROR_WITHOUT_ADVISORIES)}
            report["dependencies"] = [d for d in report["dependencies"] if d["name"] in names]
            json.dump(report, open(output, "w"))
            """
        )
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def test_each_service_is_asked_in_turn_and_an_unreachable_one_is_named(fake_pip_audit):
    answers = audit_dependencies.audit(fake_pip_audit, INSTALLED)

    lines, status = audit_dependencies.summarise(INSTALLED, answers, required=False)

    assert [answer.service for answer in answers] == ["pypi", "osv"]
    assert answers[1].not_answered.keys() == INSTALLED.keys(), "OSV is asked about what PyPI skipped"
    assert any(line.startswith("OSV (api.osv.dev): not reachable") and "api.osv.dev" in line for line in lines)
    assert status == 0
    assert lines[-1].startswith("WARNING: the dependency audit is incomplete")
    assert "(celery, django, kombu)" in lines[-1], "the packages not checked are named"
