"""The frozen app's entry script (PyInstaller runs it as __main__): the same `main` as the `neodesk` command."""

from neodesk.__main__ import main

if __name__ == "__main__":
    main()
