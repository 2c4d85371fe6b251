"""The work plan sits above the framework and the measures: it reads them; they, the partnership app and
the council app do not meet it from below."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(app: str) -> set[str]:
    found = set()
    for path in (ROOT / app).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


def test_the_work_plan_does_not_import_the_partnership_or_council_apps():
    assert not _imports("workplan") & {"dialogues", "council"}


def test_the_framework_and_the_measures_do_not_import_the_work_plan():
    assert "workplan" not in _imports("aims")
    assert "workplan" not in _imports("measures")
