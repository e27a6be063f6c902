"""Realistic, deterministic sample data for demonstrations, training and benchmarks (no Qt).

`generate_demo(db, clients, seed)` adds clients with their counseling sessions and milestones; see
`story.py` for what makes a client's record and activity agree, `generate.py` for how they are written.
"""

from neodesk.demo.generate import DemoSummary, generate_demo

__all__ = ["DemoSummary", "generate_demo"]
