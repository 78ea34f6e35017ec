"""Problems found in a flow spec or in the inputs of a run."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from presswright.errors import UserInputError

__all__ = ["FlowProblem", "FlowValidationError"]


@dataclass(frozen=True)
class FlowProblem:
    """One thing wrong with a spec or its inputs: where (``node 'outline'``) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return re.sub(r"\s*\n\s*", " ", f"{self.where}: {self.message}")


class FlowValidationError(UserInputError):
    """A flow spec, or the inputs of a run, has problems; ``problems`` lists every one."""

    def __init__(
        self,
        problems: Sequence[FlowProblem],
        *,
        subject: str = "the flow spec",
        hint: str = "fix the spec, then check it with `presswright flow validate FILE`",
    ) -> None:
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        listed = "; ".join(str(problem) for problem in problems)
        super().__init__(f"{count} in {subject}: {listed}", hint=hint)
        self.problems = list(problems)
