"""PDF reports: the client milestone report and the impact report (screens.md "Reports").

Pure Python over reportlab: no Qt, and no database in the rendering modules. `queries` turns the
database into the input records of `data`; `render_client_report` / `render_impact_report` turn those
into PDF bytes; `totals` holds the impact rules both reports count with.
"""

from __future__ import annotations

from neodesk.reports.client_report import render_client_report
from neodesk.reports.impact_report import render_impact_report
from neodesk.reports.report_records import (
    ClientReportData,
    ImpactClientRow,
    ImpactReportData,
    ImpactTotals,
    MilestoneRow,
    MonthlyImpact,
    SessionRow,
    SessionSummary,
)

__all__ = [
    "ClientReportData",
    "ImpactClientRow",
    "ImpactReportData",
    "ImpactTotals",
    "MilestoneRow",
    "MonthlyImpact",
    "SessionRow",
    "SessionSummary",
    "render_client_report",
    "render_impact_report",
]
