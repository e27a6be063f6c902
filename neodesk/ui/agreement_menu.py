"""The main window's Agreements menu (agreements.md §12): Center agreements…, Run agreement processing,
What happens on… (a dry run with reasons and the cash flow by month), Templates… and Approval groups…
(administrators)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from neodesk.services import agreements as svc
from neodesk.services.changes import Changes, Kind
from neodesk.services.errors import NotFound, ValidationFailed
from neodesk.ui import dialogs
from neodesk.ui.agreements import AgreementList, _pydate, _qdate, _refusal
from neodesk.ui.cash_flow_chart import CashFlowChart


def run_summary(report: svc.RunReport) -> str:
    """What a run did (or would do), in lines: moves with why, releases, problems, cash flow by month."""
    lines = [
        f"{'Would happen' if report.dry_run else 'Processed'} as of {report.as_of.isoformat()}: "
        f"{report.changes} change(s)."
    ]
    lines += [
        f"{m.milestone}: {m.source} → {m.target} on {m.effective_date.isoformat()} ({m.why})" for m in report.moves
    ]
    lines += [f"Released {r.amount:,.2f} for {r.milestone} on {r.on.isoformat()}" for r in report.released]
    lines += [f"{f.milestone}: {f.reason}" for f in (*report.blocked, *report.problems)]
    if report.cash_flow:
        lines.append("Cash flow by month:")
        top = max(amount for _, amount in report.cash_flow) or 1
        lines += [
            f"  {month}  {'█' * max(1, int(30 * amount / top))} {amount:,.2f}" for month, amount in report.cash_flow
        ]
    return "\n".join(lines)


class DryRunDialog(QDialog):
    """What happens on… : pick a date, see the dry run (nothing is written)."""

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="agreementDryRun", windowTitle="What happens on…")
        self._window = window
        self.day = QDateEdit(_qdate(date.today()), objectName="dryRun.date", calendarPopup=True)
        # Shadows QDialog.result() (the exit code) for Python callers; tests read dry-run text here.
        self.result: QPlainTextEdit = QPlainTextEdit(objectName="dryRun.result", readOnly=True)  # type: ignore[assignment]
        self.chart = CashFlowChart()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Apply).setText("Show")
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.show_run)
        buttons.rejected.connect(self.reject)
        form = QHBoxLayout()
        form.addWidget(QLabel("Date"))
        form.addWidget(self.day)
        form.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.result)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(1000, 520)

    def show_run(self) -> None:
        context = self._window.context
        try:
            report = svc.process(
                context.db, as_of=_pydate(self.day.date()), dry_run=True, counselor_email=context.counselor_id
            )
        except (ValidationFailed, NotFound) as exc:
            self.result.setPlainText(_refusal(exc))
            self.chart.set_months([])
            return
        self.result.setPlainText(run_summary(report))
        self.chart.set_months(list(report.cash_flow))


def process_at_start(window: Any) -> None:
    """The once-a-day run at the app's start (§3); what it did goes to the status bar, problems too."""
    from neodesk.services.agreements.processing import process_once_today

    context = window.context
    try:
        report = process_once_today(context.db, counselor_email=context.counselor_id)
    except (ValidationFailed, NotFound) as exc:
        window.statusBar().showMessage(f"Agreement processing: {_refusal(exc)}", 10_000)
        return
    if report is not None and report.changes:
        window.changes.publish(Changes.of(Kind.AGREEMENT))
    if report is not None and (report.changes or report.problems or report.blocked):
        flagged = len(report.problems) + len(report.blocked)
        window.statusBar().showMessage(
            f"Agreement processing: {len(report.completed)} milestone(s) completed, {len(report.released)} "
            f"event(s) released" + (f", {flagged} problem(s)" if flagged else ""),
            15_000,
        )


def agreement_actions(window: Any, make: Callable[..., QAction]) -> list[QAction | None]:
    def center_agreements() -> None:
        window.agreement_list = AgreementList(window.context, window)
        window.agreement_list.show()

    def run_processing() -> None:
        context = window.context
        try:
            report = svc.process(context.db, counselor_email=context.counselor_id)
        except (ValidationFailed, NotFound) as exc:
            dialogs.show_error(window, "Agreement processing", _refusal(exc))
            return
        if report.changes:
            window.changes.publish(Changes.of(Kind.AGREEMENT))  # the lists and editors showing them refresh
        dialogs.inform(window, "Agreement processing", run_summary(report))

    def what_happens() -> None:
        DryRunDialog(window, window).exec()

    def templates() -> None:
        from neodesk.ui.agreement_templates import TemplatesDialog

        if not window.context.is_admin:
            dialogs.show_error(window, "Templates", "only an administrator can manage agreement templates")
            return
        TemplatesDialog(window.context, window).exec()

    def approval_groups() -> None:
        from neodesk.ui.approval_groups import ApprovalGroupsDialog

        if not window.context.is_admin:
            dialogs.show_error(window, "Approval groups", "only an administrator can manage approval groups")
            return
        dialog = ApprovalGroupsDialog(window.context, window)
        bus = getattr(window, "changes", None)  # the main window's change bus, where it has one
        if bus is not None and hasattr(bus, "publish"):
            dialog.publish = bus.publish
        dialog.exec()

    window.action_center_agreements = make("&Center agreements…", "centerAgreements", center_agreements)
    window.action_run_agreements = make("&Run agreement processing", "runAgreementProcessing", run_processing)
    window.action_what_happens = make("&What happens on…", "whatHappensOn", what_happens)
    window.action_agreement_templates = make("&Templates…", "agreementTemplates", templates)
    window.action_approval_groups = make("Approval &groups…", "approvalGroups", approval_groups)
    return [
        window.action_center_agreements,
        None,
        window.action_run_agreements,
        window.action_what_happens,
        None,
        window.action_agreement_templates,
        window.action_approval_groups,
    ]
