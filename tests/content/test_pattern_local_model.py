"""The yoga pricing brief on the real packaged model (SmolLM2-135M), end to end.

The structure is the archetype's, so it holds whatever the model writes: three columns,
each with a price, and one call-to-action button. The text must pass the quality gate in
English, or the run fails saying which slot broke which rule; the old prompt example never
appears either way.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from presswright.content.pattern import PatternRequest
from presswright.content.pattern_asks import count_parts
from presswright.content.pattern_slots import slot_pattern
from presswright.content.service import builtin_flow, pattern_from_outputs, pattern_inputs
from tests.content.wordpress_php import freeform_or_invalid, parse_blocks
from tests.flows.engine_harness import Engine, engine  # noqa: F401 - the fixture

YOGA = "A pricing section with three columns and a call-to-action button for a yoga studio"

pytestmark = [pytest.mark.local_model, pytest.mark.parametrize("backend", ["sqlite"])]


@pytest.mark.timeout(900)
def test_the_yoga_pricing_brief_gets_three_priced_columns_and_a_button(
    engine: Engine,  # noqa: F811
) -> None:
    inputs = pattern_inputs(PatternRequest(description=YOGA), model="local:smollm2")

    async def scenario() -> object:
        execution_id = await engine.start(builtin_flow("pattern"), inputs)
        return await engine.wait(execution_id, timeout=840)

    status = asyncio.run(scenario())
    error = getattr(status, "error", None) or ""
    assert "One short email every Friday" not in error
    if getattr(status, "status", None) != "completed":
        # The guarantee on a 135M model: a failure that names each slot and rule at fault.
        print(error)  # which slot broke which rule, for the person running it
        assert "block pattern text still breaks" in error, error
        assert re.search(r"s0\.[\w.]+: ", error), error
        return
    result = pattern_from_outputs(status.outputs)  # type: ignore[attr-defined]
    spec = result.spec.model_dump(mode="json", exclude_defaults=True)
    found = count_parts(spec["blocks"])
    assert found["columns"] == [3] and found["buttons"] == 1 and found["headed"] == 3
    price = re.compile(slot_pattern("price", "en") or "")
    columns = spec["blocks"][0]["inner"][2]["inner"]
    assert [bool(price.match(column["inner"][1]["text"])) for column in columns] == [True] * 3
    assert result.asks == {"archetype": "pricing", "columns": 3, "buttons": 1, "language": "en"}
    assert "One short email every Friday" not in result.markup
    assert freeform_or_invalid(parse_blocks(result.markup)) == []
    print(result.markup)  # what the model wrote, for the person running it
