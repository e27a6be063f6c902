"""`email_draft` and `calendar_file` (agreements.md §7) and their commands `agreement email|calendar`:
the files read back with email.parser and icalendar; refusals are one sentence, no file written."""

from __future__ import annotations

import json
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import select

from neodesk.cli import run
from neodesk.models import AgreementMilestone, Database
from neodesk.services.agreements import create_agreement, milestone_status
from neodesk.services.agreements.packets import write_packet
from neodesk.services.agreements.stakeholder import calendar_file, drafts_dir, email_draft
from neodesk.services.errors import ValidationFailed
from tests.services.agreement_fixtures import TODAY, add_client, grant, text
from tests.services.packet_grant import packet_grant


def test_the_draft_lists_open_milestones_and_what_is_missing(db: Database, tmp_path: Path) -> None:
    packet_grant(db)
    done = email_draft(db, "AG-1", tmp_path / "draft.eml")
    assert done.to == "jane.roe@fargo.example"
    assert done.milestones == 3
    message = BytesParser(policy=policy.default).parsebytes(done.path.read_bytes())
    assert message["To"].addresses[0].addr_spec == "jane.roe@fargo.example"
    assert message["Subject"] == "AG-1 Job creation grant: what is due"
    body = message.get_body().get_content()  # type: ignore[union-attr]
    due = (TODAY + timedelta(days=5)).isoformat()
    assert f"HIRE5: Five new full-time jobs, due {due} (in 5 days)." in body
    assert "1. Payroll evidence (open). Still missing: Payroll report for Q3; New hires." in body
    assert "2. Training plan (open). Still missing: Describe the training." in body
    assert "MIDYEAR: Half way, was due" in body
    # Due first: the overdue milestone comes before the one due in five days.
    assert body.index("MIDYEAR") < body.index("HIRE5") < body.index("SIGNOFF")


def test_the_draft_goes_to_the_drafts_folder_when_no_file_is_named(db: Database) -> None:
    packet_grant(db)
    done = email_draft(db, "AG-1")
    assert done.path.parent == drafts_dir()
    assert done.path.name == f"AG-1-{TODAY.isoformat()}.eml"
    assert done.path.is_file()


def test_no_contact_email_is_refused_and_no_file_written(db: Database, tmp_path: Path) -> None:
    create_agreement(db, text(grant(add_client(db))))
    with pytest.raises(ValidationFailed, match="AG-1 has no contact email"):
        email_draft(db, "AG-1", tmp_path / "draft.eml")
    assert not (tmp_path / "draft.eml").exists()


def test_calendar_has_one_event_per_due_milestone_with_stable_uids(db: Database, tmp_path: Path) -> None:
    packet_grant(db)
    first = calendar_file(db, "AG-1", tmp_path / "a.ics")
    assert first.events == 2
    cal = Calendar.from_ical(first.path.read_bytes())
    events = {str(e["summary"]).split(" due:")[0]: e for e in cal.walk("VEVENT")}
    assert set(events) == {"AG-1 HIRE5", "AG-1 MIDYEAR"}
    with db.reading() as tx:
        hire = tx.scalars(select(AgreementMilestone).where(AgreementMilestone.code == "HIRE5")).one()
    assert events["AG-1 HIRE5"]["dtstart"].dt == TODAY + timedelta(days=5)
    assert str(events["AG-1 HIRE5"]["uid"]) == f"{hire.id}@neodesk"
    assert "Payroll evidence" in str(events["AG-1 HIRE5"]["description"])
    # A change to the milestone: the same UIDs, a higher SEQUENCE, so a re-import updates.
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    later = Calendar.from_ical(calendar_file(db, "AG-1", tmp_path / "b.ics").path.read_bytes())
    before = {str(e["uid"]): int(e["sequence"]) for e in cal.walk("VEVENT")}
    after = {str(e["uid"]): int(e["sequence"]) for e in later.walk("VEVENT")}
    assert set(before) == set(after)
    changed = [uid for uid in before if after[uid] > before[uid]]
    assert len(changed) == 1


def test_calendar_without_due_dates_is_refused(db: Database, tmp_path: Path) -> None:
    create_agreement(db, text(grant(add_client(db))))
    with pytest.raises(ValidationFailed, match="no milestone with a due date"):
        calendar_file(db, "AG-1", tmp_path / "x.ics")
    assert not (tmp_path / "x.ics").exists()


def test_cli_email_and_calendar(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet_grant(db)
    eml, ics = tmp_path / "to-jane.eml", tmp_path / "due.ics"
    assert run(["--db", str(db_path), "agreement", "email", "AG-1", "--out", str(eml)]) == 0
    assert "jane.roe@fargo.example" in capsys.readouterr().out
    assert BytesParser(policy=policy.default).parsebytes(eml.read_bytes())["X-Unsent"] == "1"
    assert run(["--db", str(db_path), "agreement", "calendar", "AG-1", "--out", str(ics)]) == 0
    assert "2 due date(s)" in capsys.readouterr().out
    assert len(Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == 2


def test_cli_refuses_writing_over_the_database(db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    packet_grant(db)
    size = db_path.stat().st_size
    assert run(["--db", str(db_path), "agreement", "calendar", "AG-1", "--out", str(db_path)]) == 1
    assert "never writes over a database" in capsys.readouterr().err
    assert db_path.stat().st_size == size


def test_cli_refusal_is_one_sentence(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_agreement(db, json.dumps(grant(add_client(db))))
    assert run(["--db", str(db_path), "agreement", "email", "AG-1", "--out", str(tmp_path / "x.eml")]) == 1
    assert not (tmp_path / "x.eml").exists()
    err = capsys.readouterr().err
    assert err.strip() == "neodesk: agreement AG-1 has no contact email: add the stakeholder's e-mail address first"


def test_the_packet_goes_with_the_draft(db: Database, tmp_path: Path) -> None:
    packet_grant(db)
    packet = tmp_path / "AG-1-HIRE5.pdf"
    write_packet(db, "AG-1", "HIRE5", packet)
    done = email_draft(db, "AG-1", tmp_path / "draft.eml", packets=[packet])
    message = BytesParser(policy=policy.default).parsebytes(done.path.read_bytes())
    attached = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert [a.get_filename() for a in attached] == ["AG-1-HIRE5.pdf"]
    assert attached[0].get_content() == packet.read_bytes()
    assert "Attached: AG-1-HIRE5.pdf, a form to fill in." in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_only_a_pdf_goes_with_the_draft(db: Database, tmp_path: Path) -> None:
    packet_grant(db)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    with pytest.raises(ValidationFailed, match=r"notes\.txt is not a PDF"):
        email_draft(db, "AG-1", tmp_path / "draft.eml", packets=[notes])
    assert not (tmp_path / "draft.eml").exists()
