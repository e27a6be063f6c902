"""`neodesk demo [--clients N] [--seed S]`: fill the database with realistic, deterministic sample data."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, TextIO

# The demo generator is imported when the command runs: every other command starts without it.
if TYPE_CHECKING:
    from neodesk.demo import DemoSummary
    from neodesk.models import Database

DEFAULT_CLIENTS = 500
DEFAULT_SEED = 1


def _client_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--clients takes a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--clients must be zero or more")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `demo` sub-command."""
    parser = subparsers.add_parser(
        "demo",
        help="add realistic sample clients, sessions and milestones",
        description="Add realistic sample clients with their counseling sessions and milestones. The same seed "
        "gives the same clients; running it again adds more (use another --seed for different ones).",
    )
    parser.add_argument(
        "--clients",
        type=_client_count,
        default=DEFAULT_CLIENTS,
        metavar="N",
        help=f"how many clients to add (default {DEFAULT_CLIENTS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"random seed; the same seed gives the same data (default {DEFAULT_SEED})",
    )
    parser.set_defaults(func=demo_cmd)


class _PercentLine:
    """A one-line percentage on stderr, rewritten in place only when the whole percent changes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent != self.shown:
            self.shown = percent
            end = "\n" if done >= total else ""
            self.stream.write(f"\rGenerating demo data: {percent:3d}% ({done:,} of {total:,} clients){end}")
            self.stream.flush()


def describe(summary: DemoSummary, seconds: float, label: str) -> str:
    """The summary printed after a run."""
    if not summary.clients:
        return f"No clients added to {label}."
    return (
        f"Added {summary.clients:,} demo clients (numbers {summary.first_client_no}–{summary.last_client_no}) "
        f"with {summary.sessions:,} counseling sessions and {summary.milestones:,} milestones to {label} "
        f"in {seconds:.1f} s.\n"
        f"New demo counselors: {summary.counselors_added}; new funding sources: {summary.funding_sources_added}."
    )


def demo_cmd(args: argparse.Namespace, db: Database) -> int:
    """Handler of `neodesk demo`."""
    started = time.perf_counter()
    from neodesk.demo import generate_demo
    from neodesk.services.reference import current_counselor

    # Who acts is settled before anything is added: the demo adds counselors, after which nobody is the
    # only one, and its agreements are still made by whoever ran it (refused here, nothing written).
    with db.reading() as tx:
        acting_id = current_counselor(tx).id

    summary = generate_demo(db, args.clients, args.seed, progress=_PercentLine(sys.stderr))
    print(describe(summary, time.perf_counter() - started, db.label))
    from neodesk.services.agreements.demo import add_demo_agreements  # agreements.md: the demo shows them too

    made = add_demo_agreements(db, args.seed, counselor=acting_id)
    if made.created:
        print(f"Added {made.created} demo agreements; processing released {made.released} events.")
    return 0
