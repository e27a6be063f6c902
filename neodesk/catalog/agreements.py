"""Agreement picklists (agreements.md §1): standard values seeded like the other picklists."""

from __future__ import annotations

from collections.abc import Mapping

AGREEMENT_PICKLISTS: Mapping[str, Mapping[str, str]] = {
    "agreement_kind": {
        "contract": "Contract",
        "subcontract": "Subcontract",
        "grant": "Grant",
        "loan": "Loan",
        "incentive": "Incentive",
        "cooperative_agreement": "Cooperative agreement",
    },
}
