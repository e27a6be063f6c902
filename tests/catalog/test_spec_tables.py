"""The spec's tables and the code's tables agree: each domain fact is written once in neodesk/catalog/.

The markdown tables of ``shared/spec/`` (beside the repository) are parsed at test time and compared
with the catalog's tables and the rule tables built from them: milestone types (milestones.md), the
certification and value-field mappings (sync-rules.md C/P and M tables), client fields and the new
client's defaults (domain.md "Client"), settings (domain.md "Settings" and the settings other spec
files name). An installed copy has no ``shared/``: these tests skip there, saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk.catalog.certifications import CERTIFICATION_BY_TYPE, CERTIFICATION_DATE_FIELDS, certified_types
from neodesk.catalog.fields import FIELDS_BY_KEY, NEW_CLIENT_DEFAULTS, SYSTEM_FIELDS, Kind
from neodesk.catalog.milestone_types import (
    RENAMED_TYPES,
    STANDARD_TYPES,
    TYPES_BY_CODE,
    VALUE_FIELDS,
    Carries,
    Category,
)
from neodesk.catalog.picklists import label
from neodesk.catalog.settings import ADMINISTRATOR, SETTING_SPECS
from neodesk.sync.client_rules import RULES_BY_ID
from neodesk.sync.milestone_effects import MILESTONE_RULES

SPEC_DIR = Path(__file__).parents[3] / "shared" / "spec"

Row = dict[str, str]


@pytest.fixture(scope="module")
def spec() -> dict[str, str]:
    """Each spec file's text by name ("milestones.md" → its markdown)."""
    if not SPEC_DIR.is_dir():
        pytest.skip(f"the spec is not at {SPEC_DIR} (shared/ sits beside a checkout, not an installed copy)")
    return {path.name: path.read_text(encoding="utf-8") for path in SPEC_DIR.glob("*.md")}


def tables(markdown: str) -> Iterator[tuple[str, list[Row]]]:
    """Every table of a markdown text as (the heading above it, its rows keyed by column title)."""
    heading, lines = "", markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|[\s|:-]+\|", lines[i + 1].strip()):
            titles = _cells(line)
            rows: list[Row] = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(dict(zip(titles, _cells(lines[i].strip()), strict=True)))
                i += 1
            yield heading, rows
            continue
        i += 1


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("|").split("|")]


def table(markdown: str, heading_starts: str) -> list[Row]:
    """The first table under a heading starting with ``heading_starts``."""
    found = [rows for heading, rows in tables(markdown) if heading.startswith(heading_starts)]
    assert found, f"no table under a heading '{heading_starts}…' in the spec"
    return found[0]


def ticked(text: str) -> list[str]:
    """The `code` spans of a cell, in order."""
    return re.findall(r"`([^`]+)`", text)


def rule_row(rows: list[Row], rule_id: str) -> Row:
    """The row of a rule table whose # column is ``rule_id`` (P2 is written "P2 (G)")."""
    return next(row for row in rows if row["#"].split()[0] == rule_id)


# -- milestones.md ---------------------------------------------------------------------------------------------------
def _carries(text: str) -> Carries:
    if text.startswith("count"):
        return Carries.COUNT
    if text.startswith("money (may be negative)"):
        return Carries.SIGNED_MONEY
    if text.startswith("money"):
        return Carries.MONEY
    if text.startswith("detail"):
        return Carries.TEXT
    return Carries.NONE  # "—", "— (date)", "notes required"


def test_standard_milestone_types_are_the_spec_table(spec: dict[str, str]) -> None:
    rows = table(spec["milestones.md"], "Standard types")
    ours = [t for t in STANDARD_TYPES if t.category is not Category.READINESS]
    assert [ticked(row["code"])[0] for row in rows] == [t.code for t in ours]
    for row in rows:
        t = TYPES_BY_CODE[ticked(row["code"])[0]]
        # A release corrected a name to the SBA's spelling; the spec still has the old one.
        assert row["name"] == RENAMED_TYPES.get(t.code, t.name), t.code
        assert _carries(row["carries"]) is t.carries, t.code
        assert (row["in business only"] == "yes") is t.in_business_only, t.code
        assert ("notes required" in row["carries"]) is t.notes_required, t.code
        assert ("optional" in row["carries"] or t.carries is not Carries.TEXT) is t.detail_optional, t.code


def test_readiness_types_are_the_spec_table(spec: dict[str, str]) -> None:
    rows = table(spec["milestones.md"], "Contract Readiness types")
    ours = [t for t in STANDARD_TYPES if t.category is Category.READINESS]
    assert [ticked(row["code"])[0] for row in rows] == [t.code for t in ours]
    for row in rows:
        t = TYPES_BY_CODE[ticked(row["code"])[0]]
        assert row["name"] == t.name
        assert _carries(row["carries"]) is t.carries, t.code
        if bounds := re.search(r"(−?\d+) to (\d+)", row["carries"]):
            assert (t.min_value, t.max_value) == tuple(int(b.replace("−", "-")) for b in bounds.groups())


# -- sync-rules.md: certifications -----------------------------------------------------------------------------------
# "`disadvantage_status` = `8A` / `DBE` / …, `sdb_certification_date` = milestone date"
_SETS_CODES = re.compile(r"^`(\w+)` = ((?:`[^`]+`(?: / )?)+), `(\w+)` = milestone date$")


def test_certification_table_is_the_milestone_to_client_rows(spec: dict[str, str]) -> None:
    rows = table(spec["sync-rules.md"], "Milestone → client")
    seen: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        match = _SETS_CODES.match(row["does to the client"])
        if match is None:
            continue
        key, codes, date_key = match.group(1), ticked(match.group(2)), match.group(3)
        types = ticked(row["a new milestone of type …"])
        assert len(types) == len(codes), row["#"]
        for type_code, code in zip(types, codes, strict=True):
            seen[type_code] = (key, code, date_key)
        # The code's row of the same number reacts to exactly these types.
        [rule] = [r for r in MILESTONE_RULES if r.rule_id == row["#"]]
        assert rule.type_codes == frozenset(types), row["#"]
    ours = {c.milestone_type: (c.field, c.code, c.date_field) for c in CERTIFICATION_BY_TYPE.values()}
    assert seen == ours


def test_certification_table_is_the_client_to_milestone_rows(spec: dict[str, str]) -> None:
    rows = table(spec["sync-rules.md"], "Prompted")
    checked = set()
    for rule_id in ("P5", "P7", "P9"):
        row = rule_row(rows, rule_id)
        key, *codes = ticked(row["when the edit …"])
        types = ticked(row["prompts for"])
        assert dict(zip(codes, types, strict=True)) == certified_types(key), rule_id
        assert ticked(row["dated"]) == [CERTIFICATION_DATE_FIELDS[key]], rule_id
        assert RULES_BY_ID[rule_id].fields == (key,)
        checked.add(key)
    # Veterans' verifications are P6's own rule (a DS client's verification logs VOSB), not the mapping.
    assert checked == set(CERTIFICATION_DATE_FIELDS) - {"veteran_status"}


# -- sync-rules.md: value types ↔ client fields ---------------------------------------------------------------------
def test_value_fields_are_the_growth_rows(spec: dict[str, str]) -> None:
    rows = table(spec["sync-rules.md"], "Prompted")
    growth = [row for row in rows if "(G)" in row["#"]]
    seen = {}
    for row in growth:
        [key] = ticked(row["when the edit …"])
        [type_code] = ticked(row["prompts for"])
        dated = ticked(row["dated"])
        seen[type_code] = (key, dated[0] if dated else None)
        rule = RULES_BY_ID[row["#"].split()[0]]
        assert rule.growth
        assert rule.fields == (key,)
    assert seen == {v.type_code: (v.field, v.date_field) for v in VALUE_FIELDS.values()}


def test_value_fields_are_the_milestone_to_client_amount_rows(spec: dict[str, str]) -> None:
    rows = table(spec["sync-rules.md"], "Milestone → client")
    seen = {}
    for row in rows:
        does = row["does to the client"]
        assigned = re.match(r"^((?:`\w+`(?: / )?)+) = amount", does)
        if assigned is None:
            continue
        types, keys = ticked(row["a new milestone of type …"]), ticked(assigned.group(1))
        dated = re.search(r"`(\w+)` = milestone date", does)
        for type_code, key in zip(types, keys, strict=True):
            seen[type_code] = (key, dated.group(1) if dated else None)
    assert seen == {v.type_code: (v.field, v.date_field) for v in VALUE_FIELDS.values()}


# -- domain.md: client fields ----------------------------------------------------------------------------------------
_KINDS = {
    "date": Kind.DATE,
    "bool": Kind.BOOL,
    "count": Kind.COUNT,
    "money ≥ 0": Kind.MONEY,
    "money, may be negative": Kind.SIGNED_MONEY,
    "integer 0–100": Kind.PERCENT,
}


def test_client_fields_are_the_spec_table(spec: dict[str, str]) -> None:
    rows = table(spec["domain.md"], "Client")
    named: set[str] = set()
    for row in rows:
        keys = ticked(row["key"])
        named.update(keys)
        if len(keys) != 1 or keys[0] in SYSTEM_FIELDS:
            continue
        f = FIELDS_BY_KEY[keys[0]]
        assert row["label"] == f.label, f.key
        if picklist := re.match(r"picklist `(\w+)`", row["type"]):
            assert (f.kind, f.picklist) == (Kind.PICKLIST, picklist.group(1)), f.key
        elif row["type"] in _KINDS:
            assert f.kind is _KINDS[row["type"]], f.key
    ours = {f.key for f in FIELDS_BY_KEY.values() if not f.personal}
    assert named - set(SYSTEM_FIELDS) - {"client_no"} <= set(FIELDS_BY_KEY)  # every spec field exists
    assert ours <= named  # and every non-intake field of ours is the spec's


def test_new_client_defaults_are_the_spec_defaults(spec: dict[str, str]) -> None:
    rows = table(spec["domain.md"], "Client")
    said = {}
    for row in rows:
        if default := re.search(r"(\w[\w ]*) by default", row["notes"]):
            [key] = ticked(row["key"])
            said[key] = default.group(1)
    assert said, "domain.md names no default"
    for key, words in said.items():
        assert label(FIELDS_BY_KEY[key].picklist or "", str(NEW_CLIENT_DEFAULTS[key])) == words, key


# -- settings ----------------------------------------------------------------------------------------------------
def _setting_value(text: str) -> bool | int:
    return {"on": True, "off": False}[text] if text in ("on", "off") else int(text)


def test_settings_table_is_the_spec_table(spec: dict[str, str]) -> None:
    heading, rows = next((h, r) for h, r in tables(spec["domain.md"]) if h.startswith("Settings"))
    assert "administrator only" in heading
    for row in rows:
        [key] = ticked(row["key"])
        ours = SETTING_SPECS[key]
        assert ours.default == _setting_value(row["default"]), key
        assert type(ours.default) is type(_setting_value(row["default"])), key
        if quoted := re.match(r'"([^"]+)"', row["meaning"]):
            assert ours.label == quoted.group(1), key
    assert {spec_row.changed_by for spec_row in SETTING_SPECS.values()} == {ADMINISTRATOR}


def test_every_setting_is_named_by_the_spec(spec: dict[str, str]) -> None:
    """Settings beyond domain.md's table are the ones other spec files name ("setting `time_zone`",
    "`reminder_days` (default 7)")."""
    text = "\n".join(spec.values())
    # A default given in passing ("the setting `followup_minutes`, 15") is the table's too.
    defaults = re.findall(r"setting `(\w+)`, (\d+)\b", text) + re.findall(r"`(\w+)` \(default (\d+)\)", text)
    named = set(re.findall(r"setting `(\w+)`", text)) | {key for key, _ in defaults}
    in_table = {ticked(row["key"])[0] for row in table(spec["domain.md"], "Settings")}
    assert set(SETTING_SPECS) <= named | in_table
    for key, default in defaults:
        assert SETTING_SPECS[key].default == int(default), key
