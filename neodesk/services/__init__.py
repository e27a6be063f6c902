"""Use cases over the store, each in one unit of work (no Qt)."""
