"""`neodesk db check|backup`: integrity check and online backup."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from neodesk.models import Database
from neodesk.models.database import DatabaseError, backup, integrity_problems


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = dbsub.add_parser("check", help="run the integrity check")
    check.set_defaults(func=check_cmd)
    bk = dbsub.add_parser("backup", help="write an online backup copy")
    bk.add_argument("--out", type=Path, help="backup file (default: the backups folder)")
    bk.set_defaults(func=backup_cmd)


def check_cmd(args: argparse.Namespace, db: Database) -> int:
    try:
        problems = integrity_problems(db)
    except SQLAlchemyError as exc:  # damage bad enough that the check itself cannot run
        problems = [str(getattr(exc, "orig", None) or exc).splitlines()[0]]
    if problems:
        for problem in problems:
            print(f"neodesk: integrity problem: {problem}", file=sys.stderr)
        return 3
    print(f"Database {db.label}: integrity check passed.")
    return 0


def backup_cmd(args: argparse.Namespace, db: Database) -> int:
    try:
        out = backup(db, args.out)
    except DatabaseError as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up {db.label} to {out}")
    return 0
