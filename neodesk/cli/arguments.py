"""Argument types the commands share, so a bad value gets the same plain sentence everywhere (exit 2).

argparse names the type function in its complaint: `type=date.fromisoformat` told users
"invalid fromisoformat value: '10000-01-01'".
"""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(text: str) -> date:
    """A calendar date typed as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None
