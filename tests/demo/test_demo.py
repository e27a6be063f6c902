"""The demo generator: deterministic, and every client's record agrees with its milestones and sessions."""

from __future__ import annotations

import argparse
import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from neodesk.catalog.certifications import CERTIFICATIONS as CERTIFICATION_TABLE
from neodesk.catalog.milestone_types import DEFAULT_READINESS_REQUIREMENTS, TYPES_BY_CODE, VALUE_FIELDS
from neodesk.catalog.picklists import PICKLISTS
from neodesk.cli import demo as demo_cli
from neodesk.demo import DemoSummary, generate_demo
from neodesk.models import Client, CounselingSession, Database, Milestone, RevisionCounter, open_database
from neodesk.models.search import SEARCH_FIELDS, client_terms, fold, prefix_upper_bound, words

TODAY = date(2025, 6, 30)
CLIENTS = 200

# Value milestones and the client fields they keep (sync-rules.md M2-M6, M7): field, date field.
VALUE_TYPES = {v.type_code: (v.field, v.date_field) for v in VALUE_FIELDS.values()}
# Certification milestones and the client fields they set (sync-rules.md M8-M12): the catalog's table.
CERTIFICATIONS = {c.milestone_type: (c.field, c.code, c.date_field) for c in CERTIFICATION_TABLE}
CLOSING = {"permanently_closed": "PC", "temporarily_closed": "TC", "sold_business": "SOLD"}


def _open(path: Path) -> Database:
    return open_database(path)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    database = _open(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = generate_demo(database, CLIENTS, seed=11, today=TODAY)
    yield database, summary
    database.close()


@pytest.fixture(scope="module")
def story(
    demo: tuple[Database, DemoSummary],
) -> tuple[list[Client], dict[object, list[Milestone]], dict[object, list[CounselingSession]]]:
    database, _ = demo
    with database.reading() as tx:
        clients = list(tx.scalars(select(Client).order_by(Client.client_no)))
        milestones: dict[object, list[Milestone]] = defaultdict(list)
        for m in tx.scalars(select(Milestone).order_by(Milestone.date)):
            milestones[m.client_id].append(m)
            _ = (m.counselors, m.funding_sources)  # load the links before the session closes
        sessions: dict[object, list[CounselingSession]] = defaultdict(list)
        for s in tx.scalars(select(CounselingSession).order_by(CounselingSession.date)):
            sessions[s.client_id].append(s)
            _ = (s.counselors, s.funding_sources)
    return clients, milestones, sessions


def fingerprint(database: Database) -> str:
    """A hash of what the demo promises to repeat: names, places, amounts and dates (not ids)."""
    digest = hashlib.sha256()
    with database.engine.connect() as conn:
        for row in conn.execute(
            text(
                "SELECT client_no, name, city, zip, company_status, gross_sales, gross_sales_date, profits, "
                "full_time_employees, created_at, last_activity, export_countries, uei FROM client ORDER BY client_no"
            )
        ):
            digest.update(repr(tuple(row)).encode())
        for row in conn.execute(
            text(
                "SELECT c.client_no, m.type_code, m.date, m.amount, m.initial_amount, m.detail FROM milestone m "
                "JOIN client c ON c.id = m.client_id ORDER BY c.client_no, m.date, m.type_code"
            )
        ):
            digest.update(repr(tuple(row)).encode())
        for row in conn.execute(
            text(
                "SELECT c.client_no, s.date, s.counseling_area, s.contact_minutes FROM counseling_session s "
                "JOIN client c ON c.id = s.client_id ORDER BY c.client_no, s.date, s.counseling_area, s.contact_minutes"
            )
        ):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def test_same_seed_and_day_give_the_same_data(tmp_path: Path) -> None:
    prints = []
    for n, seed in enumerate((5, 5, 6)):
        database = _open(tmp_path / f"run{n}.sqlite3")
        generate_demo(database, 60, seed, today=TODAY)
        prints.append(fingerprint(database))
        database.close()
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_a_second_run_adds_clients_numbered_after_the_first(tmp_path: Path) -> None:
    database = _open(tmp_path / "twice.sqlite3")
    first = generate_demo(database, 25, 1, today=TODAY)
    second = generate_demo(database, 25, 1, today=TODAY)
    with database.reading() as tx:
        numbers = list(tx.scalars(select(Client.client_no).order_by(Client.client_no)))
        counter = tx.scalars(select(RevisionCounter.value)).one()
    database.close()
    assert (first.first_client_no, first.last_client_no) == (1, 25)
    assert (second.first_client_no, second.last_client_no) == (26, 50)
    assert numbers == list(range(1, 51))
    assert first.counselors_added == 6
    assert second.counselors_added == 0
    assert first.funding_sources_added == 4
    assert second.funding_sources_added == 0
    assert second.first_revision == first.last_revision + 1  # type: ignore[operator]
    assert counter == second.last_revision


def test_summary_counts_what_was_written(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.engine.connect() as conn:
        count = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
            for t in ("client", "milestone", "counseling_session", "client_search", "audit_log")
        }
        demo_audit = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE record_type IN ('client', 'milestone', 'counseling_session')")
        ).scalar_one()
    assert count["client"] == summary.clients == CLIENTS
    assert count["milestone"] == summary.milestones > CLIENTS
    assert count["counseling_session"] == summary.sessions > CLIENTS
    assert count["client_search"] == summary.search_terms
    assert demo_audit == 0  # bulk-loaded sample data is not an edit


def test_the_mix_has_every_kind_of_client(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    statuses = {c.company_status for c in clients}
    assert {"P", "S", "B"} <= statuses
    assert {c.initial_status for c in clients} == {"P", "S", "B"}
    assert any(c.ownership_gender in ("WB", "E", "W") for c in clients)
    assert any(c.veteran_status in ("VO", "SD") for c in clients)
    assert any(c.disadvantage_status in ("DBE", "MBE", "8A", "SC") for c in clients)
    assert any(c.hubzone == "C" for c in clients)
    assert any(c.export_countries for c in clients)
    govcon = [c for c in clients if c.government_contracting]
    assert govcon
    assert any(c.uei and c.cage_code and c.naics_codes for c in govcon)
    assert any(c.dib_ready for c in clients) or any(c.gib_ready for c in clients)
    assert any(
        fold(c.name) != c.name.casefold() or fold(c.contact_last_name or "") != (c.contact_last_name or "").casefold()
        for c in clients
    ), "some names carry accents"
    assert all(c.state in PICKLISTS["state"] for c in clients)
    assert all(c.zip and c.zip[:5].isdigit() for c in clients)
    codes = {m.type_code for ms in milestones.values() for m in ms}
    assert codes <= set(TYPES_BY_CODE)
    assert len(codes) >= 25


def test_newest_value_milestone_is_the_client_value(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    checked = 0
    for client in clients:
        by_type: dict[str, list[Milestone]] = defaultdict(list)
        for m in milestones[client.id]:
            by_type[m.type_code].append(m)
        for code, (field, date_field) in VALUE_TYPES.items():
            series = sorted(by_type.get(code, []), key=lambda m: m.date)
            if not series:
                continue
            assert len({m.date for m in series}) == len(series), "newest must be unambiguous"
            newest = series[-1]
            assert Decimal(getattr(client, field)) == newest.amount, (client.client_no, code)
            if date_field:
                assert getattr(client, date_field) == newest.date, (client.client_no, code)
            for before, after in itertools.pairwise(series):
                assert after.initial_amount == before.amount, (client.client_no, code)
            assert series[0].initial_amount is not None
            checked += 1
    assert checked > CLIENTS // 2


def test_money_is_exact(story: tuple[list[Client], dict, dict]) -> None:
    clients, _, _ = story
    sales = [c.gross_sales for c in clients if c.gross_sales is not None]
    assert sales
    assert all(isinstance(s, Decimal) and s.as_tuple().exponent == -2 for s in sales)
    assert any(s % 1 for s in sales), "some amounts carry cents"


def test_certifications_agree_with_their_milestones(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    seen = 0
    for client in clients:
        created = client.created_at.date()
        certs = [m for m in milestones[client.id] if m.type_code in CERTIFICATIONS]
        for m in certs:
            field, code, date_field = CERTIFICATIONS[m.type_code]
            assert getattr(client, field) == code, (client.client_no, m.type_code)
            assert getattr(client, date_field) == m.date
            seen += 1
        # Conversely, certified while counseled means a milestone; certified before intake means none.
        for field, code, date_field in {(f, c, d) for f, c, d in CERTIFICATIONS.values()}:
            if getattr(client, field) != code:
                continue
            when = getattr(client, date_field)
            assert when is not None, (client.client_no, field)
            has = any(CERTIFICATIONS[m.type_code][1] == code and CERTIFICATIONS[m.type_code][0] == field for m in certs)
            assert has == (when >= created), (client.client_no, field)
    assert seen


def test_business_start_agrees_with_date_established(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    started = 0
    for client in clients:
        ms = milestones[client.id]
        established = [m for m in ms if m.type_code == "business_established"]
        created = client.created_at.date()
        if client.initial_status == "P" and client.date_established:
            started += 1
            assert [m.date for m in established] == [client.date_established]
            assert client.date_established >= created
            same_save = {m.type_code for m in ms if m.date == client.date_established}
            assert same_save & {"change_in_full_time_staff", "change_in_part_time_staff"}
        else:
            assert not established
        if client.initial_status in ("S", "B"):
            assert client.date_established is not None
            assert client.date_established <= created
        if client.company_status == "P":
            assert client.date_established is None
        if client.business_start_impact_date:
            assert [m.date for m in ms if m.type_code == "business_start_impact"] == [client.business_start_impact_date]
        # In-business-only milestones are dated while the client was in business.
        for m in ms:
            if TYPES_BY_CODE[m.type_code].in_business_only:
                assert client.date_established is not None
                assert m.date >= client.date_established
        if client.company_status in ("S", "B"):
            year_ago = date(TODAY.year - 1, TODAY.month, min(TODAY.day, 28 if TODAY.month == 2 else 31))
            assert client.company_status == ("B" if client.date_established < year_ago else "S")
        closing = [m for m in ms if m.type_code in CLOSING]
        if closing:
            assert client.company_status == CLOSING[closing[-1].type_code]
            assert closing[-1].date == max(m.date for m in ms)
    assert started


def test_readiness_flags_agree_with_their_milestones(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    ready_seen = 0
    for client in clients:
        logged: dict[str, date] = {}
        for m in milestones[client.id]:
            logged.setdefault(m.type_code, m.date)
        for goal, requirements in DEFAULT_READINESS_REQUIREMENTS.items():
            flag, when = getattr(client, goal), getattr(client, f"{goal}_date")
            assert flag == (goal in logged), (client.client_no, goal)
            if not flag:
                assert when is None
                continue
            ready_seen += 1
            assert when == logged[goal]
            met = [min(logged[a] for a in alternatives if a in logged) for alternatives in requirements]
            assert when == max(met)
        if "sam_registered" in logged:
            assert [m.detail for m in milestones[client.id] if m.type_code == "sam_registered"] == [client.uei]
            assert client.uei
            assert len(client.uei) == 12
            assert client.uei.isalnum()
        if "cage_assigned" in logged:
            assert client.cage_code
            assert len(client.cage_code) == 5
        if client.naics_codes:
            assert all(len(code) == 6 and code.isdigit() for code in client.naics_codes)
    assert ready_seen


def test_exports_and_legal_form_agree(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, _ = story
    for client in clients:
        ms = milestones[client.id]
        entered = set()
        for m in ms:
            if m.type_code == "entered_new_foreign_markets":
                entered |= set(m.detail.split(", "))
        assert entered <= set(client.export_countries or ())
        if client.export_countries:
            assert client.international_trade in ("Exporter", "Importer/Exporter")
        if client.export_employees is not None:
            assert client.export_employees <= (client.full_time_employees or 0) + (client.part_time_employees or 0)
        forms = [m for m in ms if m.type_code == "changed_legal_form"]
        if forms:
            assert forms[-1].detail == client.organization


def test_dates_span_three_years_and_never_the_future(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, sessions = story
    created = [c.created_at.date() for c in clients]
    assert min(created) >= TODAY - timedelta(days=3 * 365)
    assert max(created) < TODAY
    assert (max(created) - min(created)).days > 2 * 365  # spread, not bunched
    for client in clients:
        start = client.created_at.date()
        ss, ms = sessions[client.id], milestones[client.id]
        assert ss, "every client has at least its intake session"
        assert ss[0].date == start
        assert ss[0].session_type == "Initial/New"
        assert ss[0].contact_minutes >= 1
        days = [s.date for s in ss] + [m.date for m in ms]
        assert all(start <= d <= TODAY for d in days)
        assert client.last_activity == max(days)
        assert client.updated_at >= client.created_at
        for record in [*ss, *ms]:
            assert record.created_at.date() <= TODAY
            assert record.created_at >= client.created_at
        for m in ms:
            if m.attribution_date:
                assert m.date <= m.attribution_date <= TODAY


def test_activity_has_counselors_and_funding(story: tuple[list[Client], dict, dict]) -> None:
    clients, milestones, sessions = story
    counselors, funding = set(), set()
    for client in clients:
        assert client.counselor_id is not None
        for record in [*sessions[client.id], *milestones[client.id]]:
            assert record.counselors
            assert record.funding_sources
            counselors.update(c.email for c in record.counselors)
            funding.update(f.code for f in record.funding_sources)
            assert record.updated_by_id is not None
    assert len(counselors) >= 4
    assert {"SBDC", "APEX"} <= funding


def test_revisions_are_unique_and_increase(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.engine.connect() as conn:
        revisions = [
            r
            for (r,) in conn.execute(
                text(
                    "SELECT revision FROM client UNION ALL SELECT revision FROM milestone "
                    "UNION ALL SELECT revision FROM counseling_session"
                )
            )
        ]
        by_number = [r for (r,) in conn.execute(text("SELECT revision FROM client ORDER BY client_no"))]
        counter = conn.execute(select(RevisionCounter.value)).scalar_one()
        seeded_max = conn.execute(text("SELECT max(revision) FROM milestone_type")).scalar_one()
    assert len(revisions) == len(set(revisions))
    assert min(revisions) == summary.first_revision > seeded_max
    assert max(revisions) == summary.last_revision == counter
    assert by_number == sorted(by_number)


def test_client_search_finds_generated_clients(
    demo: tuple[Database, DemoSummary], story: tuple[list[Client], dict, dict]
) -> None:
    database, _ = demo
    clients, _, _ = story
    with database.engine.connect() as conn:
        stored: dict[str, set[str]] = defaultdict(set)
        for client_id, term in conn.execute(text("SELECT client_id, term FROM client_search")):
            stored[client_id].add(term)
        for client in clients[:50]:
            expected = client_terms(getattr(client, f) for f in SEARCH_FIELDS)
            assert stored[client.id.hex] == expected
            assert client.name_sort == fold(client.name)
            prefix = words(client.name)[0][:3]
            found = {
                row[0]
                for row in conn.execute(
                    text(
                        "SELECT c.client_no FROM client_search s JOIN client c ON c.id = s.client_id "
                        "WHERE s.term >= :lo AND s.term < :hi"
                    ),
                    {"lo": prefix, "hi": prefix_upper_bound(prefix)},
                )
            }
            assert client.client_no in found
        accented = next(
            c for c in clients if any(ch in (c.name + (c.contact_last_name or "") + c.city) for ch in "áéíóúñüçÁÉÍÓÚÑ")
        )
        word = next(
            w
            for w in (accented.name + " " + (accented.contact_last_name or "") + " " + accented.city).split()
            if fold(w) != w.casefold()
        )
        plain = fold(word)[:4]
        hits = conn.execute(
            text("SELECT count(*) FROM client_search WHERE client_id = :id AND term >= :lo AND term < :hi"),
            {"id": accented.id.hex, "lo": plain, "hi": prefix_upper_bound(plain)},
        ).scalar_one()
        assert hits, f"{word!r} is found by {plain!r}"


def test_progress_reports_reach_the_total(tmp_path: Path) -> None:
    database = _open(tmp_path / "progress.sqlite3")
    calls: list[tuple[int, int]] = []
    generate_demo(database, 30, 2, today=TODAY, progress=lambda done, total: calls.append((done, total)))
    database.close()
    assert calls[0] == (0, 30)
    assert calls[-1] == (30, 30)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_refuses_a_negative_count(db: Database) -> None:
    with pytest.raises(ValueError, match="zero or more"):
        generate_demo(db, -1, 1)


def test_cli_demo_command(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    demo_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["demo", "--clients", "12", "--seed", "3"])
    assert args.func(args, db) == 0
    out, err = capsys.readouterr()
    assert "Added 12 demo clients" in out
    assert "100%" in err
    defaults = parser.parse_args(["demo"])
    assert (defaults.clients, defaults.seed) == (500, 1)
    with db.reading() as tx:
        assert tx.scalar(select(func.count()).select_from(Client)) == 12


def test_cli_refuses_a_negative_count(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    demo_cli.register(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["demo", "--clients", "-5"])
    assert exit_info.value.code == 2
    assert "--clients must be zero or more" in capsys.readouterr().err


def test_demo_on_a_new_database_needs_no_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's first command: `neodesk demo` on a new database, nobody named. It adds counselors, then its
    agreements must still be made as the one who ran it (the only counselor before), not refused (exit 1)."""
    from neodesk.cli import run

    monkeypatch.delenv("NEODESK_COUNSELOR")
    assert run(["--db", str(tmp_path / "new.sqlite3"), "demo", "--clients", "20"]) == 0
    out, err = capsys.readouterr()
    assert "Added 20 demo clients" in out
    assert "demo agreements" in out
    assert "Several counselors" not in err
