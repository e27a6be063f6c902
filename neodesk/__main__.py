"""Entry point: `neodesk` / `python -m neodesk`."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def gui_database(argv: Sequence[str]) -> tuple[bool, str | None]:
    """Whether the command line only starts the desktop app (no command; at most `--db X`), and its --db.

    That case skips building the command-line parser, which imports SQLAlchemy and every command:
    the window shows before any of that is needed (neodesk.ui.start_main_window).
    """
    args = list(argv)
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > len("--db="):
        return True, args[0][len("--db=") :]
    return False, None


def main() -> None:
    gui, db = gui_database(sys.argv[1:])
    if gui:
        import logging

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        # The app later lets INFO through to its log file; the terminal keeps to warnings.
        for handler in logging.getLogger().handlers:
            handler.setLevel(logging.WARNING)
        from neodesk.ui.app import start_gui

        sys.exit(start_gui(db))
    from neodesk.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
