"""What the reports call their totals, in one place, so two figures that differ say why.

"Sales increases" adds up each reported gain and does not subtract a decline (the SBA counts
increases per reported event, reports/totals.py); "Net change" in the by-type table adds gains and
declines. Side by side, "$75,000" and "+$25,874.45" are both right: the labels say which is which.
"""

from __future__ import annotations

SALES_INCREASES = "Sales increases (gains only)"
EXPORT_INCREASES = "Export increases (gains only)"
NET_CHANGE = "Net change (gains − declines)"
GAINS_NOTE = "Increases add up each reported gain; a decline is not subtracted."
INCREASES_NOTE = f"{GAINS_NOTE} The net change by type adds gains and declines."
