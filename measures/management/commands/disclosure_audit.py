from django.core.management.base import BaseCommand, CommandError

from measures.compute.publication_audit import current_release_audit


class Command(BaseCommand):
    help = (
        "Audit everything the public can see now (every measure, period, stratum and population, the funnel and "
        "its closure reasons) as one release: for every hidden count of 1 to 10, what the published figures allow "
        "it to be. Exits non-zero when a hidden count can be narrowed to fewer than six values."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--exact",
            action="store_true",
            help="Bound every hidden count one by one within its whole system (slower; exact intervals).",
        )
        parser.add_argument("--show", type=int, default=10, help="How many failing counts to list (default 10).")

    def handle(self, *args, **options):
        computation, summary = current_release_audit(exact=options["exact"])
        if computation is None:
            self.stdout.write("Nothing is published yet: no recompute has succeeded.")
            return
        write = self.stdout.write
        write(f"Release of computation {computation.pk} (data as of {computation.data_as_of or '—'})")
        write(f"  tables: {summary['tables']:,}; cells: {summary['cells']:,}")
        write(
            f"  hidden: {summary['hidden_primary']:,} small counts (primary), {summary['hidden_secondary']:,} "
            f"beyond them (secondary), {summary['withdrawn']:,} withdrawn from the breakdown"
        )
        write("  relations a reader can use:")
        for kind, count in summary["relations"].items():
            write(f"    {kind}: {count:,}")
        write(
            f"  hidden counts of 1 to 10 audited: {summary['counts_audited']:,} "
            f"({summary['bounded_one_by_one']:,} bounded one by one, {summary['programmes']:,} linear programmes, "
            f"{summary['seconds']:.1f} s)"
        )
        narrowest = summary["narrowest"]
        if narrowest:
            write(
                f"  narrowest: {narrowest['count']} = {narrowest['value']:g}, possible from {narrowest['lower']} "
                f"to {narrowest['upper']}{'' if narrowest['exact'] else ' at least'}"
            )
        if summary["passed"]:
            self.stdout.write(self.style.SUCCESS("Passed: no hidden count can be narrowed to fewer than six values."))
            return
        for failure in summary["failures"][: options["show"]]:
            write(f"  FAILS: {failure['count']} = {failure['value']:g}, from {failure['lower']} to {failure['upper']}")
        raise CommandError(f"Failed: {summary['failure_count']} hidden count(s) can be narrowed below six values.")
