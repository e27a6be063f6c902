"""The frozen app's entry script (PyInstaller runs it as __main__): the same `main` as the `neodesk` command,
after handing child processes the environment the user had (neodesk.frozen)."""

import os

from neodesk.frozen import is_frozen, restore_library_path

if __name__ == "__main__":
    if is_frozen():
        restore_library_path(os.environ)

    from neodesk.__main__ import main

    main()
