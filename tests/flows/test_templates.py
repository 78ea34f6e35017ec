"""Templates render as a run renders them, and validation compiles them the same way."""

from __future__ import annotations

from typing import Any

import pytest

from presswright.flows.templates import TemplateRenderError, render_value, syntax_error

VARIABLES: dict[str, Any] = {"inputs": {"a": "apples", "n": 3}, "x": ["pears", "plums"]}


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param("{{ inputs.a }} and {{ x | join(', ') }}", "apples and pears, plums",
                     id="two"),
        pytest.param("{{ inputs.a }}{{ inputs.n }}", "apples3", id="adjacent"),
        pytest.param("{{ inputs.a }} {% if x %}yes{% endif %} {{ x[0] }}", "apples yes pears",
                     id="statement-between"),
        pytest.param("{{ inputs.n }} }}", "3 }}", id="trailing-braces-text"),
    ],
)  # fmt: skip
def test_a_template_with_several_parts_renders_as_text(template: str, expected: str) -> None:
    assert render_value(template, VARIABLES) == expected
    assert syntax_error(template) is None


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        pytest.param("{{ x }}", ["pears", "plums"], id="list"),
        pytest.param("  {{ inputs.n + 1 }}\n", 4, id="whitespace-around"),
        pytest.param("{{- inputs }}", {"a": "apples", "n": 3}, id="whitespace-control"),
        pytest.param('{{ "}} and {{" }}', "}} and {{", id="braces-inside-a-string"),
    ],
)
def test_exactly_one_expression_yields_its_native_value(template: str, expected: Any) -> None:
    assert render_value(template, VARIABLES) == expected


def test_validation_refuses_what_the_run_cannot_compile() -> None:
    assert syntax_error("{{ inputs.a }} and {{ x") is not None
    with pytest.raises(TemplateRenderError, match="does not compile"):
        render_value("{{ inputs.a }} and {{ x", VARIABLES)
