from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from measures.synthetic import KINDS, county_default_start, county_write


def _month(value: str) -> date:
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise CommandError(f"--start must be a month written YYYY-MM, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Write a synthetic county's import files (clients, requests, appointments, stays, services, "
        "eligibles, holidays) as CSV. The same arguments, --start included, give byte-identical files."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=5000, help="Number of clients (default 5000).")
        parser.add_argument("--months", type=int, default=24, help="Length of the window in months (default 24).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument(
            "--start",
            type=_month,
            default=None,
            help="First month, YYYY-MM (default: so that the window ends with last month).",
        )
        parser.add_argument("--out", default="demo_data", help="Folder for the files (default ./demo_data).")
        parser.add_argument(
            "--only",
            default=None,
            help=f"Comma-separated file kinds to write, from: {', '.join(KINDS)} (default: all).",
        )

    def handle(self, *args, clients, months, seed, start, out, only, **options):
        if clients < 1 or months < 1:
            raise CommandError("--clients and --months must be at least 1.")
        if isinstance(start, str):
            start = _month(start)
        kinds = None
        if only:
            kinds = [kind.strip() for kind in only.split(",") if kind.strip()]
            unknown = sorted(set(kinds) - set(KINDS))
            if unknown or not kinds:
                raise CommandError(f"Unknown file kinds {', '.join(unknown)}; choose from {', '.join(KINDS)}.")
        out_dir = Path(out)
        written = county_write(
            out_dir=out_dir,
            clients=clients,
            months=months,
            seed=seed,
            start=start or county_default_start(months),
            only=kinds,
        )
        for kind, rows in written.items():
            self.stdout.write(f"{out_dir / f'{kind}.csv'}: {rows:,} rows")
