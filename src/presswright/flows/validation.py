"""Checking a flow spec before it runs, and the graph questions the executor asks of it.

``validate_spec`` lists every problem, each naming the node, edge or input it is about;
``check_spec`` raises them together as one ``FlowValidationError``; ``check_inputs`` does
the same for the inputs of a run. The graph helpers (``topological_layers``,
``ancestors``, ``descendants``) follow the edges whose endpoints exist.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from jsonschema.validators import validator_for
from pydantic import BaseModel, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT202012

from presswright.flows.graph import (
    a_cycle,
    ancestors,
    descendants,
    graph,
    reach,
    topological_layers,
)
from presswright.flows.nodes.base import NodeType
from presswright.flows.problems import FlowProblem, FlowValidationError
from presswright.flows.registry import node_types
from presswright.flows.spec import FlowSpec, NodeSpec
from presswright.flows.templates import references, syntax_error

__all__ = [
    "FlowProblem",
    "FlowValidationError",
    "ancestors",
    "check_inputs",
    "check_spec",
    "descendants",
    "problems_from_pydantic",
    "topological_layers",
    "validate_spec",
]

CONDITION_TYPE = "condition"  # the node type whose out-edges carry when 'true' / 'false'
LLM_TYPE = "llm"  # its inline ``output_schema`` tells which fields downstream may read
BRANCHES = ("true", "false")
ERROR_BRANCH = "error"
MAP_ITEM_NAMES = frozenset({"item", "index"})
RESERVED_IDS = frozenset({"inputs"} | MAP_ITEM_NAMES)  # template names a node id would shadow
_INPUT_URI = "urn:presswright:flow-input"  # the base an input schema's own $refs resolve against


def problems_from_pydantic(
    error: ValidationError, *, where: str | None = None, prefix: str = ""
) -> list[FlowProblem]:
    """One problem per pydantic error, located by field path (``nodes[2].id``).

    With ``where``, every problem is about that place and the path starts its message.
    """
    problems = []
    for item in error.errors(include_url=False):
        location = [prefix, *item["loc"]] if prefix else list(item["loc"])
        message = str(item["msg"])
        if item["type"] in ("extra_forbidden", "missing") and location:
            field = location.pop()
            kind = "unknown field" if item["type"] == "extra_forbidden" else "missing field"
            message = f"{kind} '{field}'"
        path = _path(location)
        if where is not None:
            problems.append(FlowProblem(where, f"{path}: {message}" if path else message))
        else:
            problems.append(FlowProblem(path or "flow", message))
    return problems


def _path(location: Sequence[int | str]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def check_spec(spec: FlowSpec, *, types: Mapping[str, NodeType] | None = None) -> None:
    """Raise ``FlowValidationError`` listing every problem of ``spec``, if it has any."""
    problems = validate_spec(spec, types=types)
    if problems:
        raise FlowValidationError(problems, subject=f"flow '{spec.name}'")


def validate_spec(
    spec: FlowSpec, *, types: Mapping[str, NodeType] | None = None
) -> list[FlowProblem]:
    """Every problem of ``spec`` against the node types (default: the registered ones)."""
    known = node_types() if types is None else types
    problems: list[FlowProblem] = []
    if not spec.nodes:
        problems.append(FlowProblem("flow", "has no nodes; add at least one"))
    problems += _check_inputs_schemas(spec)
    problems += _check_nodes(spec, known)
    problems += _check_edges(spec)
    problems += _check_cycles(spec)
    problems += _check_all_templates(spec, known)
    return problems


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _unresolvable_refs(schema: Mapping[str, Any]) -> list[str]:
    """The ``$ref``s of an input schema that point nowhere (inputs never fetch remote ones)."""
    resource = Resource.from_contents(dict(schema), default_specification=DRAFT202012)
    resolver = Registry().with_resource(_INPUT_URI, resource).resolver(base_uri=_INPUT_URI)
    missing = []
    for ref in _refs(schema):
        try:
            resolver.lookup(ref)
        except Unresolvable:
            missing.append(ref)
    return missing


def _check_inputs_schemas(spec: FlowSpec) -> Iterator[FlowProblem]:
    for name, schema in spec.inputs.items():
        validator_class = validator_for(schema, default=Draft202012Validator)
        try:
            validator_class.check_schema(schema)
        except SchemaError as error:
            yield FlowProblem(f"input '{name}'", f"not a valid JSON Schema: {error.message}")
            continue
        missing = _unresolvable_refs(schema)
        if missing:
            refs = ", ".join(repr(ref) for ref in missing)
            yield FlowProblem(
                f"input '{name}'", f"$ref {refs} points nowhere; refer inside the schema ($defs)"
            )
            continue
        # A null default marks an optional input (absent means null), whatever its type.
        if schema.get("default") is not None:
            wrong = next(iter(validator_class(schema).iter_errors(schema["default"])), None)
            if wrong is not None:
                yield FlowProblem(f"input '{name}'", f"default does not fit: {wrong.message}")


def _check_nodes(spec: FlowSpec, known: Mapping[str, NodeType]) -> Iterator[FlowProblem]:
    counts: dict[str, int] = {}
    for node in spec.nodes:
        counts[node.id] = counts.get(node.id, 0) + 1
    for node_id, count in counts.items():
        if count > 1:
            yield FlowProblem(f"node '{node_id}'", f"id used by {count} nodes; make ids unique")
    error_sources = {edge.source for edge in spec.edges if edge.when == ERROR_BRANCH}
    for node in spec.nodes:
        where = f"node '{node.id}'"
        if node.id in RESERVED_IDS:
            names = ", ".join(sorted(RESERVED_IDS))
            yield FlowProblem(where, f"id is reserved for templates ({names}); rename the node")
        if node.on_error == "branch" and node.id not in error_sources:
            yield FlowProblem(
                where, "on_error is 'branch' but no edge from it has when 'error'; add one"
            )
        node_type = known.get(node.type)
        if node_type is None:
            yield FlowProblem(where, _unknown_type(node.type, known))
            continue
        config = _parse(node_type, node.config, where, "config")
        if isinstance(config, list):
            yield from config
        elif node_type.kind == "map":
            yield from _check_map_child(node, known)


def _unknown_type(name: str, known: Mapping[str, NodeType]) -> str:
    return f"unknown node type '{name}'; known types: {', '.join(sorted(known)) or 'none'}"


def _parse(
    node_type: NodeType, raw: dict[str, Any], where: str, prefix: str
) -> BaseModel | list[FlowProblem]:
    try:
        return node_type.parse_config(raw)
    except ValidationError as error:
        return problems_from_pydantic(error, where=where, prefix=prefix)


def _map_child(node: NodeSpec) -> tuple[str, dict[str, Any]] | None:
    """The (type, raw config) of a map node's child, if it is spelled as one."""
    child = node.config.get("node")
    if not isinstance(child, dict) or not isinstance(child.get("type"), str):
        return None
    config = child.get("config", {})
    return child["type"], config if isinstance(config, dict) else {}


def _check_map_child(node: NodeSpec, known: Mapping[str, NodeType]) -> Iterator[FlowProblem]:
    where = f"node '{node.id}'"
    child = _map_child(node)
    if child is None:
        yield FlowProblem(where, "config.node needs a 'type' (and a 'config') for its child")
        return
    child_type = known.get(child[0])
    if child_type is None:
        yield FlowProblem(where, f"config.node.type: {_unknown_type(child[0], known)}")
    elif child_type.kind != "task":
        yield FlowProblem(
            where, f"config.node.type: a map's child must be a task node, not '{child[0]}'"
        )
    else:
        parsed = _parse(child_type, child[1], where, "config.node.config")
        if isinstance(parsed, list):
            yield from parsed


def _check_edges(spec: FlowSpec) -> Iterator[FlowProblem]:
    nodes = {node.id: node for node in spec.nodes}
    seen: dict[tuple[str, str], int] = {}
    for edge in spec.edges:
        where = f"edge {edge.source}->{edge.target}"
        pair = (edge.source, edge.target)
        seen[pair] = seen.get(pair, 0) + 1
        if seen[pair] == 2:
            yield FlowProblem(where, "listed more than once; keep one edge per pair of nodes")
        for end, node_id in (("from", edge.source), ("to", edge.target)):
            if node_id not in nodes:
                yield FlowProblem(where, f"'{end}' names no node of this flow: '{node_id}'")
        if edge.source == edge.target:
            yield FlowProblem(where, "a node cannot depend on itself; remove the edge")
        source = nodes.get(edge.source)
        if source is None:
            continue
        is_condition = source.type == CONDITION_TYPE
        if edge.when is None:
            if is_condition:
                yield FlowProblem(
                    where, "an edge from a condition node needs when 'true' or 'false'"
                )
        elif edge.when == ERROR_BRANCH:
            if source.on_error != "branch":
                yield FlowProblem(
                    where,
                    f"when 'error' needs on_error 'branch' on node '{source.id}'"
                    f" (it is '{source.on_error}')",
                )
        elif edge.when not in BRANCHES:
            yield FlowProblem(where, f"when must be 'true', 'false' or 'error', not '{edge.when}'")
        elif not is_condition:
            yield FlowProblem(
                where,
                f"when '{edge.when}' needs a condition node as source; '{source.id}'"
                f" is a '{source.type}' node",
            )


def _check_cycles(spec: FlowSpec) -> Iterator[FlowProblem]:
    ids, children, parents = graph(spec, self_loops=False)
    reported: set[str] = set()
    for node_id in ids:
        # Without self-loops, a node is on a cycle iff some node is both above and below it.
        on_cycle = reach(children, node_id) & reach(parents, node_id)
        if node_id in reported or not on_cycle:
            continue
        reported |= on_cycle | {node_id}
        cycle = a_cycle([i for i in ids if i in on_cycle or i == node_id], children, ids)
        path = " -> ".join([*cycle, cycle[0]])
        yield FlowProblem(f"node '{cycle[0]}'", f"is on a cycle {path}; remove one of these edges")


def _check_all_templates(spec: FlowSpec, known: Mapping[str, NodeType]) -> Iterator[FlowProblem]:
    checker = _TemplateChecker(spec)
    for node in spec.nodes:
        node_type = known.get(node.type)
        config = _parse(node_type, node.config, "", "") if node_type else None
        if node_type is None or not isinstance(config, BaseModel):
            continue  # already reported
        is_map = node_type.kind == "map"
        # Field path -> (template, whether item/index are visible): a map's child sees them.
        found = {
            f"config.{field}": (template, is_map and field.startswith("node."))
            for field, template in node_type.templates(config).items()
        }
        child = _map_child(node) if is_map else None
        child_type = known.get(child[0]) if child else None
        if child and child_type and child_type.kind == "task":
            parsed = _parse(child_type, child[1], "", "")
            if isinstance(parsed, BaseModel):
                for field, template in child_type.templates(parsed).items():
                    found[f"config.node.config.{field}"] = (template, True)
        visible = ancestors(spec, node.id)
        for field, (template, in_map) in found.items():
            yield from checker.check(
                f"node '{node.id}'",
                field,
                template,
                visible,
                reader=node.id,
                extra=MAP_ITEM_NAMES if in_map else node_type.template_names,
            )
    every_node = {node.id for node in spec.nodes}
    for name, template in spec.outputs.items():
        yield from checker.check(f"output '{name}'", "template", template, every_node)


class _TemplateChecker:
    """Checks templates against the names visible where they are rendered."""

    def __init__(self, spec: FlowSpec) -> None:
        self.inputs = set(spec.inputs)
        self.nodes = {node.id for node in spec.nodes}
        self.properties = {
            node.id: set(schema["properties"])
            for node in spec.nodes
            if node.type == LLM_TYPE
            and isinstance(schema := node.config.get("output_schema"), dict)
            and isinstance(schema.get("properties"), dict)
        }

    def check(
        self,
        where: str,
        field: str,
        template: str,
        visible: set[str],
        *,
        reader: str = "",
        extra: frozenset[str] = frozenset(),
    ) -> Iterator[FlowProblem]:
        """Problems of one template: syntax, then every name and field it reads."""
        error = syntax_error(template)
        if error is not None:
            yield FlowProblem(where, f"{field} is not a valid template: {error}")
            return
        for name, attributes in sorted(references(template).items()):
            if name == "inputs":
                for attribute in sorted(attributes - self.inputs):
                    declared = ", ".join(sorted(self.inputs)) or "none"
                    yield FlowProblem(
                        where,
                        f"{field} reads inputs.{attribute}, which is not a declared input"
                        f" (declared: {declared})",
                    )
            elif name in extra:
                continue
            elif name in self.nodes and name not in visible:
                yield FlowProblem(
                    where,
                    f"{field} reads '{name}', which does not run before it;"
                    f" add an edge {name}->{reader}",
                )
            elif name not in self.nodes:
                yield FlowProblem(
                    where,
                    f"{field} reads unknown name '{name}'; templates can read inputs,"
                    f" upstream node ids{', item and index' if extra else ''}",
                )
            elif name in self.properties:
                for attribute in sorted(attributes - self.properties[name]):
                    has = ", ".join(sorted(self.properties[name])) or "none"
                    yield FlowProblem(
                        where,
                        f"{field} reads {name}.{attribute}, but the output_schema of '{name}'"
                        f" has no property '{attribute}' (it has: {has})",
                    )


def check_inputs(spec: FlowSpec, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The run inputs with schema defaults filled in; raises listing every bad input."""
    filled = dict(inputs)
    for name, schema in spec.inputs.items():
        if name not in filled and "default" in schema:
            filled[name] = copy.deepcopy(schema["default"])
    schema = spec.input_schema()
    declared = ", ".join(sorted(spec.inputs)) or "none"
    problems = [
        FlowProblem(f"input '{name}'", "missing (required)")
        for name in sorted(set(schema["required"]) - set(filled))
    ] + [
        FlowProblem(f"input '{name}'", f"unknown input (declared: {declared})")
        for name in sorted(set(filled) - set(spec.inputs))
    ]
    for name, value in filled.items():
        own = spec.inputs.get(name)
        # A null default marks an optional input: left out (null), it has nothing to check.
        if own is None or (value is None and "default" in own and own["default"] is None):
            continue
        # Each input is checked against its own schema, so its $refs resolve inside it.
        validator = validator_for(own, default=Draft202012Validator)(own)
        for error in validator.iter_errors(value):
            inner = "".join(f"[{part!r}]" for part in error.absolute_path)
            message = f"{inner}: {error.message}" if inner else error.message
            problems.append(FlowProblem(f"input '{name}'", message))
    if problems:
        raise FlowValidationError(
            sorted(problems, key=lambda problem: problem.where),
            subject=f"the inputs of flow '{spec.name}'",
            hint="pass the inputs the flow declares, with values that fit their schemas",
        )
    return filled
