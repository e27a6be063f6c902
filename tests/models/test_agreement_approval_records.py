"""Objective and approval records (agreements.md §5–§7): tracked like the other agreement records, and
migration 0008 adds them to a 0007 database keeping its data (and its downgrade keeps 0007's data)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, text

from neodesk.models import (
    Agreement,
    AgreementAnswer,
    AgreementApproval,
    AgreementHistory,
    AgreementMilestone,
    AgreementObjective,
    AgreementQuestion,
    ApprovalGroup,
    AuditEntry,
    Counselor,
    Database,
    Tombstone,
)
from neodesk.models.agreements import HistoryIsAppendOnly
from neodesk.models.database import APPLICATION_ID, alembic_config, create_store_engine, open_database


def _agreement() -> Agreement:
    return Agreement(
        number="AG-1",
        title="Grant",
        kind="grant",
        amount=Decimal("1000.00"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        status="active",
    )


def test_objectives_questions_answers_groups_and_approvals_are_tracked(db: Database) -> None:
    with db.unit_of_work() as s:
        me = s.scalars(select(Counselor)).first()
        assert me is not None
        agreement = _agreement()
        milestone = AgreementMilestone(code="M1", position=1, approval=("Program",))
        objective = AgreementObjective(title="Payroll evidence", position=1)
        question = AgreementQuestion(prompt="Payroll report", kind="choice", options=("a", "b"), position=1)
        question.answers.append(
            AgreementAnswer(value="a", answered_by_id=me.id, file_sha256=None, file_name=None, file_size=None)
        )
        objective.questions.append(question)
        milestone.objectives.append(objective)
        milestone.approvals.append(AgreementApproval(group_name="Program", decision="approve", counselor_id=me.id))
        agreement.milestones.append(milestone)
        group = ApprovalGroup(name="Program", rule="any")
        group.members.append(me)
        s.add_all([agreement, group])
    with db.reading() as s:
        m = s.scalars(select(AgreementMilestone)).one()
        assert (m.approval_round, m.resubmission_requested) == (1, False)
        o = m.objectives[0]
        assert (o.status, o.required, o.questions[0].options) == ("open", True, ("a", "b"))
        assert o.questions[0].answers[0].value == "a"
        assert m.approvals[0].round == 1
        g = s.scalars(select(ApprovalGroup)).one()
        assert [c.email for c in g.members]
        assert g.revision > 0
        kinds = {r.record_type for r in s.scalars(select(AuditEntry))}
        assert {"agreement_objective", "agreement_question", "agreement_answer", "approval_group"} <= kinds
        assert {"agreement_approval"} <= kinds
    with db.unit_of_work() as s:
        s.delete(s.scalars(select(AgreementAnswer)).one())
    with db.reading() as s:
        assert s.scalars(select(Tombstone.record_type)).all() == ["agreement_answer"]


def _insert_0007_agreement(conn: object) -> None:
    run = conn.execute  # type: ignore[attr-defined]
    run(
        text(
            "INSERT INTO agreement (id, number, title, kind, amount, start_date, end_date, status, created_at,"
            " updated_at, revision) VALUES ('11111111111111111111111111111111', 'AG-7', 'Old grant', 'grant', 100000,"
            " '2026-01-01', '2026-12-31', 'active', '2026-01-01', '2026-01-01', 3)"
        )
    )
    run(
        text(
            "INSERT INTO agreement_milestone (id, agreement_id, code, description, financial, require, status,"
            " position, created_at, updated_at, revision) VALUES ('22222222222222222222222222222222',"
            " '11111111111111111111111111111111', 'M1', 'Hire', 1, 'all', 'ready', 1, '2026-01-01', '2026-01-01', 4)"
        )
    )
    run(
        text(
            "INSERT INTO agreement_history (id, agreement_id, record_type, record_id, label, action, recorded_at,"
            " created_at, updated_at, revision) VALUES ('33333333333333333333333333333333',"
            " '11111111111111111111111111111111', 'agreement', '11111111111111111111111111111111', 'AG-7', 'create',"
            " '2026-01-01', '2026-01-01', '2026-01-01', 5)"
        )
    )


def test_upgrade_from_0007_keeps_agreements_and_fills_the_new_columns(db_path: Path) -> None:
    from alembic import command

    engine = create_store_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        _insert_0007_agreement(conn)
    engine.dispose()
    db = open_database(db_path)
    try:
        with db.reading() as s:
            m = s.scalars(select(AgreementMilestone)).one()
            assert (m.code, m.status, m.description) == ("M1", "ready", "Hire")
            assert (m.approval_round, m.resubmission_requested, m.objectives) == (1, False, [])
            assert s.scalars(select(AgreementHistory.packet_hash)).one() is None
            assert s.scalars(select(Agreement.amount)).one() == Decimal("1000.00")
    finally:
        db.close()


def test_downgrade_to_0007_keeps_the_agreements(db_path: Path) -> None:
    from alembic import command

    db = open_database(db_path)
    db.close()
    engine = create_store_engine(f"sqlite:///{db_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        _insert_0007_agreement(conn)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT code, status FROM agreement_milestone").fetchall() == [("M1", "ready")]
        tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "agreement_objective" not in tables
        assert "approval_group" not in tables
        assert conn.exec_driver_sql("SELECT count(*) FROM agreement_history").scalar() == 1
    engine.dispose()


def test_history_rows_cannot_be_edited(db: Database) -> None:
    with db.unit_of_work() as s:
        agreement = _agreement()
        s.add(agreement)
        s.flush()
        s.add(
            AgreementHistory(
                agreement_id=agreement.id,
                record_type="agreement",
                record_id=agreement.id,
                label="AG-1",
                action="create",
            )
        )
    with pytest.raises(HistoryIsAppendOnly), db.unit_of_work() as s:
        s.scalars(select(AgreementHistory)).one().reason = "rewritten"
    with db.reading() as s:
        assert s.scalars(select(AgreementHistory.reason)).one() is None
