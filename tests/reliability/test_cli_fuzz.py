"""The command line driven in-process with random arguments: every run ends in 0-4, never a traceback or 70.

Values of every field kind (text with control characters, non-ASCII and huge; numbers huge, negative,
`1e5`; dates of year 0001, 10000, 2026-02-30; unknown codes, unknown counselors and clients) go to
`set`, `log`, `client`, `report` and `export`.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neodesk.catalog.fields import CLIENT_FIELDS
from neodesk.catalog.milestone_types import TYPES_BY_CODE
from neodesk.cli import run

FIELD_KEYS = [f.key for f in CLIENT_FIELDS]
TYPE_CODES = sorted(TYPES_BY_CODE)

texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x9F), max_size=20),  # C0/C1 controls
    st.sampled_from(
        [
            "A\tB\x01C\x7fD",
            "Café Ñandú",
            "名前",
            "١٢٣٤٥",
            "x" * 200_000,
            "caf\udce9",
            "",
            " ",
            "'; DROP TABLE client; --",
        ]
    ),
)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e5", "12.5", "-50", "abc", "0", "-0", "1e400", "nan", "inf", "9" * 40, "1,000", "٣"]),
)
dates = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "10000-01-01",
            "2026-02-30",
            "9999-12-31",
            "2026-13-01",
            "yesterday",
            "2026-01-01",
            "1900-01-01",
            "20260101",
            "",
        ]
    ),
    st.dates().map(lambda d: d.isoformat()),
)
codes = st.one_of(st.sampled_from(["ZZ", "maybe", "yes", "no", "true", "S", "P", "", "US", "XX-1"]), texts)
values = st.one_of(texts, numbers, dates, codes)
clients = st.sampled_from(["1", "2", "new", "0", "-1", "999999", "9" * 30, "abc", str(uuid.uuid4()), "caf\udce9"])
counselors = st.sampled_from(["nobody@example.org", str(uuid.uuid4()), "", "a" * 500])


@st.composite
def command(draw: st.DrawFn, out: Path) -> list[str]:
    kind = draw(
        st.sampled_from(
            [
                "set",
                "log",
                "client",
                "report milestones",
                "report impact",
                "export nexus",
                "export bundle",
                "export key",
                "clients",
            ]
        )
    )
    if kind == "set":
        pairs = draw(
            st.lists(
                st.tuples(st.one_of(st.sampled_from(FIELD_KEYS), st.just("nonsense")), values), min_size=1, max_size=4
            )
        )
        return [
            "set",
            draw(clients),
            *[f"{k}={v}" for k, v in pairs],
            "--answer",
            draw(st.sampled_from(["yes", "no", "cancel"])),
        ]
    if kind == "log":
        types = draw(st.lists(st.one_of(st.sampled_from(TYPE_CODES), st.just("NOPE")), min_size=1, max_size=3))
        typed = [f"{t}={draw(numbers)}" if draw(st.booleans()) else t for t in types]
        extra = ["--date", draw(dates)] if draw(st.booleans()) else []
        extra += ["--funding", draw(codes)] if draw(st.booleans()) else []
        extra += ["--followup", f"{draw(codes)}:{draw(texts)}"] if draw(st.booleans()) else []
        extra += ["--notes", draw(texts)] if draw(st.booleans()) else []
        return ["log", draw(clients), *typed, *extra]
    if kind == "client":
        return ["client", draw(clients), "--json"]
    if kind == "report milestones":
        return ["report", "milestones", draw(clients), "--out", str(out / "m.pdf")]
    if kind == "report impact":
        extra = ["--counselor", draw(counselors)] if draw(st.booleans()) else []
        extra += ["--funding", draw(codes)] if draw(st.booleans()) else []
        return ["report", "impact", "--from", draw(dates), "--to", draw(dates), *extra, "--out", str(out / "i.pdf")]
    if kind == "export nexus":
        return ["export", "nexus", "--from", draw(dates), "--to", draw(dates), "--out", str(out / "n.xml")]
    if kind == "export bundle":
        return ["export", "bundle", "--all", "--out", str(out / "b.zip")]
    if kind == "export key":
        return ["export", "key", "--out", str(out / "k.pem")]
    return ["clients", "--search", draw(texts), "--limit", draw(numbers)]


def test_random_command_lines_end_in_an_exit_status_never_a_traceback(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(argv=command(out))
    def check(argv: list[str]) -> None:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = run(["--db", str(demo_db), *argv])
        text = err.getvalue()
        assert code in {0, 1, 2, 3, 4}, (argv, code, text)
        assert "Traceback" not in text, (argv, text)

    check()
    with sqlite3.connect(demo_db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
