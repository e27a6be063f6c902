"""`neodesk set` and `neodesk log`: the client editor's save and the New Milestone dialog, headless.

Sync prompts are answered by --answer (yes, no, or cancel); the default is no, so a script never
creates a milestone it did not ask for. Every prompt asked is printed with its answer.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from neodesk.cli.arguments import iso_day

# The save services and the sync rules are imported when a command runs: every other command starts
# without them.
if TYPE_CHECKING:
    from neodesk.models import Database
    from neodesk.services.client_checks import DuplicateRow
    from neodesk.services.errors import ValidationFailed
    from neodesk.sync.deciding import Answer, Question

ANSWERS = ("cancel", "no", "yes")  # --answer: the Answer of the same name (upper case)


class FixedAnswer:
    """Answers every prompt the same way and reports it on stderr."""

    def __init__(self, answer: Answer | str) -> None:
        from neodesk.sync.deciding import Answer

        self.answer = answer if isinstance(answer, Answer) else Answer[answer.upper()]

    def decide(self, question: Question) -> Answer:
        print(f"? {question.question_text} ({question.change}) → {self.answer.value}", file=sys.stderr)
        return self.answer


class DuplicateFlag:
    """``--allow-duplicate``: without it, a client like an existing one is refused (exit 1)."""

    def __init__(self, allow: bool) -> None:
        self.allow = allow
        self.refused = False

    def save_anyway(self, duplicates: Sequence[DuplicateRow]) -> bool:
        for row in duplicates:
            print(f"{'warning' if self.allow else 'neodesk'}: {row.sentence}", file=sys.stderr)
        if not self.allow:
            print("neodesk: not saved; use --allow-duplicate to save it anyway.", file=sys.stderr)
            self.refused = True
        return self.allow


def refused(record: str, exc: ValidationFailed) -> int:
    """One sentence per problem, naming the record and the field; nothing was written."""
    for problem in exc.problems:
        print(f"neodesk: {record}: {problem.message}", file=sys.stderr)
    return 1


def _pairs(items: list[str], what: str) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for item in items:
        key, sep, value = item.partition("=")
        if not key:
            raise SystemExit(f"neodesk: expected {what}, got {item!r}")
        out.append((key.strip(), value if sep else None))
    return out


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("set", help="edit a client (or 'new') and apply the client → milestone rules")
    p.add_argument("client", metavar="CLIENT", help="client number, UUID, or 'new'")
    p.add_argument("values", nargs="+", metavar="FIELD=VALUE", help="field keys of domain.md")
    p.add_argument("--answer", choices=ANSWERS, default="no", help="answer to every sync prompt")
    p.add_argument(
        "--allow-duplicate",
        action="store_true",
        help="save even when a client with the same name, UEI or e-mail exists",
    )
    p.set_defaults(func=set_cmd)
    p = sub.add_parser("log", help="log milestones for a client (the New Milestone dialog)")
    p.add_argument("client", metavar="CLIENT")
    p.add_argument("types", nargs="+", metavar="TYPE[=VALUE]", help="milestone type codes, with their value")
    p.add_argument("--date", type=iso_day, default=None, help="YYYY-MM-DD (default today)")
    p.add_argument("--notes", default=None)
    p.add_argument("--not-reportable", action="store_true")
    p.add_argument("--funding", action="append", default=[], metavar="CODE", help="funding source code")
    p.add_argument("--followup", metavar="CONTACT:AREA", help="also record a follow-up session, e.g. PH:Business Plan")
    p.add_argument(
        "--followup-minutes",
        type=int,
        default=None,
        metavar="N",
        help="contact minutes of the follow-up session (default the setting followup_minutes)",
    )
    p.add_argument(
        "--answer",
        choices=ANSWERS,
        default="no",
        help="answer to every sync prompt and confirmation (M17: yes logs anyway)",
    )
    p.set_defaults(func=log_cmd)


def set_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.client_sync import save_client_with_sync
    from neodesk.services.clients import get_client
    from neodesk.services.errors import ValidationFailed
    from neodesk.services.reference import current_counselor

    values: dict[str, object] = {k: ("" if v is None else v) for k, v in _pairs(args.values, "FIELD=VALUE")}
    with db.reading() as tx:
        me = current_counselor(tx)
        client_id = None if args.client == "new" else get_client(tx, args.client).id
    duplicates = DuplicateFlag(args.allow_duplicate)
    try:
        result = save_client_with_sync(
            db, client_id, values, counselor_id=me.id, decider=FixedAnswer(args.answer), duplicates=duplicates
        )
    except ValidationFailed as exc:
        return refused("the new client" if client_id is None else f"client {args.client}", exc)
    if duplicates.refused:
        return 1
    if result is None:
        print("Cancelled: nothing was saved.")
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"Saved client {result.client_no}; {len(result.milestone_ids)} milestone(s) logged.")
    return 0


def log_cmd(args: argparse.Namespace, db: Database) -> int:
    from neodesk.services.clients import get_client
    from neodesk.services.errors import ValidationFailed
    from neodesk.services.milestones import FollowUp, MilestoneEntry, MilestoneForm, log_milestones
    from neodesk.services.reference import current_counselor, default_funding_source_id, funding_sources
    from neodesk.services.settings import load_settings

    with db.reading() as tx:
        me = current_counselor(tx)
        client = get_client(tx, args.client)
        codes = {f.code: f.id for f in funding_sources(tx, active_only=False)}
        if args.funding:
            unknown = [c for c in args.funding if c not in codes]
            if unknown:
                print(f"neodesk: no funding source {unknown[0]}", file=sys.stderr)
                return 1
            funding = tuple(codes[c] for c in args.funding)
        else:
            default = default_funding_source_id(tx, client.id, me)
            funding = (default,) if default else ()
        default_minutes = load_settings(tx).followup_minutes
    followup = None
    if args.followup:
        contact, _, area = args.followup.partition(":")
        minutes = default_minutes if args.followup_minutes is None else args.followup_minutes
        followup = FollowUp(contact.strip() or None, area.strip() or None, minutes=minutes)
    entries = tuple(MilestoneEntry(code, value) for code, value in _pairs(args.types, "TYPE[=VALUE]"))
    form = MilestoneForm(
        entries=entries,
        date=args.date or date.today(),
        counselor_ids=(me.id,),
        funding_source_ids=funding,
        notes=args.notes,
        reportable=not args.not_reportable,
        followup=followup,
    )
    try:
        result = log_milestones(db, client.id, form, counselor_id=me.id, decider=FixedAnswer(args.answer))
    except ValidationFailed as exc:
        return refused(f"milestones for client {client.client_no}", exc)
    if result is None:
        print("Cancelled: nothing was saved.")
        return 1
    for line in [*result.notices, *result.warnings]:
        print(f"note: {line}", file=sys.stderr)
    updated = ", ".join(sorted(result.client_updates)) or "nothing"
    print(f"Logged {len(result.milestone_ids)} milestone(s) for client {client.client_no}; client updated: {updated}.")
    return 0
