"""Cycles among milestone conditions (A needs B needs A), found by a depth-first graph check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def find_cycles(edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every elementary cycle reachable in a DFS, each as a closed path ['C', 'A', 'B', 'C'].

    `edges[m]` are the milestones m's milestone conditions point at. A self-loop is ['A', 'A'].
    Each cycle is reported once, starting from its first milestone in `edges` order.
    """
    graph = {k: list(v) for k, v in edges.items()}
    colour: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        colour[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if colour.get(nxt) == 1:
                loop = [*stack[stack.index(nxt) :], nxt]
                key = frozenset(loop)
                if key not in seen:
                    seen.add(key)
                    cycles.append(loop)
            elif nxt not in colour:
                visit(nxt)
        stack.pop()
        colour[node] = 2

    for node in graph:
        if node not in colour:
            visit(node)
    return cycles


def on_cycles(edges: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Each milestone on a cycle → the cycle it is on (the first found)."""
    out: dict[str, list[str]] = {}
    for cycle in find_cycles(edges):
        for node in cycle:
            out.setdefault(node, cycle)
    return out


def cycle_text(cycle: list[str]) -> str:
    return " → ".join(cycle)


def cycle_refusal(edges: Mapping[str, Iterable[str]]) -> str | None:
    """The §2 refusal at save ("would create a cycle: C → A → B → C"), or None."""
    cycles = find_cycles(edges)
    return f"would create a cycle: {cycle_text(cycles[0])}" if cycles else None
