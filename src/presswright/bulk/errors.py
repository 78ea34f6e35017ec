"""What can be wrong with the input of a bulk job: every problem named, nothing started.

    UserInputError
    └── BulkInputError      the file, the column mapping, an option or some rows are invalid

A problem's ``where`` locates it: ``("row", 3, "category")`` is the category of the third
data row (1-based, the header not counted); ``("mapping", "name")`` a ``--map`` entry;
``("file",)`` the file as a whole; ``("model",)`` or ``("publish_site",)`` an option.
"""

from __future__ import annotations

from dataclasses import dataclass

from presswright.errors import UserInputError

__all__ = ["LISTED_PROBLEMS", "BulkInputError", "InputProblem"]

# A message lists this many problems; the rest are counted (the API answer lists them all).
LISTED_PROBLEMS = 20


@dataclass(frozen=True)
class InputProblem:
    """One problem of a bulk job's input and where it is."""

    where: tuple[str | int, ...]
    message: str

    @property
    def row(self) -> int | None:
        """The 1-based data row, for a problem of one row."""
        if len(self.where) >= 2 and self.where[0] == "row" and isinstance(self.where[1], int):
            return self.where[1]
        return None

    def __str__(self) -> str:
        if self.row is not None:
            field = ".".join(str(part) for part in self.where[2:])
            return (
                f"row {self.row}: {field}: {self.message}"
                if field
                else f"row {self.row}: {self.message}"
            )
        place = " ".join(str(part) for part in self.where)
        return f"{place}: {self.message}"


class BulkInputError(UserInputError):
    """The input of a bulk job is invalid; ``problems`` lists every problem found."""

    def __init__(self, what: str, problems: list[InputProblem], *, hint: str) -> None:
        listed = "; ".join(str(problem) for problem in problems[:LISTED_PROBLEMS])
        more = len(problems) - LISTED_PROBLEMS
        suffix = f" (and {more} more)" if more > 0 else ""
        super().__init__(f"{what}, nothing was started: {listed}{suffix}", hint=hint)
        self.problems = problems
