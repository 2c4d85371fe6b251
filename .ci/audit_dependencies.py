"""Audit the installed dependencies for known vulnerabilities, and say plainly how much could be checked.

    python .ci/audit_dependencies.py --pip-audit PATH [--python .venv/bin/python]

Asks pip-audit about every package installed in the environment of --python (exact versions, as the tests ran
them), first through PyPI's advisory data, then through OSV for whatever PyPI could not answer. pip-audit alone
is not enough: when PyPI does not answer for a version (a registry mirror without PyPI's JSON API answers 404)
it skips the package and still reports "No known vulnerabilities found", and when OSV is unreachable it stops
with a traceback that looks like a finding.

Exit status: 1 when an installed package has a known vulnerability. When the services could not be asked about
every package, the audit is incomplete: that is a warning, printed last, with exit status 0, unless
QIC_AUDIT_REQUIRED=1 (a CI host that reaches the services), which makes it exit 2. Why only a warning by default:
an advisory service being unreachable says nothing about the change under test, and a CI that fails on every
run for a reason outside the project gets ignored, vulnerabilities with it.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = {"pypi": "PyPI's JSON API (pypi.org/pypi/<name>/<version>/json)", "osv": "OSV (api.osv.dev)"}


@dataclass
class Finding:
    package: str
    version: str
    advisory: str
    fixed_in: list[str]


@dataclass
class ServiceAnswer:
    """What one service said about the packages it was asked about."""

    service: str
    audited: set[str] = field(default_factory=set)
    not_answered: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    failure: str = ""


def installed_packages(python: str) -> dict[str, str]:
    """Name → version of every package in that environment but the project itself (installed editable)."""
    listing = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json", "--exclude-editable", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {package["name"].lower(): package["version"] for package in json.loads(listing.stdout)}


def read_report(service: str, report: dict) -> ServiceAnswer:
    """pip-audit's JSON report: a package with `skip_reason` was not checked, one with `vulns` was."""
    answer = ServiceAnswer(service)
    for dependency in report.get("dependencies", []):
        name = dependency["name"].lower()
        if "skip_reason" in dependency:
            answer.not_answered[name] = dependency["skip_reason"]
            continue
        answer.audited.add(name)
        for vulnerability in dependency.get("vulns", []):
            advisory = " / ".join([vulnerability["id"], *vulnerability.get("aliases", [])])
            answer.findings.append(
                Finding(name, dependency["version"], advisory, vulnerability.get("fix_versions", []))
            )
    return answer


def ask(pip_audit: str, service: str, packages: dict[str, str]) -> ServiceAnswer:
    with tempfile.TemporaryDirectory(prefix="qic-audit-") as scratch:
        requirements = Path(scratch, "requirements.txt")
        requirements.write_text("".join(f"{name}=={version}\n" for name, version in sorted(packages.items())))
        report = Path(scratch, "report.json")
        command = [pip_audit, "--requirement", str(requirements), "--no-deps", "--disable-pip"]
        command += ["--vulnerability-service", service, "--format", "json", "--output", str(report)]
        run = subprocess.run([*command, "--progress-spinner", "off"], capture_output=True, text=True)
        if not report.exists():  # pip-audit stopped before writing: the service could not be reached
            last_lines = [line for line in run.stderr.strip().splitlines() if line.strip()][-1:]
            failure = last_lines[0] if last_lines else f"pip-audit exited with status {run.returncode}"
            return ServiceAnswer(service, not_answered=dict.fromkeys(packages, failure), failure=failure)
        return read_report(service, json.loads(report.read_text()))


def audit(pip_audit: str, packages: dict[str, str]) -> list[ServiceAnswer]:
    """Ask each service in turn about the packages the ones before it could not answer for."""
    answers, remaining = [], dict(packages)
    for service in SERVICES:
        if not remaining:
            break
        answer = ask(pip_audit, service, remaining)
        answers.append(answer)
        remaining = {name: version for name, version in remaining.items() if name not in answer.audited}
    return answers


def summarise(packages: dict[str, str], answers: list[ServiceAnswer], *, required: bool) -> tuple[list[str], int]:
    """The lines to print and the exit status."""
    lines = []
    for answer in answers:
        asked = len(answer.audited) + len(answer.not_answered)
        if answer.failure:
            lines.append(f"{SERVICES[answer.service]}: not reachable ({answer.failure})")
        else:
            lines.append(f"{SERVICES[answer.service]}: checked {len(answer.audited)} of the {asked} packages asked")
            if answer.not_answered:
                example = next(iter(answer.not_answered.values()))
                lines.append(f"  {len(answer.not_answered)} not checked, e.g. {example}")
    audited = set().union(*(answer.audited for answer in answers)) if answers else set()
    findings = [finding for answer in answers for finding in answer.findings]
    unchecked = sorted(set(packages) - audited)

    for finding in findings:
        fixed = f"fixed in {', '.join(finding.fixed_in)}" if finding.fixed_in else "no fixed release yet"
        lines.append(f"VULNERABLE: {finding.package} {finding.version}: {finding.advisory} ({fixed})")
    if findings:
        lines.append(f"{len(findings)} known vulnerabilities in the installed dependencies: upgrade them.")
        status = 1
    else:
        lines.append(f"No known vulnerabilities in the {len(audited)} of {len(packages)} packages checked.")
        status = 0
    if unchecked:
        lines.append(
            f"WARNING: the dependency audit is incomplete: {len(unchecked)} of {len(packages)} installed packages "
            f"could not be checked for known vulnerabilities ({', '.join(unchecked[:8])}"
            f"{', ...' if len(unchecked) > 8 else ''}), because no vulnerability service answered for them. "
            "Run `make audit` where pypi.org or api.osv.dev can be reached; QIC_AUDIT_REQUIRED=1 makes this fail."
        )
        if required and status == 0:
            status = 2
    return lines, status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", required=True, help="the pip-audit executable")
    parser.add_argument("--python", default=".venv/bin/python", help="the Python whose packages are audited")
    options = parser.parse_args()
    packages = installed_packages(options.python)
    lines, status = summarise(
        packages, audit(options.pip_audit, packages), required=os.environ.get("QIC_AUDIT_REQUIRED") == "1"
    )
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
