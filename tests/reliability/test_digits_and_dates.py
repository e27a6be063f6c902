"""Issue 9, point 10: only ASCII digits, and dates within the catalog's range, saying what is wrong.

Before, `zip=١٢٣٤٥`, `naics_codes=١٢٣٤٥٦` (and such digits in numbers and money) and year-0001 dates
were accepted: `str.isdigit()`, the regular expression `\\d` and `int()` take other scripts' digits.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from neodesk.catalog.fields import EARLIEST_DATE, FIELDS_BY_KEY, LATEST_DATE
from neodesk.cli import run
from neodesk.models import Client, open_database
from neodesk.services.activity import SessionInput, validate_counseling_session
from neodesk.services.errors import ValidationFailed
from neodesk.services.validation import Invalid, parse_date, parse_value

TODAY = date(2026, 6, 1)
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
SCRIPTS = {"arabic-indic": ARABIC_INDIC, "devanagari": DEVANAGARI, "fullwidth": FULLWIDTH}

GOOD = {
    "zip": "78701",
    "naics_codes": "541511",
    "fips_code": "48453",
    "full_time_employees": "12",
    "women_ownership_pct": "51",
    "gross_sales": "250000.00",
    "profits": "-1200.50",
    "contact_phone": "(512) 555-0100",
    "date_established": "2020-01-15",
}


@pytest.mark.parametrize("key", sorted(GOOD))
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_other_scripts_digits_are_refused(key: str, script: str) -> None:
    spec = FIELDS_BY_KEY[key]
    assert parse_value(spec, GOOD[key]) is not None  # the ASCII form is taken
    with pytest.raises(Invalid):
        parse_value(spec, GOOD[key].translate(SCRIPTS[script]))


@pytest.mark.parametrize("text", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_dates_outside_the_range_are_refused_with_the_range(text: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_date(text)
    assert str(refused.value) == f"enter a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}."


def test_date_objects_outside_the_range_are_refused_too() -> None:
    with pytest.raises(Invalid):
        parse_date(date(1, 1, 1))
    assert parse_date(date(1900, 1, 1)) == date(1900, 1, 1)
    assert parse_date("2100-12-31") == date(2100, 12, 31)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("2026-02-30", "February 2026 has 28 days."),
        ("2024-02-30", "February 2024 has 29 days."),
        ("2026-04-31", "April 2026 has 30 days."),
        ("2026-13-01", "there is no month 13; enter a date as YYYY-MM-DD."),
        ("2026-1-1", "enter a date as YYYY-MM-DD."),
        ("20260101", "enter a date as YYYY-MM-DD."),  # date.fromisoformat would take it
    ],
)
def test_impossible_dates_say_what_is_wrong(text: str, sentence: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_date(text)
    assert str(refused.value) == sentence


def test_counts_have_a_ceiling() -> None:
    with pytest.raises(Invalid, match="2,147,483,647"):
        parse_value(FIELDS_BY_KEY["full_time_employees"], "99999999999999999999")


def test_session_minutes_take_ascii_digits_only() -> None:
    data = SessionInput(
        date=date(2026, 5, 1),
        contact_type="PH",
        counseling_area="Business Plan",
        contact_minutes="٣٠",
        counselor_ids=(uuid.uuid4(),),
        funding_source_ids=(uuid.uuid4(),),
    )
    with pytest.raises(ValidationFailed) as refused:
        validate_counseling_session(data, TODAY, None)
    assert "contact_minutes" in refused.value.by_key()


@pytest.mark.parametrize(
    "assignment",
    ["zip=١٢٣٤٥", "naics_codes=١٢٣٤٥٦", "date_established=0001-01-01", "full_time_employees=١٢", "gross_sales=١٠٠"],
)
def test_the_cli_refuses_them_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], assignment: str
) -> None:
    db = str(tmp_path / "d.sqlite3")
    code = run(
        [
            "--db",
            db,
            "set",
            "new",
            "name=Digits LLC",
            "company_status=B",
            "date_established=2020-01-01",
            "full_time_employees=3",
            assignment,
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert FIELDS_BY_KEY[assignment.split("=")[0]].label in err
    assert "Traceback" not in err
    check = open_database(Path(db))
    with check.reading() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 0
    check.close()


def test_the_sba_location_code_takes_ascii_digits_only(db) -> None:
    from neodesk.models import Counselor
    from neodesk.services.admin.funding import CodedInput, save_center

    with db.reading() as s:
        admin = s.scalars(select(Counselor.id).where(Counselor.role == "administrator")).first()
    with pytest.raises(ValidationFailed) as refused:
        save_center(db, admin, None, CodedInput("north", "North Center", True, location_code="٤٧١١"))
    assert "location_code" in refused.value.by_key()
