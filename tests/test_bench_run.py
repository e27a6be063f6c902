"""bench/run.py runs every benchmark of issue 14 (reports and exchange too) in one table, exit 1 on a miss.

The benchmarks themselves are not run here (they take minutes on the 100,000-client data set): small
stand-in scripts write figures as the real ones do (common.save_results' JSON) or print
bench_reports.py's lines, and run.py's reading of them, its table and its exit status are checked.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

# bench_reports.py's output (its columns padded less: any run of spaces separates them).
REPORT_OUTPUT = """\
case  one Table/DejaVu  paged/Helvetica  paged/DejaVu  neodesk  × one Table  × paged/DejaVu  verdict
client report, 300 milestones  0.177s  0.150s  0.160s  0.185s  1.05×  1.16×  ok
impact report, 10,000 clients  9.370s  2.500s  2.850s  4.190s  0.45×  1.47×  MISSED (limit 10 s)
(median of 5 runs for the client report, 3 for the impact report; target ≤ 1.3× the fair baseline)
"""


@pytest.fixture
def run() -> Iterator[ModuleType]:
    """bench/run.py as a module; the environment and import path it changes (bench/common.py points
    NEODESK_DATA_DIR at bench/data) are put back afterwards."""
    environ, path = dict(os.environ), list(sys.path)
    spec = importlib.util.spec_from_file_location("bench_run_under_test", BENCH / "run.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        os.environ.clear()
        os.environ.update(environ)
        sys.path[:] = path


def figures_script(tmp_path: Path, name: str, rows: list[dict[str, object]], status: int = 0) -> Path:
    """A stand-in benchmark writing `rows` as common.save_results does, into its first argument."""
    script = tmp_path / f"{name}.py"
    payload = {"measured_at": "2026-12-03T22:00:00+00:00", "results": rows}
    script.write_text(
        textwrap.dedent(
            f"""
            import json, sys
            from pathlib import Path
            rows = {rows!r}
            if rows:
                Path(sys.argv[1]).write_text(json.dumps({payload!r}))
            print("its own table")
            sys.exit({status})
            """
        )
    )
    return script


def row(name: str, passed: bool | None, **extra: object) -> dict[str, object]:
    return {
        "benchmark": name,
        "size": "100k clients",
        "median": 5.0,
        "p95": 9.0,
        "baseline": 4.0,
        "target": "p95 ≤ 15 ms",
        "passed": passed,
        "note": "",
        "baseline_p95": 7.0,
        "ratio": 1.25,
        **extra,
    }


def test_every_benchmark_of_the_issue_is_in_the_default_set(run: ModuleType) -> None:
    assert list(run.BENCHMARKS) == ["start", "search", "open", "editor", "list", "cli", "save", "reports", "exchange"]
    exchange = run.BENCHMARKS["exchange"]
    assert [b.script for b in exchange] == ["bench_exchange.py", "bench_exchange.py"]
    assert "--one-core" not in exchange[0].args  # every core, then one
    assert "--one-core" in exchange[1].args
    assert run.BENCHMARKS["reports"][0].printed is run.parse_report_lines  # it prints its table, no JSON
    for benches in run.BENCHMARKS.values():
        for bench in benches:
            assert (BENCH / bench.script).is_file()


def test_the_report_lines_become_rows(run: ModuleType) -> None:
    client, impact = run.parse_report_lines(REPORT_OUTPUT)
    assert client.benchmark == "client report, 300 milestones"
    assert client.median == pytest.approx(185.0)
    assert client.baseline == pytest.approx(160.0)  # the fair baseline: paged table, DejaVu
    assert client.passed is True
    assert "one platypus Table 177 ms" in client.note
    assert impact.passed is False
    assert impact.ratio == pytest.approx(4190 / 2850)
    assert impact.target.endswith("limit 10 s")
    assert run.parse_report_lines("Traceback (most recent call last):\n  boom\n") == []


def test_figures_are_read_only_when_written_by_this_run(run: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"results": [row("list refresh", True)]}))
    written = path.stat().st_mtime
    assert run.read_figures(path, written + 5) is None  # an earlier run's file
    (result,) = run.read_figures(path, written - 5)
    assert (result.benchmark, result.median, result.baseline_p95, result.passed) == ("list refresh", 5.0, 7.0, True)
    path.write_text("{not json")
    assert run.read_figures(path, 0) is None
    assert run.read_figures(tmp_path / "missing.json", 0) is None


def test_a_benchmark_without_figures_is_a_failed_row(
    run: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run, "OUT_DIR", tmp_path)
    crashed = figures_script(tmp_path, "crashes", [], status=70)
    (result,) = run.run_benchmark(run.Benchmark(str(crashed), (str(tmp_path / "crashes.json"),), "crashes"))
    assert result.passed is False
    assert result.note == "exit status 70, no figures"


def test_one_table_and_the_exit_status(
    run: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run, "OUT_DIR", tmp_path)
    monkeypatch.setattr(run, "bench_database", lambda: type("Db", (), {"close": lambda self: None})())
    monkeypatch.setattr(run, "save_results", lambda name, results: tmp_path / f"{name}.json")
    passing = figures_script(tmp_path, "passing", [row("search p95", True), row("no target", None)])
    failing = figures_script(tmp_path, "failing", [row("export wall", True), row("export CPU", False)], status=1)
    reports = tmp_path / "reports.py"
    reports.write_text(f"print({REPORT_OUTPUT.replace('MISSED (limit 10 s)', 'ok (limit 10 s)')!r})\n")

    def bench(script: Path, figures: str) -> object:
        return run.Benchmark(str(script), (str(tmp_path / f"{figures}.json"),), figures)

    monkeypatch.setattr(
        run,
        "BENCHMARKS",
        {
            "search": (bench(passing, "search"),),
            "reports": (run.Benchmark(str(reports), (), "reports", run.parse_report_lines),),
            "exchange": (bench(failing, "exchange"),),
        },
    )
    assert run.main(["--only", "search,reports"]) == 0
    table = capsys.readouterr().out
    assert "search p95" in table
    assert "impact report, 10,000 clients" in table
    assert "FAIL" not in table
    assert run.main([]) == 1  # the default runs them all: the export's CPU time fails
    table = capsys.readouterr().out
    assert table.count("| export CPU") == 1
    assert "FAIL" in table
    with pytest.raises(SystemExit) as usage:
        run.main(["--only", "nothing"])
    assert usage.value.code == 2
