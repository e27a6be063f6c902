"""The `neodesk` command line (interfaces.md): a thin layer over the services.

Each module here adds its sub-commands with `register(subparsers)`; a sub-command's handler takes
(args, db) and returns the exit status: 0 done · 1 input refused · 2 usage · 3 integrity check failed ·
4 the environment stopped it · 70 a bug. Whatever a handler raises ends in one sentence and its
exit status through neodesk.services.failures (run() below), never in a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from neodesk import __version__
from neodesk.output_guard import check_output
from neodesk.services.errors import ValidationFailed

if TYPE_CHECKING:  # SQLAlchemy and the models are imported when a command opens the database (run())
    from neodesk.models import Database

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTEGRITY, EXIT_ENVIRONMENT, EXIT_BUG = 0, 1, 2, 3, 4, 70
Handler = Callable[[argparse.Namespace, "Database"], int]
# A read-only command's quick answer (set_defaults(quick=…)): it runs before the database is opened,
# without SQLAlchemy, and returns the exit status, or None when the database needs the full path.
QuickHandler = Callable[[argparse.Namespace], int | None]


def _modules() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Each command module's `register`, in the order `--help` lists them."""
    # Every command module ships with NeoDesk, so none is optional: a broken install fails loudly (a
    # bug, exit 70, logged) instead of quietly losing commands. Imported here, not at the top, so that
    # main() reports that failure in one sentence. Each is cheap to import: what a command needs
    # (reportlab, the demo generator, the SBA export) its handler imports when it runs; a missing
    # optional driver (psycopg) is met when the database opens and is the environment's (exit 4,
    # services/failures.py).
    from neodesk.cli import agreements, counselors, demo, edits, exchange, records, reports, store, tasks

    return [
        records.register,
        edits.register,
        store.register,
        demo.register,
        reports.register,
        exchange.register,
        agreements.register,
        counselors.register,
        tasks.register,
    ]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="neodesk", description="NeoDesk: client and milestone records for counselors."
    )
    parser.add_argument("--version", action="version", version=f"NeoDesk {__version__}")
    parser.add_argument("--db", help="database file or SQLAlchemy URL (default: NEODESK_DB, else the data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in _modules():
        register(sub)
    return parser


def _say(sentence: str) -> None:
    """One line on stderr; text that cannot be encoded (undecodable arguments) is escaped, not fatal."""
    line = f"neodesk: {sentence}".rstrip()
    sys.stderr.write(line.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")


def _undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that was not valid text in the locale's encoding (it holds lone surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg
    return None


def _fail(exc: BaseException, where: Path | None) -> int:
    """Say what stopped the command (a bug: logged with its stack first) and return its exit status."""
    from neodesk.services.failures import describe

    failure = describe(exc, where=where)
    if failure.is_bug:
        from neodesk.log_file import log_bug

        try:
            failure = describe(exc, where=where, log_file=log_bug(exc))
        except Exception:  # the log cannot be written either (disk full, read-only): still one sentence
            logging.getLogger(__name__).debug("log not written", exc_info=True)
    _say(failure.sentence)
    return failure.exit_code


def run(argv: Sequence[str] | None = None) -> int:
    """Run one command line; returns the exit status. With no command, starts the desktop app."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if (bad := _undecodable(argv)) is not None:
        _say(f"the argument {bad!r} is not valid UTF-8 text; type it again or save the file it came from as UTF-8.")
        return EXIT_REFUSED
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0) if not isinstance(exc.code, str) else EXIT_USAGE
    if not args.command:
        from neodesk.ui.app import start_gui

        return start_gui(args.db)
    if getattr(args, "opens_database", True) is False:  # `db restore`: works on the file, never opens it first
        try:
            return int(args.func(args, None))
        except Exception as exc:
            return _fail(exc, None)
    quick: QuickHandler | None = getattr(args, "quick", None)
    if quick is not None:  # e.g. `clients` on a current SQLite file: answered before opening the database
        try:
            status = quick(args)
        except BrokenPipeError:
            raise  # main() handles it: the reader of our output left
        except Exception as exc:
            return _fail(exc, None)
        if status is not None:
            return status
    from sqlalchemy.engine import make_url

    from neodesk.models import open_database

    try:
        db = open_database(args.db)
    except Exception as exc:
        from neodesk import paths
        from neodesk.services.failures import describe

        target, where = args.db or "(default)", None
        try:
            url = make_url(paths.resolve_db_target(args.db))
            target = url.render_as_string(hide_password=True) if args.db and "://" in args.db else target
            where = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
            target = str(where) if where is not None and not args.db else target  # the file the user must find
        except Exception:  # an unreadable URL: the sentence below says so
            pass
        failure = describe(exc, where=where)
        if failure.is_bug:
            return _fail(exc, where)
        _say(f"cannot open the database {target}: {failure.sentence}")
        checking = args.command == "db" and getattr(args, "db_command", "") == "check"
        # A file SQLite cannot read as a NeoDesk database: an integrity failure for `db check`, else refused.
        if checking and failure.exit_code in (EXIT_REFUSED, EXIT_INTEGRITY):
            return EXIT_INTEGRITY
        return EXIT_REFUSED if failure.exit_code == EXIT_INTEGRITY else failure.exit_code
    try:
        if isinstance(out := getattr(args, "out", None), Path):
            check_output(out, db.path)  # nothing is ever written over a database, this one least of all
        return int(args.func(args, db))
    except ValidationFailed as exc:
        for problem in exc.problems:
            _say(problem.message)
        return EXIT_REFUSED
    except SystemExit as exc:  # a handler's usage complaint (`raise SystemExit("neodesk: …")`)
        if isinstance(exc.code, str):
            sys.stderr.write(exc.code.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")
            return EXIT_USAGE
        return int(exc.code or 0)
    except BrokenPipeError:
        raise  # main() handles it: the reader of our output left
    except Exception as exc:
        return _fail(exc, db.path)
    finally:
        db.close()


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run(argv)
    except BrokenPipeError:  # `neodesk clients | head`: the reader left; not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:  # Ctrl+C: the unit of work in progress was rolled back
        _say("interrupted; nothing of the unfinished command was saved.")
        return 130
    except Exception as exc:  # anything run() did not expect (building the parser, …): still one sentence
        return _fail(exc, None)
