"""Issue 9, point 7: a signed bundle with values no desk accepts is refused whole, nothing written.

Before, the central office stored money `12.5` as $1.25, `1e5` as $0.01, `abc` as 0, `-50` employees,
unknown codes, `active=maybe` as false and impossible dates, and a non-object manifest.json crashed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk.cli import run
from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import Database, open_database
from tests.exchange.central_snapshots import snapshot
from tests.reliability.tampered_bundles import read_csv, record_counts, resign, with_value, write_csv


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    desk = open_database(tmp_path / "desk.sqlite3")
    generate_demo(desk, 4, 5)
    path = export_bundle(desk, tmp_path / "b.zip").path
    desk.close()
    return path


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return export_key(tmp_path / "desk.pem")


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "central.sqlite3")
    yield db
    db.close()


BAD_VALUES = [
    ("client.csv", "gross_sales", "12.5"),
    ("client.csv", "gross_sales", "1e5"),
    ("client.csv", "gross_sales", "abc"),
    ("client.csv", "gross_sales", "-5.00"),  # revenue is never negative
    ("client.csv", "profits", "99999999999999.00"),  # above the desk's largest amount
    ("client.csv", "full_time_employees", "-50"),
    ("client.csv", "full_time_employees", "١٢"),
    ("client.csv", "women_ownership_pct", "101"),
    ("client.csv", "state", "ZZ"),
    ("client.csv", "company_status", "XX"),
    ("client.csv", "active", "maybe"),
    ("client.csv", "date_established", "2026-02-30"),
    ("client.csv", "date_established", "0001-01-01"),
    ("client.csv", "zip", "١٢٣٤٥"),
    ("client.csv", "naics_codes", '["١٢٣٤٥٦"]'),
    ("client.csv", "naics_codes", "541511"),  # not the JSON array the export writes
    ("client.csv", "export_countries", '["Atlantis"]'),
    ("client.csv", "name", "A\tB\x01C\x7fD"),
    ("client.csv", "contact_email", "not an address"),
    ("client.csv", "id", "not-a-uuid"),
    ("client.csv", "revision", "1.5"),
    ("client.csv", "updated_at", "yesterday"),
    ("counseling_session.csv", "contact_type", "ZZ"),
    ("counseling_session.csv", "contact_minutes", "-5"),
    ("counseling_session.csv", "attendees", "0"),
    ("counseling_session.csv", "date", "2026-13-01"),
    ("counseling_session.csv", "notes", "x" * 20_001),
    ("counseling_session.csv", "subject", "one\nline"),
    ("milestone.csv", "type_code", "no_such_type"),
    ("milestone.csv", "amount", "1e5"),
    ("milestone.csv", "origin", "hacked"),
    ("counselor.csv", "name", "Ann\x00"),
]


@pytest.mark.parametrize(
    ("member", "column", "value"),
    BAD_VALUES,
    ids=[f"{m.removesuffix('.csv')}.{c}={v[:12]!r}" for m, c, v in BAD_VALUES],
)
def test_a_bad_value_refuses_the_whole_bundle(
    bundle: Path, key: Path, central: Database, tmp_path: Path, member: str, column: str, value: str
) -> None:
    bad = resign(bundle, tmp_path / "bad.zip", {member: with_value(bundle, member, column, value)})
    with pytest.raises(BundleRefused) as refused:
        import_bundle(central, bad, trust=key)
    message = str(refused.value)
    assert re.search(rf"{re.escape(member)} row 1 \((client \d+|id [0-9a-f-]{{36}})\), column {column}\b", message)
    assert repr(value if len(value) <= 40 else value[:37] + "...") in message
    assert "nothing was imported" in message
    assert record_counts(central) == (0, 0, 0, 0)


def test_the_same_bundle_unchanged_imports(bundle: Path, key: Path, central: Database, tmp_path: Path) -> None:
    same = resign(bundle, tmp_path / "same.zip", {})  # re-signed, values as the desk wrote them
    result = import_bundle(central, same, trust=key)
    assert result.applied["client"] == 4
    assert record_counts(central)[0] == 4


def test_a_bad_bundle_leaves_a_filled_central_database_unchanged(
    bundle: Path, key: Path, central: Database, tmp_path: Path
) -> None:
    import_bundle(central, bundle, trust=key)
    before = snapshot(central)
    rows = read_csv(bundle, "client.csv")
    at = rows[0].index("revision"), rows[0].index("gross_sales")
    for row in rows[1:]:  # newer revisions, so that the merge would take them
        row[at[0]] = str(int(row[at[0]]) + 100)
    rows[2][at[1]] = "12.5"
    bad = resign(bundle, tmp_path / "bad.zip", {"client.csv": write_csv(rows)})
    with pytest.raises(BundleRefused, match=r"client\.csv row 2 \(client \d+\), column gross_sales"):
        import_bundle(central, bad)
    assert snapshot(central) == before


def test_many_problems_list_the_first_five_and_count_the_rest(
    bundle: Path, key: Path, central: Database, tmp_path: Path
) -> None:
    rows = read_csv(bundle, "client.csv")
    columns = ("gross_sales", "full_time_employees")
    for row in rows[1:]:
        for column in columns:
            row[rows[0].index(column)] = "-1"
    bad = resign(bundle, tmp_path / "bad.zip", {"client.csv": write_csv(rows)})
    with pytest.raises(BundleRefused) as refused:
        import_bundle(central, bad, trust=key)
    message = str(refused.value)
    assert message.startswith("The bundle holds 8 values no desk accepts; nothing was imported.")
    assert message.count("client.csv row") == 5
    assert message.endswith("And 3 more.")


@pytest.mark.parametrize("manifest", [[], "x", None, 7, {"format": "neodesk-bundle"}])
def test_a_manifest_that_is_not_the_desks_object_is_refused_in_one_sentence(
    bundle: Path, key: Path, central: Database, tmp_path: Path, manifest: object
) -> None:
    bad = resign(bundle, tmp_path / "bad.zip", {}, manifest=manifest)
    with pytest.raises(BundleRefused) as refused:
        import_bundle(central, bad, trust=key)
    assert "manifest" in str(refused.value)
    assert str(refused.value).count(".") >= 1
    assert record_counts(central) == (0, 0, 0, 0)


def test_the_cli_refuses_with_exit_1_and_names_the_value(
    bundle: Path, key: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = resign(bundle, tmp_path / "bad.zip", {"client.csv": with_value(bundle, "client.csv", "active", "maybe")})
    central = str(tmp_path / "cli-central.sqlite3")
    assert run(["--db", central, "import", "bundle", str(bad), "--trust", str(key)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"client\.csv row 1 \(client \d+\), column active, value 'maybe': enter true or false\.", err)
    assert "Traceback" not in err


def test_a_note_far_over_every_limit_is_refused_naming_member_and_row(
    bundle: Path, key: Path, central: Database, tmp_path: Path
) -> None:
    # The 144,000-character note that made Python's csv module fail the whole import ("field larger
    # than field limit") is now refused with a report, before anything is written.
    long_note = "word " * 28_800
    bad = resign(
        bundle, tmp_path / "bad.zip", {"milestone.csv": with_value(bundle, "milestone.csv", "notes", long_note, row=2)}
    )
    with pytest.raises(
        BundleRefused,
        match=r"milestone\.csv row 2, column \*, value '': a value is longer than "
        r"the 20,000 characters any field takes",
    ):
        import_bundle(central, bad, trust=key)
    assert record_counts(central) == (0, 0, 0, 0)


# The agreements members (merged after point 7) carry codes too: a status no desk has must not reach the
# central office, where `agreements` would list it and processing would skip the agreement without a word.
BAD_AGREEMENT_CODES = [
    ("agreement.csv", "status", "bogus"),
    ("agreement_milestone.csv", "status", "done-ish"),
    ("agreement_milestone.csv", "require", "most"),
    ("agreement_condition.csv", "kind", "magic"),
    ("agreement_condition.csv", "status", "maybe"),
    ("agreement_event.csv", "kind", "gift"),
    ("agreement_event.csv", "status", "lost"),
    ("agreement_payment.csv", "method", "barter"),
]


@pytest.fixture
def agreements_bundle(tmp_path: Path) -> Path:
    from neodesk.services.agreements.demo import add_demo_agreements

    folder = tmp_path / "agreements-desk"
    folder.mkdir()
    desk = open_database(folder / "desk.sqlite3")
    generate_demo(desk, 20, 5)
    assert add_demo_agreements(desk, 5).created
    path = export_bundle(desk, folder / "b.zip").path
    desk.close()
    return path


@pytest.mark.parametrize(("member", "column", "value"), BAD_AGREEMENT_CODES)
def test_an_agreement_code_no_desk_has_refuses_the_whole_bundle(
    agreements_bundle: Path, key: Path, central: Database, tmp_path: Path, member: str, column: str, value: str
) -> None:
    bad = resign(
        agreements_bundle, tmp_path / "bad.zip", {member: with_value(agreements_bundle, member, column, value)}
    )
    with pytest.raises(BundleRefused) as refused:
        import_bundle(central, bad, trust=key)
    message = str(refused.value)
    assert f"{member} row 1" in message
    assert f"column {column}, value {value!r}" in message
    assert record_counts(central) == (0, 0, 0, 0)


def test_the_agreements_bundle_unchanged_imports(agreements_bundle: Path, key: Path, central: Database) -> None:
    import_bundle(central, agreements_bundle, trust=key)
    assert record_counts(central)[0] == 20
