"""`neodesk db check|backup|restore`: integrity check, online backup, restoring a backup."""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from neodesk import paths

if TYPE_CHECKING:  # not imported by building the parser (SQLAlchemy): see neodesk.cli
    from neodesk.models import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("db", help="database maintenance")
    dbsub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    check = dbsub.add_parser("check", help="run the integrity check")
    check.set_defaults(func=check_cmd)
    bk = dbsub.add_parser("backup", help="write an online backup copy")
    bk.add_argument("--out", type=Path, help="backup file (default: the backups folder)")
    bk.set_defaults(func=backup_cmd)
    rs = dbsub.add_parser(
        "restore",
        help="replace the database with a verified backup (the current file kept aside)",
        description="Check BACKUP (a NeoDesk database that passes the integrity check, not "
        "from a newer NeoDesk), keep the current database aside next to it, and "
        "put the backup in its place. Close NeoDesk on this database first.",
    )
    rs.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file (see the backups folder)")
    # The database is not opened first: it may be the damaged file being replaced.
    rs.set_defaults(func=restore_cmd, opens_database=False)


def check_cmd(args: argparse.Namespace, db: Database) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from neodesk.models.database import integrity_problems

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
    from neodesk.models.database import DatabaseError, backup

    try:
        out = backup(db, args.out)
    except DatabaseError as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        # SQLite failed writing the copy: a full or read-only disk is the backup's, so the sentence names
        # that folder, not the database's (which may be on another disk with room to spare).
        from neodesk.services.failures import describe

        failure = describe(exc, where=args.out or paths.backup_dir() / "backup.sqlite3")
        if failure.is_bug:
            raise
        print(f"neodesk: {failure.sentence}", file=sys.stderr)
        return failure.exit_code
    print(f"Backed up {db.label} to {out}")
    return 0


def restore_cmd(args: argparse.Namespace, _db: Database | None) -> int:
    from sqlalchemy.engine import make_url

    from neodesk import paths
    from neodesk.services.backups import RestoreRefused, restore_backup

    url = make_url(paths.resolve_db_target(args.db))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        print("neodesk: restore is for SQLite files; restore a server database with its own tools.", file=sys.stderr)
        return 1
    try:
        result = restore_backup(Path(url.database), args.backup, check_in_use=True)
    except RestoreRefused as exc:
        print(f"neodesk: {exc}", file=sys.stderr)
        return 1
    aside = f"; the replaced file was kept as {result.kept_aside}" if result.kept_aside else ""
    print(f"Restored {result.database} from {result.backup} ({result.clients:,} clients){aside}.")
    return 0
