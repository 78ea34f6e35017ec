"""Graph questions about a flow: run order in layers, ancestors, descendants, cycles.

They follow the edges whose endpoints exist, so they also work on specs being validated.
"""

from __future__ import annotations

from presswright.flows.problems import FlowProblem, FlowValidationError
from presswright.flows.spec import FlowSpec

__all__ = ["a_cycle", "ancestors", "descendants", "graph", "reach", "topological_layers"]


def graph(
    spec: FlowSpec, *, self_loops: bool = True
) -> tuple[list[str], dict[str, list[str]], dict[str, list[str]]]:
    """Node ids in spec order, and children and parents of each, over edges that exist."""
    ids = list(dict.fromkeys(node.id for node in spec.nodes))
    children: dict[str, list[str]] = {node_id: [] for node_id in ids}
    parents: dict[str, list[str]] = {node_id: [] for node_id in ids}
    for edge in spec.edges:
        source, target = edge.source, edge.target
        if source not in children or target not in children or target in children[source]:
            continue
        if source != target or self_loops:
            children[source].append(target)
            parents[target].append(source)
    return ids, children, parents


def topological_layers(spec: FlowSpec) -> list[list[str]]:
    """Node ids in layers that can run together, each after all layers before it.

    A node sits one layer below its deepest parent; each layer keeps spec order. Raises
    ``FlowValidationError`` if the edges form a cycle.
    """
    ids, children, parents = graph(spec)
    waiting = {node_id: len(parents[node_id]) for node_id in ids}
    layer = [node_id for node_id in ids if waiting[node_id] == 0]
    layers: list[list[str]] = []
    while layer:
        layers.append(layer)
        ready = set()
        for node_id in layer:
            for child in children[node_id]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    ready.add(child)
        layer = [node_id for node_id in ids if node_id in ready]
    placed = {node_id for layer in layers for node_id in layer}
    if len(placed) < len(ids):
        stuck = ", ".join(node_id for node_id in ids if node_id not in placed)
        raise FlowValidationError(
            [FlowProblem("flow", f"the edges form a cycle; cannot order nodes {stuck}")],
            subject=f"flow '{spec.name}'",
        )
    return layers


def ancestors(spec: FlowSpec, node_id: str) -> set[str]:
    """Every node that runs before ``node_id`` (KeyError if there is no such node)."""
    _, _, parents = graph(spec)
    return reach(parents, node_id)


def descendants(spec: FlowSpec, node_id: str) -> set[str]:
    """Every node that runs after ``node_id`` (KeyError if there is no such node)."""
    _, children, _ = graph(spec)
    return reach(children, node_id)


def reach(neighbours: dict[str, list[str]], start: str) -> set[str]:
    found: set[str] = set()
    stack = list(neighbours[start])
    while stack:
        node_id = stack.pop()
        if node_id not in found:
            found.add(node_id)
            stack.extend(neighbours[node_id])
    found.discard(start)
    return found


def a_cycle(component: list[str], children: dict[str, list[str]], ids: list[str]) -> list[str]:
    """One cycle inside a strongly connected component, starting at its earliest node."""
    inside = set(component)
    walk = [component[0]]
    while True:
        step = next(c for c in children[walk[-1]] if c in inside)
        if step in walk:
            cycle = walk[walk.index(step) :]
            first = min(cycle, key=ids.index)
            return cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
        walk.append(step)
