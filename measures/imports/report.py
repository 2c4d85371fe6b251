"""The validation report: every problem counted, the first few hundred kept with row, column and reason."""

from dataclasses import asdict, dataclass

MAX_LISTED_PROBLEMS = 300
MAX_VALUE_LENGTH = 80


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str
    value: str
    reason: str


def printable(value: str) -> str:
    """Control characters shown as escapes: they cannot be stored in PostgreSQL text and cannot be seen."""
    if value.isprintable():
        return value
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in value)


class Report:
    def __init__(self, limit: int = MAX_LISTED_PROBLEMS):
        self.limit = limit
        self.problems: list[Problem] = []
        self.count = 0

    def add(self, *, file: str, row: int | None, column: str = "", value: str = "", reason: str) -> None:
        self.count += 1
        if len(self.problems) < self.limit:
            value = printable(value)
            if len(value) > MAX_VALUE_LENGTH:
                value = value[: MAX_VALUE_LENGTH - 1] + "…"
            self.problems.append(Problem(file=file, row=row, column=column, value=value, reason=str(reason)))

    def __bool__(self) -> bool:
        return self.count > 0

    def as_json(self) -> list[dict]:
        return [asdict(problem) for problem in self.problems]
