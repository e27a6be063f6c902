"""`neodesk counselor passphrase EMAIL`: set an administrator's passphrase from a script or a terminal.

Administrator commands act as an active administrator (NEODESK_COUNSELOR, or the only active
counselor) who proves their own passphrase first when one is set: NEODESK_ADMIN_PASSPHRASE, else a
terminal prompt, else the command is refused. The new passphrase comes from NEODESK_NEW_PASSPHRASE,
else is typed twice on a terminal; it is never an argument (arguments show in `ps`).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

# What the command needs (argon2, the services) is imported when it runs: building the parser stays cheap.
if TYPE_CHECKING:
    from neodesk.models import Counselor, Database
    from neodesk.services.passphrase import AdminGate

ENV_NEW_PASSPHRASE = "NEODESK_NEW_PASSPHRASE"


class Refused(Exception):
    """The command may not go on; the message is the one sentence to print (exit 1)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("counselor", help="counselor administration (administrators)")
    csub = p.add_subparsers(dest="counselor_command", metavar="ACTION", required=True)
    pw = csub.add_parser(
        "passphrase",
        help="set an administrator's passphrase (from NEODESK_NEW_PASSPHRASE or typed twice on a terminal)",
    )
    pw.add_argument("email", metavar="EMAIL", help="the administrator whose passphrase this is")
    pw.add_argument("--clear", action="store_true", help="remove the passphrase instead")
    pw.set_defaults(func=passphrase_cmd)


def _on_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def acting_administrator(
    db: Database, gate: AdminGate | None = None, ask: Callable[[str], str] = getpass.getpass
) -> Counselor:
    """The administrator this command acts as, their passphrase proved; Refused with the reason otherwise."""
    from neodesk.services.passphrase import ENV_ADMIN_PASSPHRASE, WRONG, AdminGate
    from neodesk.services.reference import current_counselor

    with db.reading() as tx:
        me = current_counselor(tx)
    if not me.is_admin:
        raise Refused(f"Only administrators can do this; {me.name} ({me.email}) is not one.")
    gate = gate or AdminGate()
    if not gate.needs_passphrase(db, me.id):
        return me
    typed = os.environ.get(ENV_ADMIN_PASSPHRASE)
    if typed is None:
        if not _on_terminal():
            raise Refused(
                f"{me.name} has an administrator passphrase: set {ENV_ADMIN_PASSPHRASE} "
                f"or run the command on a terminal to type it."
            )
        typed = ask(f"Administrator passphrase for {me.email}: ")
    if not gate.unlock(db, me.id, typed):
        raise Refused(WRONG)
    return me


def _new_passphrase(ask: Callable[[str], str]) -> str:
    given = os.environ.get(ENV_NEW_PASSPHRASE)
    if given is not None:
        return given
    if not _on_terminal():
        raise Refused(f"Set {ENV_NEW_PASSPHRASE} or run the command on a terminal to type the new passphrase.")
    first = ask("New passphrase: ")
    if ask("The new passphrase again: ") != first:
        raise Refused("The two passphrases typed differ; nothing was changed.")
    return first


def passphrase_cmd(args: argparse.Namespace, db: Database, ask: Callable[[str], str] = getpass.getpass) -> int:
    from neodesk.services.identity import find_active
    from neodesk.services.passphrase import set_passphrase

    try:
        me = acting_administrator(db, ask=ask)
        with db.reading() as tx:
            target = find_active(tx, args.email)
            target_id, target_name = target.id, target.name
        passphrase = None if args.clear else _new_passphrase(ask)
    except Refused as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return 1
    set_passphrase(db, me.id, target_id, passphrase)  # its refusals (ValidationFailed) are the CLI's to print
    print(f"Removed the passphrase of {target_name}." if args.clear else f"Set the passphrase of {target_name}.")
    return 0
