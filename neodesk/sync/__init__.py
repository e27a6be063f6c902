"""Client ↔ milestone synchronization (sync-rules.md): the rules as tables, evaluated by pure functions.

No Qt, no SQLAlchemy, no session: the service layer passes plain client states (``Mapping`` of
domain.md field keys plus ``created_at``) and milestone facts in, gets proposals and effects out, asks
the counselor through a :class:`~neodesk.sync.deciding.Decider`, and writes what was accepted in one
transaction.

Modules: ``client_rules`` (C1–C3, P1–P14 table), ``evaluate`` (running it), ``milestone_effects``
(M1–M16 table, the amount-edit row, and their evaluation), ``readiness`` (Contract Readiness
progress, M15), ``deciding`` (the prompt seam and :func:`resolve`), ``proposals`` (the returned
values), ``describe`` (prompt text), ``values`` and ``settings``.

Where the spec leaves room, these are the choices made (tests pin each one):

Client edit → milestone
- A new client (``before=None``) gets only the automatic rows: C1 and C3 when their dates are set
  (they were blank before). C2 needs a *change* from Pre-venture, so it never fires on creation. No
  prompt is raised for a new client: its values are intake data, not changes; G rows would be silent
  anyway (a same-day client).
- "In business before or after": P rows also fire when the client becomes in business in the same save
  (P → S with new staff counts offers the staff milestones) and when it leaves it (S → PC, P1).
- A rule never fires when the edit *clears* its field: a blank is not a new total, legal form,
  certification or verification date (P2–P4, P6, P8, P11–P14). Blank → value does fire (initial
  amount ``None``), P8 included.
- P6 fires when ``veteran_verification_date`` is set or changed to a date while the edited client's
  ``veteran_status`` is DS (a status changed to DS in the same save counts); the milestone carries
  that date. Clearing the date, or changing the status alone, raises nothing.
- P5, P7, P9, P11, P12 use the client's date field when this save set or changed it (the date was
  entered with the figure or certification), else today: a date left from an earlier figure describes
  that figure. P7 uses ``sdb_certification_date`` for all four statuses.
- No milestone is proposed with a date the New Milestone dialog would refuse: in the future or more
  than ``lock_days`` back. This drops C1 for an old (or future) ``date_established``: a business
  established years before counseling is history, not an impact to report now.
- C2 with ``date_established`` blank (the editor should prevent it) is dated today.
- P10 fires only when countries were added; removals alone raise nothing. Its detail is the added
  countries' names, alphabetically ("Canada, Mexico").
- "No duplicate" means same type and same date: within one save (C1 + C2 → one
  ``business_established``) and, through :func:`without_duplicates`, against the client's stored
  milestones.
- A G row needs ``created_at``; a state without it raises ``ValueError`` (a programming error).
- No echo: milestone → client effects are applied to the stored client, which is the next edit's
  ``before``, so they never read as changes; milestones of origin ``client_edit`` change no client.

Milestone → client
- ``newest_dates_by_type`` describes the client's stored milestones only. A milestone dated before the
  newest of its type (stored, or another in this save) changes nothing and asks nothing, prompts
  included (the client holds newer facts either way), and yields one NOTICE effect for the dialog.
  The same date is not older. M13's warning is still shown.
- Where one row's types all set the same client fields (M1, M8, M9, M12), a newer milestone of a
  sibling type supersedes too: a Business Established older than a stored Bought Business does not
  move ``date_established`` back. Where each type has its own field (M5 FT/PT, M14 DIB/GIB), only
  the same type counts. Without this, two M1 milestones in one save would leave the client holding
  whichever came last rather than the newer facts.
- M1 gives In Business when the milestone date plus ``startup_period_months`` is before today (exactly
  the period is still Start-up); it overwrites ``date_established``; ``bought_business`` does the same.
- M4: blank or "None" trade → Exporter, Importer → Importer/Exporter; the others stay.
- M5's prompt (status → S, as the spec says) is judged after M1's automatic update in the same save,
  and asked once even when both a full-time and a part-time milestone are saved.
- M11 (and P1) raise nothing when the client already holds the fact; the inactivate follow-up is
  left out when the client is already inactive.
- Setting off: every prompt is dropped (M5's, M7–M12, the M11 follow-up, M15); automatic updates,
  M13's warning and notices remain.
- M15: a requirement with alternatives is met on the earliest date one of them was logged; the goal
  milestone is dated on the latest met requirement. The prompt carries the goal milestone to log
  (origin ``readiness``) and M14's flag and date updates.
- A value-carrying milestone without an amount updates neither the value nor its date (M4 still
  marks the client an exporter).
- Effects come in table order (within a row, the save's order), notices last.
- Editing the amount of the newest milestone of a value type (sync-rules.md "Edits and deletions") is
  the ``edit`` row of ``MILESTONE_EDIT_RULES``, run by ``milestone_effects`` like the others: a prompt
  to set the client field to the new amount (its date field stays), silent with the setting off and
  when the client already holds that amount; whoever made the milestone, the edit is the counselor's.
"""

from __future__ import annotations

from neodesk.sync.client_rules import CLIENT_RULES, ClientRule
from neodesk.sync.deciding import (
    AlwaysNo,
    AlwaysYes,
    Answer,
    Decider,
    Question,
    ScriptedDecider,
    resolve,
)
from neodesk.sync.evaluate import client_edit_proposals, without_duplicates
from neodesk.sync.milestone_effects import (
    MILESTONE_RULES,
    MilestoneLike,
    MilestoneRule,
    NewMilestone,
    milestone_effects,
)
from neodesk.sync.proposals import (
    INACTIVATE,
    ClientEffect,
    EffectKind,
    MilestoneProposal,
    client_updates,
    milestones_to_log,
)
from neodesk.sync.readiness import GoalProgress, readiness_progress, readiness_prompts
from neodesk.sync.settings import SyncSettings

__all__ = [
    "CLIENT_RULES",
    "INACTIVATE",
    "MILESTONE_RULES",
    "AlwaysNo",
    "AlwaysYes",
    "Answer",
    "ClientEffect",
    "ClientRule",
    "Decider",
    "EffectKind",
    "GoalProgress",
    "MilestoneLike",
    "MilestoneProposal",
    "MilestoneRule",
    "NewMilestone",
    "Question",
    "ScriptedDecider",
    "SyncSettings",
    "client_edit_proposals",
    "client_updates",
    "milestone_effects",
    "milestones_to_log",
    "readiness_progress",
    "readiness_prompts",
    "resolve",
    "without_duplicates",
]
