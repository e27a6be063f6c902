"""The agreement report's sections for objectives with their answers and for approvals (agreements.md
§5–§7), from the `agreement show --json` dict; kept beside agreement_report, which places them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable

from neodesk.reports import layout
from neodesk.reports.layout import paragraph

Grid = Callable[[list[list[Any]], Sequence[float]], Flowable]


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def answer_text(answer: Mapping[str, Any] | None) -> str:
    """How an answer reads in the report: the value, or a file's name, size and the start of its hash."""
    if answer is None:
        return "—"
    file = answer.get("file")
    if file:
        return f"{file['name']} ({_size(int(file['size']))}, sha256 {file['sha256'][:12]}…)"
    return str(answer.get("value") or "")


def answered_by(answer: Mapping[str, Any] | None) -> str:
    if answer is None:
        return ""
    who = answer.get("by") or ("stakeholder packet" if answer.get("packet") else "")
    return f"{who} {str(answer.get('at') or '')[:10]}".strip()


def objectives_section(agreement: Mapping[str, Any], grid: Grid) -> list[Flowable]:
    """Each milestone's objectives: status (and why declined), each question with its answer and who gave it."""
    rows: list[list[Any]] = [["Milestone", "Objective", "Status", "Question", "Answer", "Answered"]]
    for m in agreement["milestones"]:
        for i, o in enumerate(m.get("objectives", []), 1):
            status = o["status"] + (f" ({o['status_reason']})" if o.get("status_reason") else "")
            if o.get("reviewed_by"):
                status += f" by {o['reviewed_by']} {o.get('reviewed_on') or ''}".rstrip()
            title = f"{i}. {o['title']}" + ("" if o.get("required", True) else " (optional)")
            for j, q in enumerate(o["questions"], 1):
                first = j == 1
                rows.append(
                    [
                        m["code"] if first else "",
                        title if first else "",
                        status if first else "",
                        f"{i}.{j} {q['prompt']}" + ("" if q.get("required", True) else " (optional)"),
                        answer_text(q.get("answer")),
                        answered_by(q.get("answer")),
                    ]
                )
    body = grid(rows, (60, 120, 140, 150, 170, 90)) if len(rows) > 1 else paragraph("No objectives.", layout.BODY)
    return [*layout.heading("Objectives and answers"), body]


def approvals_section(agreement: Mapping[str, Any], grid: Grid) -> list[Flowable]:
    """Who must approve each milestone (its groups in order, the round) and every approval and decline."""
    rows: list[list[Any]] = [["Milestone", "Approval by", "Round", "Group", "Decision", "Who", "When", "Comment"]]
    for m in agreement["milestones"]:
        groups = " → ".join(m.get("approval") or [])
        if not groups:
            continue
        votes = m.get("approvals", [])
        if not votes:
            rows.append([m["code"], groups, m.get("approval_round", 1), "", "none yet", "", "", ""])
        for k, v in enumerate(votes):
            rows.append(
                [
                    m["code"] if k == 0 else "",
                    groups if k == 0 else "",
                    v["round"],
                    v["group"],
                    v["decision"],
                    v.get("who") or "",
                    str(v.get("at") or "")[:16].replace("T", " "),
                    v.get("comment") or "",
                ]
            )
    body = (
        grid(rows, (60, 110, 40, 80, 60, 130, 80, 170))
        if len(rows) > 1
        else paragraph("No milestone needs approval.", layout.BODY)
    )
    return [*layout.heading("Approvals"), body]


def history_who(row: Mapping[str, Any]) -> str:
    """Who made a history row's change: a counselor, a processing run, or a returned packet (its hash)."""
    if row.get("packet"):
        return f"packet {row['packet'][:12]}…"
    return row.get("who") or ("processing" if row.get("run") else "")
