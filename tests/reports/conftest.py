"""Fixtures for the report tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from report_inputs import client, counseling_session, plain, sales, staff

from neodesk.reports.report_records import ClientReportData, MilestoneRow


@pytest.fixture
def sample_client() -> ClientReportData:
    """A client whose figures are known by hand (see the assertions in test_client_report)."""
    return client(
        milestones=(
            staff(date(2024, 1, 10), 12, 10),  # +2 FT
            staff(date(2024, 2, 10), 9, 12),  # loss: 0 jobs created
            staff(date(2024, 3, 10), 4, 1, part_time=True),  # +3 PT
            sales(date(2024, 4, 10), "1250000.00", "1000000.00"),  # +$250,000.00
            MilestoneRow(
                date(2024, 5, 10), "change_in_exports", "Change in Exports", Decimal("40000.00"), Decimal("38749.50")
            ),  # +$1,250.50
            plain(date(2024, 6, 10), "wosb_certified", "WOSB Certification Obtained"),
            plain(date(2023, 1, 5), "business_established", "Business Established"),
            plain(date(2023, 1, 5), "business_start_impact", "Business Start Impact"),
            plain(
                date(2024, 7, 1),
                "success_story",
                "Success Story",
                notes="The bakery opened a second shop and hired locals. " * 30 + "THE END OF THE STORY.",
            ),
            sales(date(2024, 8, 1), "2000000.00", "1250000.00", reportable=False, notes="Unverified claim"),
        ),
        sessions=(
            counseling_session(date(2024, 1, 2), 90, 30),
            counseling_session(date(2024, 2, 2), 45, 15),
            counseling_session(date(2024, 3, 2), 600, 0, reportable=False),
        ),
    )
