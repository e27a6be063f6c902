"""The Milestones and Counseling tabs' rows (neodesk.services.activity_rows): one query each, names joined."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from neodesk.models import Client, CounselingSession, Counselor, Database, Milestone
from neodesk.services.activity_rows import counseling_session_rows, milestone_rows


def test_rows_newest_first_with_every_counselor_by_name_once(db: Database) -> None:
    with db.unit_of_work() as s:
        zed = Counselor(name="Zed Young", email="zed@example.org")
        amy = Counselor(name="Amy Ames", email="amy@example.org")
        client = Client(name="Acme", company_status="B", client_type="AC", active=True)
        s.add_all([zed, amy, client])
        s.flush()
        both = Milestone(
            client_id=client.id,
            type_code="change_in_sales",
            date=date(2026, 3, 1),
            amount=Decimal("10.00"),
            initial_amount=Decimal("4.00"),
            origin="manual",
        )
        both.counselors = [zed, amy]
        nobody = Milestone(
            client_id=client.id, type_code="jobs_retained", date=date(2026, 5, 1), amount=Decimal(2), origin="manual"
        )
        one = Milestone(
            client_id=client.id, type_code="jobs_retained", date=date(2026, 1, 1), amount=Decimal(1), origin="manual"
        )
        one.counselors = [amy]
        sessions = [
            CounselingSession(
                client_id=client.id,
                date=date(2026, m, 1),
                session_type="Follow-up",
                contact_type="PH",
                counseling_area="Other",
                contact_minutes=30 + m,
            )
            for m in (2, 4, 3)
        ]
        sessions[0].counselors = [zed, amy]
        sessions[2].counselors = [zed]
        s.add_all([both, nobody, one, *sessions])
        s.flush()
        client_id = client.id
    with db.reading() as s:
        milestones = milestone_rows(s, client_id)
        listed = counseling_session_rows(s, client_id)
    assert [(m.date.month, m.counselors) for m in milestones] == [
        (5, ()),
        (3, ("Amy Ames", "Zed Young")),
        (1, ("Amy Ames",)),
    ]
    assert milestones[1].change == Decimal("6.00")
    assert milestones[1].type_name != "change_in_sales"  # the type's name, joined
    assert [(r.date.month, r.contact_minutes, r.counselors) for r in listed] == [
        (4, 34, ()),
        (3, 33, ("Zed Young",)),
        (2, 32, ("Amy Ames", "Zed Young")),
    ]
