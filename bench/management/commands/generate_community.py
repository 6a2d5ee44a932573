"""Build a synthetic community in the database: people, questions, answers, votes, reputation.

Run it against a scratch database (it adds rows, and refuses a database that already has a
synthetic community), after `manage.py migrate` and `manage.py seed`, with the bench settings
that install this app (`make bench-manage` sets them, with the scratch database of `SIZE`):

    createdb -h 127.0.0.1 -U postgres gachi_bench_10000
    make bench-manage ARGS=migrate && make bench-manage ARGS=seed
    make bench-manage ARGS="generate_community --questions 10000 --seed 7"

The same seed gives the same community (texts, people, votes, counters). See
bench/synthetic_community.py for what is generated and how.
"""

from django.core.management.base import BaseCommand, CommandError

from bench.synthetic_community import CommunityGenerator, GenerationRefused, default_jobs


class Command(BaseCommand):
    help = "Add a realistic synthetic community of N questions (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--questions", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="Processes that analyze the text pools (default: the cores, at most 4).",
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--check",
            type=int,
            default=100,
            help="Questions compared with a full re-analysis and re-render at the end.",
        )

    def handle(self, *args, questions, seed, jobs, batch_size, check, **options):
        if questions < 1:
            raise CommandError("--questions must be at least 1.")
        generator = CommunityGenerator(
            questions=questions,
            seed=seed,
            jobs=jobs,
            batch_size=batch_size,
            progress=options["verbosity"] > 0,
            check=check,
        )
        try:
            report = generator.run()
        except GenerationRefused as refused:
            raise CommandError(str(refused)) from refused
        seconds = report.seconds
        self.stdout.write(
            f"generated {report.people} people, {report.questions} questions, "
            f"{report.answers} answers, {report.votes} votes, {report.events} reputation "
            f"events from {report.pieces} distinct pieces of text"
        )
        self.stdout.write(
            "time: "
            + ", ".join(f"{phase} {value:.1f} s" for phase, value in seconds.items())
            + f"; total {sum(seconds.values()):.1f} s"
        )
        self.stdout.write(f"recount: {report.recount}")
        if report.checked:
            share = report.terms_matched / max(report.terms_expected, 1)
            self.stdout.write(
                f"checked {report.checked} questions against the write path (a full "
                f"re-analysis and re-render): search terms identical for "
                f"{report.index_identical} ({share:.2%} of all their terms), HTML identical "
                f"for {report.html_identical}"
            )
        for mismatch in report.mismatches[: 10 if options["verbosity"] > 1 else 3]:
            self.stdout.write(f"  {mismatch}")
        if not _nothing_fixed(report.recount):
            raise CommandError("stored counters differed from their recount (fixed now): a bug")


def _nothing_fixed(recount_output: str) -> bool:
    import re

    numbers = re.findall(r"\d+", recount_output)
    return bool(numbers) and all(number == "0" for number in numbers)
