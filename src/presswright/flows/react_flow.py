"""Workflows in React Flow's shape (Lekhika's stored engines, the studio canvas) <-> flow specs.

A React Flow graph is ``{"nodes": [{"id", "type", "position", "data"}], "edges": [{"id",
"source", "target", "sourceHandle"?, "targetHandle"?}]}``. Two kinds of node ``data`` are
understood:

- Presswright's own (what :func:`react_flow_from_spec` writes, and the studio's canvas):
  ``data.config`` is the node's config and ``data.type`` (else ``type``) its node type.
- Lekhika's, as its engines store them; the kind is ``data.type`` (else the node's
  ``type``): ``input`` nodes declare the run's inputs (``data.inputFields``) and become no
  node; ``process`` nodes (and ``ai``, ``default``, ``refinement``, ``structural``) ask a model
  (``data.systemPrompt``, ``data.userPrompt``, ``data.selectedModels[0]`` or ``data.model``,
  ``data.temperature``, ``data.maxTokens``, also read from ``data.aiConfig``) and become
  ``llm`` nodes; ``output`` nodes join their upstream texts and become ``template`` nodes.
  Any other kind is refused, naming the node.

Lekhika prompt text is taken literally, except ``{{ name }}`` placeholders naming an input
(read as ``inputs.name``) or an upstream node (its output); as Lekhika's worker does, each
model node also receives its upstream nodes' outputs after the prompt.

Node ids become spec ids (``^[a-z][a-z0-9_]*$``) by :func:`spec_node_id`, the same way every
time, so a client can name a node by its React Flow id (``/regenerate``'s ``failedNode``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from presswright.flows.graph import topological_layers
from presswright.flows.problems import FlowProblem, FlowValidationError
from presswright.flows.spec import EdgeSpec, FlowSpec, NodePosition, NodeSpec
from presswright.flows.validation import check_spec, problems_from_pydantic

__all__ = ["literal_text", "react_flow_from_spec", "spec_from_react_flow", "spec_node_id"]

_MODEL_KINDS = frozenset({"process", "ai", "ainode", "default", "refinement", "structural", "llm"})
_INPUT_KINDS = frozenset({"input", "inputnode"})
_OUTPUT_KINDS = frozenset({"output", "outputnode"})
_FIELD_TYPES = {
    "number": "number",
    "integer": "integer",
    "checkbox": "boolean",
    "boolean": "boolean",
    "multiselect": "array",
}
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_ -]*?)\s*\}\}")
_SUBJECT = "the workflow"
_HINT = (
    "each node needs an id and data; Lekhika nodes are input, process or output, or give"
    " data.type and data.config of a Presswright node type"
)
_LAYER_GAP = (280, 140)  # x between layers, y between the nodes of one layer


def spec_node_id(react_id: object) -> str:
    """The spec id of a React Flow node id: lower case, ``_`` for other characters, ``n_``
    in front when it does not start with a letter (``"Node-1"`` -> ``node_1``)."""
    text = re.sub(r"[^a-z0-9_]", "_", str(react_id).strip().lower())[:62]
    return text if re.match(r"^[a-z]", text) else f"n_{text}"[:64]


def _problem(where: str, message: str) -> FlowValidationError:
    return FlowValidationError([FlowProblem(where, message)], subject=_SUBJECT, hint=_HINT)


def _kind(node: Mapping[str, Any]) -> str:
    data = node.get("data")
    kind = data.get("type") if isinstance(data, Mapping) else None
    return str(kind or node.get("type") or "default").strip().lower()


def _first(data: Mapping[str, Any], *names: str) -> Any:
    """The first of ``names`` set in ``data`` or in its ``aiConfig``."""
    nested = data.get("aiConfig")
    for place in (data, nested if isinstance(nested, Mapping) else {}):
        for name in names:
            value = place.get(name)
            if value not in (None, "", []):
                return value
    return None


def _input_fields(node_id: str, data: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    fields = data.get("inputFields") or data.get("fields") or []
    if not isinstance(fields, list):
        raise _problem(f"node {node_id!r}", "data.inputFields must be a list of fields")
    declared: dict[str, dict[str, Any]] = {}
    for position, field in enumerate(fields):
        name = field.get("variable") or field.get("name") if isinstance(field, Mapping) else None
        if not isinstance(name, str) or not name.strip():
            raise _problem(
                f"node {node_id!r}", f"data.inputFields[{position}] has no name or variable"
            )
        kind = _FIELD_TYPES.get(str(field.get("type", "text")).lower(), "string")
        schema: dict[str, Any] = {"type": kind}
        if kind == "array":
            schema["items"] = {"type": "string"}
        if not field.get("required"):
            schema["default"] = field.get("defaultValue")
            schema["type"] = [kind, "null"]
        declared[name.strip()] = schema
    return declared


def literal_text(text: str) -> str:
    """``text`` as a template that renders to itself (braces and all)."""
    if "{" not in text:
        return text
    if "endraw" in text:  # a raw block cannot hold its own end: write each brace as a value
        return text.replace("{", "{{ '{' }}")
    return "{% raw %}" + text + "{% endraw %}"


def _prompt(
    text: str, inputs: Iterable[str], upstream: Mapping[str, str], used: set[str] | None = None
) -> str:
    """Lekhika prompt text as a template: placeholders of inputs and upstream nodes are read
    (the nodes read are added to ``used``), everything else is literal."""
    names = set(inputs)
    by_label = {label.lower(): node for label, node in upstream.items()}
    parts: list[str] = []
    end = 0
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if name in names:
            reference = f"{{{{ inputs[{name!r}] }}}}"
        elif spec_node_id(name) in upstream.values() or name.lower() in by_label:
            source = by_label.get(name.lower(), spec_node_id(name))
            reference = f"{{{{ {source} }}}}"
            if used is not None:
                used.add(source)
        else:
            continue
        parts += [literal_text(text[end : match.start()]), reference]
        end = match.end()
    parts.append(literal_text(text[end:]))
    return "".join(parts)


def _model_config(
    node_id: str, data: Mapping[str, Any], inputs: Iterable[str], upstream: Mapping[str, str]
) -> dict[str, Any]:
    user = _first(data, "userPrompt", "prompt")
    system = _first(data, "systemPrompt", "system")
    if not isinstance(user, str) and not isinstance(system, str):
        raise _problem(
            f"node {node_id!r}",
            "a process node needs data.userPrompt or data.systemPrompt (the text to send)",
        )
    used: set[str] = set()
    prompt = _prompt(user if isinstance(user, str) else "", inputs, upstream, used)
    given = list(inputs)
    if given:
        prompt += "\n\nInputs:\n" + "\n".join(
            f"- {literal_text(name)}: {{{{ inputs[{name!r}] }}}}" for name in given
        )
    for label, source in upstream.items():
        if source in used:
            continue
        prompt += f"\n\n{literal_text(label)}:\n{{{{ {source} }}}}"
    config: dict[str, Any] = {"prompt": prompt.strip()}
    if isinstance(system, str) and system.strip():
        config["system"] = _prompt(system, inputs, upstream)
    models = _first(data, "selectedModels")
    model = models[0] if isinstance(models, list) and models else _first(data, "model")
    if model is not None:
        config["model"] = str(model)
    for key, names in (("temperature", ("temperature",)), ("max_tokens", ("maxTokens",))):
        value = _first(data, *names)
        if value is not None:
            config[key] = value
    return config


def _labels(sources: Iterable[str], nodes: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Upstream node label (else id) -> its spec id, in a stable order."""
    labelled: dict[str, str] = {}
    for source in sorted(sources):
        data = nodes[source].get("data") or {}
        label = data.get("label") if isinstance(data, Mapping) else None
        labelled[str(label or source)] = source
    return labelled


def spec_from_react_flow(
    graph: Mapping[str, Any],
    *,
    name: str = "workflow",
    given_inputs: Iterable[str] = (),
) -> FlowSpec:
    """A checked flow spec from a React Flow graph; FlowValidationError naming each bad node.

    ``given_inputs`` names inputs a run brings that no input node declares: each is declared
    as an optional input of any type, so a Lekhika engine without input fields still runs.
    """
    raw_nodes, raw_edges = graph.get("nodes"), graph.get("edges", [])
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise _problem("nodes", "a workflow needs a non-empty list of nodes")
    if not isinstance(raw_edges, list):
        raise _problem("edges", "edges must be a list")
    nodes: dict[str, Mapping[str, Any]] = {}
    kinds: dict[str, str] = {}
    for position, node in enumerate(raw_nodes):
        if not isinstance(node, Mapping) or node.get("id") in (None, ""):
            raise _problem(f"nodes[{position}]", "a node needs an id")
        node_id = spec_node_id(node["id"])
        if node_id in nodes:
            raise _problem(f"node {str(node['id'])!r}", f"its id reads as {node_id!r} like another")
        nodes[node_id] = node
        kinds[node_id] = _kind(node)
    edges: list[tuple[str, str, str | None]] = []
    for position, edge in enumerate(raw_edges):
        if not isinstance(edge, Mapping):
            raise _problem(f"edges[{position}]", "an edge is an object with source and target")
        ends = [spec_node_id(edge.get(end)) for end in ("source", "target")]
        for end, value in zip(("source", "target"), ends, strict=True):
            if edge.get(end) in (None, "") or value not in nodes:
                raise _problem(f"edges[{position}]", f"{end} {edge.get(end)!r} is no node")
        handle = edge.get("sourceHandle")
        edges.append(
            (ends[0], ends[1], str(handle) if handle in ("true", "false", "error") else None)
        )
    inputs: dict[str, dict[str, Any]] = {}
    for node_id, node in nodes.items():
        if kinds[node_id] in _INPUT_KINDS:
            inputs.update(_input_fields(node_id, node.get("data") or {}))
    for extra in given_inputs:
        inputs.setdefault(extra, {"default": None})
    specs: list[NodeSpec] = []
    problems: list[FlowProblem] = []
    for node_id, node in nodes.items():
        kind = kinds[node_id]
        if kind in _INPUT_KINDS:
            continue
        data = node.get("data") or {}
        if not isinstance(data, Mapping):
            problems.append(FlowProblem(f"node {node_id!r}", "data must be an object"))
            continue
        upstream = _labels(
            (s for s, t, _ in edges if t == node_id and kinds[s] not in _INPUT_KINDS), nodes
        )
        try:
            made = _node(node_id, kind, data, inputs, upstream)
            specs.append(made.model_copy(update={"position": _position(node.get("position"))}))
        except FlowValidationError as error:
            problems.extend(error.problems)
        except ValidationError as error:
            problems.extend(problems_from_pydantic(error, where=f"node {node_id!r}"))
    if problems:
        raise FlowValidationError(problems, subject=_SUBJECT, hint=_HINT)
    kept = {spec.id for spec in specs}
    spec = FlowSpec.model_validate(
        {
            "name": str(graph.get("name") or name)[:100],
            "version": graph.get("version") if isinstance(graph.get("version"), int) else 1,
            "description": str(graph.get("description") or ""),
            "inputs": graph.get("inputs") if isinstance(graph.get("inputs"), dict) else inputs,
            "nodes": specs,
            "edges": [
                EdgeSpec.model_validate({"from": s, "to": t, "when": when})
                for s, t, when in edges
                if s in kept and t in kept
            ],
            "outputs": graph.get("outputs") if isinstance(graph.get("outputs"), dict) else {},
        }
    )
    check_spec(spec)
    return spec


def _node(
    node_id: str,
    kind: str,
    data: Mapping[str, Any],
    inputs: Mapping[str, Any],
    upstream: Mapping[str, str],
) -> NodeSpec:
    if isinstance(data.get("config"), Mapping):  # Presswright's own shape
        tuning = ("retries", "retry_delay", "timeout", "on_error", "default")
        return NodeSpec.model_validate(
            {"id": node_id, "type": kind, "config": dict(data["config"])}
            | {key: data[key] for key in tuning if key in data}
        )
    if kind in _MODEL_KINDS:
        return NodeSpec(
            id=node_id, type="llm", config=_model_config(node_id, data, inputs, upstream)
        )
    if kind in _OUTPUT_KINDS:
        joined = "\n\n".join(f"{{{{ {source} }}}}" for source in upstream.values())
        return NodeSpec(id=node_id, type="template", config={"template": joined or "{{ '' }}"})
    raise _problem(
        f"node {node_id!r}",
        f"Lekhika node type {kind!r} has no Presswright equivalent: use input, process or"
        " output, or give data.type and data.config of a Presswright node type",
    )


def _position(raw: Any) -> NodePosition | None:
    """A React Flow node's ``position`` as the spec keeps it; None when absent or unusable
    (a position only places the node on the canvas, so a bad one is laid out anew)."""
    if not isinstance(raw, Mapping):
        return None
    try:
        return NodePosition.model_validate({"x": raw.get("x"), "y": raw.get("y")})
    except ValidationError:
        return None


def _layout(spec: FlowSpec) -> dict[str, dict[str, float]]:
    """Where the canvas draws each node: as saved, else left to right by layer, top to
    bottom within one."""
    positions: dict[str, dict[str, float]] = {}
    for column, layer in enumerate(topological_layers(spec)):
        for row, node_id in enumerate(layer):
            positions[node_id] = {"x": column * _LAYER_GAP[0], "y": row * _LAYER_GAP[1]}
    for node in spec.nodes:
        if node.position is not None:
            positions[node.id] = node.position.model_dump()
    return positions


def react_flow_from_spec(spec: FlowSpec) -> dict[str, Any]:
    """The spec as a React Flow graph in Presswright's shape; :func:`spec_from_react_flow`
    reads it back to an equal spec."""
    positions = _layout(spec)
    nodes = []
    for node in spec.nodes:
        data: dict[str, Any] = {"label": node.id, "type": node.type, "config": dict(node.config)}
        data |= node.model_dump(
            include={"retries", "retry_delay", "timeout", "on_error", "default"}
        )
        nodes.append(
            {
                "id": node.id,
                "type": node.type,
                "position": positions.get(node.id, {"x": 0, "y": 0}),
                "data": data,
            }
        )
    edges = []
    for edge in spec.edges:
        item: dict[str, Any] = {
            "id": f"{edge.source}-{edge.target}",
            "source": edge.source,
            "target": edge.target,
        }
        if edge.when is not None:
            item["sourceHandle"] = edge.when
        edges.append(item)
    return {
        "name": spec.name,
        "version": spec.version,
        "description": spec.description,
        "inputs": dict(spec.inputs),
        "outputs": dict(spec.outputs),
        "nodes": nodes,
        "edges": edges,
    }
