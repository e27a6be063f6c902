"""The stakeholder packet (agreements.md §8) end to end: written for a ready milestone, filled as a PDF
reader would (pypdf), imported with its files; and every refusal of §8: one sentence, nothing written."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from neodesk import attachments as store
from neodesk.cli import run
from neodesk.exchange import keys
from neodesk.models import Database
from neodesk.reports.packet_format import HEADER_FIELD, decode, encode
from neodesk.services.agreements import agreement_definition, agreement_status, create_agreement, milestone_status
from neodesk.services.agreements.answers import review_objective
from neodesk.services.agreements.packets import import_packet, packet_files, write_packet
from neodesk.services.errors import ValidationFailed
from tests.services.agreement_fixtures import TODAY, grant, text
from tests.services.packet_grant import fill, packet_grant

PAYROLL_PDF = b"%PDF-1.4 payroll report Q3\n"


def _objectives(db: Database, code: str = "HIRE5") -> list[dict[str, Any]]:
    shown = agreement_definition(db, "AG-1")
    return next(m for m in shown["milestones"] if m["code"] == code)["objectives"]


def _counts(db_path: Path) -> tuple[int, int, int]:
    """(answers, history rows, audit rows): what a refusal must leave as it was."""
    with sqlite3.connect(db_path) as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("agreement_answer", "agreement_history", "audit_log")
        )


@pytest.fixture
def sent(db: Database, tmp_path: Path) -> Path:
    """AG-1 with its packet for HIRE5 written to tmp_path/out/packet.pdf."""
    packet_grant(db)
    out = tmp_path / "out" / "packet.pdf"
    done = write_packet(db, "AG-1", "HIRE5", out)
    assert done.questions == 6
    return out


def _returned(sent: Path, values: dict[str, str], name: str = "returned.pdf", **files: bytes) -> Path:
    """The packet filled in and saved by the stakeholder, with `files` beside it."""
    folder = sent.parent.parent / "back"
    folder.mkdir(exist_ok=True)
    for file_name, data in files.items():
        (folder / file_name.replace("_", ".")).write_bytes(data)
    path = folder / name
    path.write_bytes(fill(sent.read_bytes(), values))
    return path


FULL = {"q.1.1": "payroll.pdf", "q.1.2": "12", "q.1.3": "/Yes", "q.1.4": "Manufacturing", "q.2.1": "On the job."}


def test_round_trip_saves_the_answers_and_submits_the_objectives(db: Database, sent: Path, tmp_path: Path) -> None:
    attach = tmp_path / "payroll.pdf"
    attach.write_bytes(PAYROLL_PDF)
    back = _returned(sent, FULL)
    done = import_packet(db, back, [attach])
    assert not done.already_imported
    assert done.answered == ("q.1.1", "q.1.2", "q.1.3", "q.1.4", "q.2.1")
    assert done.submitted == (1, 2)
    assert done.files == ("payroll.pdf",)
    assert done.changes
    payroll, training = _objectives(db)
    assert (payroll["status"], training["status"]) == ("submitted", "submitted")
    answers = [q["answer"] for q in payroll["questions"]]
    assert answers[0]["file"]["name"] == "payroll.pdf"
    assert answers[0]["file"]["sha256"] == store.digest(PAYROLL_PDF)
    assert store.load(answers[0]["file"]["sha256"]) == PAYROLL_PDF
    assert [a["value"] for a in answers[1:]] == ["12", "yes", "Manufacturing"]
    assert all(a["packet"] == str(done.packet_id) and a["by"] is None for a in answers)
    assert training["questions"][0]["answer"]["value"] == "On the job."
    history = agreement_definition(db, "AG-1")["history"]
    rows = [h for h in history if h["action"] in ("packet_sent", "packet_import")]
    assert [h["action"] for h in rows] == ["packet_sent", "packet_import"]


def test_the_files_beside_the_form_are_found_without_attach(db: Database, sent: Path) -> None:
    back = _returned(sent, FULL, payroll_pdf=PAYROLL_PDF)
    done = import_packet(db, back)
    assert done.files == ("payroll.pdf",)
    assert _objectives(db)[0]["status"] == "submitted"


def test_the_same_packet_twice_changes_nothing(db: Database, db_path: Path, sent: Path) -> None:
    back = _returned(sent, FULL, payroll_pdf=PAYROLL_PDF)
    import_packet(db, back)
    before = _counts(db_path)
    again = import_packet(db, back)
    assert again.already_imported
    assert again.answered == ()
    assert not again.changes
    assert _counts(db_path) == before


def test_a_copy_saved_again_with_the_same_answers_changes_nothing(db: Database, db_path: Path, sent: Path) -> None:
    import_packet(db, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF))
    before = _counts(db_path)
    resaved = _returned(sent, {**FULL, "q.2.2": ""}, name="resaved.pdf")  # other bytes, the same answers
    done = import_packet(db, resaved)
    assert done.answered == ()
    assert _counts(db_path) == before


def test_a_partly_filled_packet_leaves_the_objective_open(db: Database, sent: Path) -> None:
    done = import_packet(db, _returned(sent, {"q.1.2": "3"}))
    assert done.answered == ("q.1.2", "q.1.3")  # the empty box says "no" in an objective filled in
    assert done.submitted == ()
    payroll = _objectives(db)[0]
    assert payroll["status"] == "open"
    assert payroll["questions"][1]["answer"]["value"] == "3"


def test_a_new_packet_shows_the_answers_given(db: Database, sent: Path, tmp_path: Path) -> None:
    import_packet(db, _returned(sent, {"q.1.2": "3"}))
    second = tmp_path / "second.pdf"
    write_packet(db, "AG-1", "HIRE5", second)
    fields = PdfReader(second).get_fields() or {}
    assert fields["q.1.2"]["/V"] == "3"


# --- refusals: one sentence each, nothing written ---------------------------------------------------


def _refused(db: Database, db_path: Path, pdf: Path, match: str, attach: list[Path] | None = None) -> None:
    before = _counts(db_path)
    with pytest.raises(ValidationFailed, match=match) as caught:
        import_packet(db, pdf, attach or [])
    message = str(caught.value)
    assert message.count(". ") == 0, message  # one sentence
    assert _counts(db_path) == before
    assert not store.folder().exists() or not any(store.folder().iterdir())  # no file kept either


def test_a_broken_signature_is_refused(db: Database, db_path: Path, sent: Path) -> None:
    # Someone edits the hidden header to claim the milestone's new revision: the signature no longer fits.
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    milestone_status(db, "AG-1", ["HIRE5"], "set_ready")
    reader = PdfReader(sent)
    payload = decode(str((reader.get_fields() or {})[HEADER_FIELD]["/V"]), "header")
    with sqlite3.connect(db_path) as conn:
        now = conn.execute("SELECT revision FROM agreement_milestone WHERE code = 'HIRE5'").fetchone()[0]
    forged = re.sub(rb'"revision":[0-9]+', f'"revision":{now}'.encode(), payload)
    assert forged != payload
    writer = PdfWriter(clone_from=reader)
    for ref in writer._root_object["/AcroForm"]["/Fields"]:
        if ref.get_object()["/T"] == HEADER_FIELD:
            ref.get_object()[NameObject("/V")] = TextStringObject(encode(forged))
    tampered = sent.parent / "tampered.pdf"
    with tampered.open("wb") as fh:
        writer.write(fh)
    _refused(db, db_path, _returned(tampered, FULL, payroll_pdf=PAYROLL_PDF), "signature does not match")


def test_a_packet_signed_by_another_desk_is_refused(db: Database, db_path: Path, sent: Path, tmp_path: Path) -> None:
    # The same database opened with another data folder (another desk's key) did not issue it.
    folder = keys.keys_dir()
    folder.rename(tmp_path / "real-keys")
    try:
        keys.desk_identity()  # this "desk" gets a key of its own
        _refused(db, db_path, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF), "signature does not match")
    finally:
        for leftover in folder.iterdir():
            leftover.unlink()
        folder.rmdir()
        (tmp_path / "real-keys").rename(folder)


def test_a_packet_of_another_database_is_refused(db: Database, sent: Path, tmp_path: Path) -> None:
    from neodesk.models import open_database

    other = open_database(tmp_path / "other.sqlite3")
    try:
        packet_grant(other)
        before = _counts(tmp_path / "other.sqlite3")
        with pytest.raises(ValidationFailed, match="issued by another NeoDesk database"):
            import_packet(other, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF))
        assert _counts(tmp_path / "other.sqlite3") == before
    finally:
        other.close()


def test_another_revision_asks_for_a_new_packet(db: Database, db_path: Path, sent: Path) -> None:
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    milestone_status(db, "AG-1", ["HIRE5"], "set_ready")
    _refused(db, db_path, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF), "send a new packet")


def test_a_milestone_no_longer_ready_is_refused(db: Database, db_path: Path, sent: Path) -> None:
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    _refused(db, db_path, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF), "HIRE5 is pending, no longer ready")


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ({"q.1.2": "a dozen"}, r'question 1\.2 \("New hires"\) takes a number'),
        ({"q.2.2": "next week"}, r'question 2\.2 \("Start date"\) takes a date'),
        ({"q.1.4": "Farming"}, r'question 1\.4 \("Sector"\) takes one of'),
    ],
)
def test_an_answer_that_does_not_fit_names_its_question(
    db: Database, db_path: Path, sent: Path, values: dict[str, str], match: str
) -> None:
    _refused(db, db_path, _returned(sent, {**FULL, **values}, payroll_pdf=PAYROLL_PDF), match)


def test_a_choice_written_behind_the_form_is_refused(db: Database, db_path: Path, sent: Path) -> None:
    # A drop-down holds only its options, but a tool can write any value into the field.
    _refused(
        db, db_path, _returned(sent, {**FULL, "q.1.4": "Retail; DROP TABLE"}, payroll_pdf=PAYROLL_PDF), "takes one of"
    )


@pytest.mark.parametrize(
    ("name", "data", "match"),
    [
        ("payroll.exe", b"MZ", r"payroll\.exe is not a type allowed"),
        ("payroll.pdf", b"", r"payroll\.pdf is empty"),
    ],
)
def test_a_file_breaking_the_limits_is_refused(
    db: Database, db_path: Path, sent: Path, tmp_path: Path, name: str, data: bytes, match: str
) -> None:
    attach = tmp_path / name
    attach.write_bytes(data)
    _refused(db, db_path, _returned(sent, {**FULL, "q.1.1": name}), match, [attach])


def test_a_file_too_large_is_refused(db: Database, db_path: Path, sent: Path, tmp_path: Path) -> None:
    attach = tmp_path / "payroll.pdf"
    with attach.open("wb") as fh:
        fh.truncate(25 * 1024 * 1024 + 1)  # sparse: no 25 MB written
    _refused(db, db_path, _returned(sent, FULL), "more than the 25 MB allowed", [attach])


def test_a_file_name_with_a_folder_part_is_refused(db: Database, db_path: Path, sent: Path) -> None:
    _refused(db, db_path, _returned(sent, {**FULL, "q.1.1": "../secret.pdf"}), "has a folder part")


def test_a_named_file_not_attached_is_refused(db: Database, db_path: Path, sent: Path) -> None:
    _refused(db, db_path, _returned(sent, FULL), r"payroll\.pdf is named in the form but was not attached")


def test_an_attached_file_the_form_does_not_name_is_refused(
    db: Database, db_path: Path, sent: Path, tmp_path: Path
) -> None:
    (tmp_path / "payroll.pdf").write_bytes(PAYROLL_PDF)
    (tmp_path / "extra.csv").write_bytes(b"a,b\n")
    _refused(
        db,
        db_path,
        _returned(sent, FULL),
        r"extra\.csv was attached, but the form names no such file",
        [tmp_path / "payroll.pdf", tmp_path / "extra.csv"],
    )


def test_a_file_that_is_not_a_packet_is_refused(db: Database, db_path: Path, sent: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nnot a form")
    _refused(db, db_path, junk, "not a readable PDF form")


def test_changed_questions_ask_for_a_new_packet(db: Database, db_path: Path, sent: Path) -> None:
    from sqlalchemy import select

    from neodesk.models import AgreementQuestion

    with db.unit_of_work() as tx:  # behind the services' back: the question the packet names is gone
        question = tx.scalars(select(AgreementQuestion).where(AgreementQuestion.prompt == "New hires")).one()
        question.objective.questions.remove(question)
    with sqlite3.connect(db_path) as conn:
        revision = conn.execute("SELECT revision FROM agreement_milestone WHERE code = 'HIRE5'").fetchone()[0]
    assert revision  # the milestone row itself did not change
    _refused(db, db_path, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF), "questions of HIRE5 have changed")


# --- sending refusals --------------------------------------------------------------------------------


def test_a_packet_is_sent_for_a_ready_milestone_with_objectives(db: Database, tmp_path: Path) -> None:
    packet_grant(db)
    out = tmp_path / "p.pdf"
    with pytest.raises(ValidationFailed, match="MIDYEAR has no objectives"):
        write_packet(db, "AG-1", "MIDYEAR", out)
    milestone_status(db, "AG-1", ["HIRE5"], "set_pending")
    with pytest.raises(ValidationFailed, match="HIRE5 is pending: a packet is sent for a ready milestone"):
        write_packet(db, "AG-1", "HIRE5", out)
    milestone_status(db, "AG-1", ["HIRE5"], "set_ready")
    agreement_status(db, "AG-1", "suspend", reason="audit")
    with pytest.raises(ValidationFailed, match="AG-1 is suspended: packets are sent for active agreements"):
        write_packet(db, "AG-1", "HIRE5", out)
    assert not out.exists()


# --- the command line --------------------------------------------------------------------------------


def test_cli_packet_and_packet_import(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet_grant(db)
    out = tmp_path / "packet.pdf"
    assert run(["--db", str(db_path), "agreement", "packet", "AG-1", "HIRE5", "--out", str(out)]) == 0
    assert "6 question(s)" in capsys.readouterr().out
    attach = tmp_path / "payroll.pdf"
    attach.write_bytes(PAYROLL_PDF)
    back = tmp_path / "back.pdf"
    back.write_bytes(fill(out.read_bytes(), FULL))
    argv = ["--db", str(db_path), "agreement", "packet-import", str(back), "--attach", str(attach)]
    assert run(argv) == 0
    said = capsys.readouterr().out
    assert said.splitlines()[0] == (
        "Imported back.pdf for AG-1/HIRE5: answers to 1.1, 1.2, 1.3, 1.4, 2.1; kept payroll.pdf; "
        "objective(s) 1, 2 submitted for review."
    )
    assert "Processed as of" in said  # §3: a processing run follows the answers
    assert run(argv) == 0
    assert "imported before; nothing changed" in capsys.readouterr().out


def test_cli_refusal_is_one_line_and_exit_1(
    db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet_grant(db)
    out = tmp_path / "packet.pdf"
    assert run(["--db", str(db_path), "agreement", "packet", "AG-1", "HIRE5", "--out", str(out)]) == 0
    back = tmp_path / "back.pdf"
    back.write_bytes(fill(out.read_bytes(), {**FULL, "q.1.2": "lots"}))
    (tmp_path / "payroll.pdf").write_bytes(PAYROLL_PDF)  # beside the form
    capsys.readouterr()
    assert run(["--db", str(db_path), "agreement", "packet-import", str(back)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["neodesk: question 1.2 (\"New hires\") takes a number, not 'lots'"]


def test_cli_packet_refuses_writing_over_the_database(
    db: Database, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    packet_grant(db)
    assert run(["--db", str(db_path), "agreement", "packet", "AG-1", "HIRE5", "--out", str(db_path)]) == 1
    assert "never writes over a database" in capsys.readouterr().err


def test_a_center_agreement_packet_names_the_center(db: Database, tmp_path: Path) -> None:
    data = grant(None, contact_email="funder@example.org")
    data["milestones"][0]["objectives"] = [
        {"title": "Report", "questions": [{"prompt": "Businesses started", "kind": "number"}]}
    ]
    data["milestones"][0]["due"] = (TODAY + timedelta(days=30)).isoformat()
    create_agreement(db, text(data))
    done = write_packet(db, "AG-1", "HIRE5", tmp_path / "center.pdf")
    assert done.questions == 1


def test_an_accepted_objective_comes_read_only_and_stays_as_it_is(db: Database, sent: Path, tmp_path: Path) -> None:
    import_packet(db, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF))
    review_objective(db, "AG-1", "HIRE5", 2, "accept")  # the packet answered it, so anyone may accept it
    second = tmp_path / "second.pdf"
    write_packet(db, "AG-1", "HIRE5", second)
    fields = PdfReader(second).get_fields() or {}
    assert int(fields["q.2.1"].get("/Ff", 0)) & 1  # read-only
    assert fields["q.2.1"]["/V"] == "On the job."
    assert not int(fields["q.1.2"].get("/Ff", 0)) & 1
    done = import_packet(db, _returned(second, {"q.1.2": "13"}, name="second-back.pdf"))
    assert done.answered == ("q.1.2",)
    payroll, training = _objectives(db)
    assert (payroll["status"], training["status"]) == ("submitted", "accepted")
    assert payroll["questions"][1]["answer"]["value"] == "13"


def test_packet_files_says_what_the_form_names_and_what_is_beside_it(db: Database, sent: Path) -> None:
    back = _returned(sent, {**FULL, "q.1.1": "payroll.pdf"}, name="files.pdf")
    files = packet_files(db, back)
    assert (files.agreement, files.milestone, files.named, files.beside) == ("AG-1", "HIRE5", ("payroll.pdf",), ())
    (back.parent / "payroll.pdf").write_bytes(PAYROLL_PDF)
    assert packet_files(db, back).beside == ("payroll.pdf",)


def test_a_new_file_under_the_same_name_replaces_the_old_one(db: Database, sent: Path) -> None:
    import_packet(db, _returned(sent, FULL, payroll_pdf=PAYROLL_PDF))
    corrected = b"%PDF-1.4 payroll report Q3, corrected\n"
    done = import_packet(db, _returned(sent, FULL, name="again.pdf", payroll_pdf=corrected))
    assert done.answered == ("q.1.1",)
    answer = _objectives(db)[0]["questions"][0]["answer"]
    assert answer["file"]["sha256"] == store.digest(corrected)
