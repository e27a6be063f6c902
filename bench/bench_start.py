"""Cold start of the desktop app on the 100,000-client database vs a bare PySide6 window.

    python bench/bench_start.py [--runs N]

Each run is a new Python process (QT_QPA_PLATFORM=offscreen), timed from spawning it until it
prints READY:
- app: QApplication, `neodesk.ui.build_main_window(BENCH_DB)`, `show()`, events processed until the
  window is exposed, then the `clientList` view must hold rows (the list is populated);
- baseline: QApplication, a bare `QMainWindow`, `show()`, events processed until exposed.
Runs alternate app / baseline after one untimed warm-up of each (so both find the files in the OS
cache: "cold" means a fresh process, not a cold disk). Reported: medians and their ratio.
Target (issue #2): median ≤ 1.5× the bare window's median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from common import (
    BENCH_CLIENTS,
    BENCH_DB,
    ROOT,
    Result,
    bench_database,
    format_table,
    log,
    percentile,
    save_results,
)

APP_CHILD = """
import time
t0 = time.perf_counter()
import sys
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication(sys.argv[:1])
from neodesk.ui import build_main_window
t1 = time.perf_counter()
window = build_main_window(sys.argv[1])
t2 = time.perf_counter()
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed():
    app.processEvents()
app.processEvents()
t3 = time.perf_counter()
view = window.findChild(QTableView, "clientList")
rows = view.model().rowCount() if view is not None else -1
print("READY", rows, t1 - t0, t2 - t1, t3 - t2, flush=True)
"""

TARGET_RATIO = 1.5

BARE_CHILD = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
while window.windowHandle() is None or not window.windowHandle().isExposed():
    app.processEvents()
app.processEvents()
print("READY", 0, flush=True)
"""

TIMEOUT_S = 120


def start_once(code: str, env: dict[str, str]) -> tuple[float, int, list[float]]:
    """Seconds from spawning the child to its READY line, the row count and phase times it reported."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, str(BENCH_DB)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline() if child.stdout else ""
        elapsed = time.perf_counter() - started
        if not line.startswith("READY"):
            _, err = child.communicate(timeout=TIMEOUT_S)
            raise RuntimeError(f"the child did not start:\n{err.strip()[-2000:]}")
        fields = line.split()
        rows, phases = int(fields[1]), [float(f) for f in fields[2:]]
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    return elapsed, rows, phases


def app_available() -> str | None:
    """None when neodesk.ui.build_main_window exists, else why not."""
    try:
        from neodesk.ui import build_main_window  # noqa: F401
    except ImportError as exc:
        return f"neodesk.ui.build_main_window is not available yet ({exc})"
    return None


def run(runs: int) -> list[Result]:
    home = tempfile.mkdtemp(prefix="neodesk-bench-start-")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NEODESK_DATA_DIR": home,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    env.pop("NEODESK_COUNSELOR", None)
    size = f"{BENCH_CLIENTS // 1000}k clients, {runs} runs each"
    missing = app_available()
    bare: list[float] = []
    app: list[float] = []
    phases: list[list[float]] = []
    rows = 0
    start_once(BARE_CHILD, env)  # warm-up, untimed
    if missing is None:
        start_once(APP_CHILD, env)
    for n in range(runs):
        bare.append(start_once(BARE_CHILD, env)[0])
        if missing is None:
            seconds, rows, parts = start_once(APP_CHILD, env)
            if rows <= 0:
                raise RuntimeError("the main window showed no clients in clientList")
            app.append(seconds)
            phases.append([seconds - sum(parts), *parts])
        log(f"  start run {n + 1}/{runs}")
    bare_ms = statistics.median(bare) * 1000
    if missing is not None:
        return [Result("cold start to main window with list", size, None, None, bare_ms, "—", None,
                       f"could not measure: {missing}")]
    app_ms = statistics.median(app) * 1000
    return [Result(
        "cold start to main window with list", size, app_ms, percentile(app, 95) * 1000,
        bare_ms, f"≤ {TARGET_RATIO}× bare window", app_ms <= TARGET_RATIO * bare_ms,
        f"app {min(app) * 1000:.0f}-{max(app) * 1000:.0f} ms, bare QMainWindow {min(bare) * 1000:.0f}-"
        f"{max(bare) * 1000:.0f} ms; the list showed {rows} rows (its first page); median app phases: "
        + ", ".join(f"{name} {statistics.median(p[i] for p in phases) * 1000:.0f} ms"
                    for i, name in enumerate(("interpreter start", "imports + QApplication",
                                              "build_main_window", "show until exposed"))),
        baseline_p95=percentile(bare, 95) * 1000,
    )]


def main(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each kind (default 7)")
    parser.add_argument("--clients", type=int, default=BENCH_CLIENTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    bench_database(args.clients).close()
    results = run(args.runs)
    print(format_table(results))
    save_results("start", results)
    return results


if __name__ == "__main__":
    main()

