"""Errors a user can act on: each carries the file, field and line it concerns."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Self

from planner.model.i18n import Text, render


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as it can be."""

    text: Text | str  # a catalogue message; a plain str only for text that is already the user's own
    field: str = ""
    file: str = ""
    line: int | None = None

    @property
    def message(self) -> str:
        """Return what is wrong, in English."""
        return render(self.text, "en")

    def render(self, language: str = "en") -> str:
        """Return the problem with where it is (file:line: field: message), in 'en' or 'zh'."""
        where = self.file
        if self.file and self.line is not None:
            where = f"{self.file}:{self.line}"
        parts = [part for part in (where, self.field) if part]
        prefix = ": ".join(parts)
        message = render(self.text, language)
        return f"{prefix}: {message}" if prefix else message

    def __str__(self) -> str:
        return self.render("en")


# One error lists at most this many problems, then says how many more there are: a file with 10,000 bad
# rows gives a screenful that says what is wrong, not 10,000 lines.
MAX_PROBLEMS = 50


def cap_problems(problems: Sequence[Problem], limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Return the first `limit` problems, with one more saying how many were left out."""
    last = problems[-1].text if problems else None
    already_capped = isinstance(last, Text) and last.key == "problems_more"
    if len(problems) <= limit or (len(problems) == limit + 1 and already_capped):
        return list(problems)
    more = Problem(Text("problems_more", count=len(problems) - limit), file=problems[0].file)
    return [*problems[:limit], more]


class PlannerError(Exception):
    """Base class for every error caused by the user's input, not by a bug."""

    def __init__(self, problems: Sequence[Problem] | Text | str) -> None:
        if isinstance(problems, (str, Text)):
            problems = [Problem(problems)]
        self.problems: tuple[Problem, ...] = tuple(cap_problems(problems))
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def render(self, language: str = "en") -> str:
        """Return every problem, one per line, in 'en' or 'zh'."""
        return "\n".join(problem.render(language) for problem in self.problems)

    def with_problems(self, problems: list[Problem]) -> Self:
        """Return a copy of this error (same class and details) carrying other problems."""
        clone = copy.copy(self)
        clone.problems = tuple(cap_problems(problems))
        clone.args = ("\n".join(str(problem) for problem in clone.problems),)
        return clone


class ScenarioError(PlannerError):
    """A scenario file or object is malformed or inconsistent."""


class HistoryError(PlannerError):
    """The history table is missing, malformed, or cannot give a needed statistic."""


class InfeasibleError(PlannerError):
    """No plan satisfies every rule; the problems name the rules in conflict."""

    def __init__(
        self,
        problems: list[Problem] | Text | str,
        conflicting_rules: tuple[str, ...] = (),
        fixes: tuple[Any, ...] = (),
        summary: tuple[Text, ...] = (),
    ) -> None:
        super().__init__(problems)
        self.conflicting_rules = conflicting_rules
        self.fixes = fixes  # planner.optimize.fixes.Fix, cheapest first; each applied by apply_fix
        self.summary = summary  # two or three sentences saying what conflicts and the smallest fix

    def __str__(self) -> str:
        return self.render("en")

    def render(self, language: str = "en") -> str:
        """Return the summary on one line, then one line per rule in conflict, in 'en' or 'zh'."""
        space = "" if language == "zh" else " "  # Chinese sentences end in 。 and follow on without a space
        lines = [space.join(render(sentence, language) for sentence in self.summary)] if self.summary else []
        return "\n".join([*lines, super().render(language)])


class UnboundedError(PlannerError):
    """The objective can grow without limit: a budget or cap is missing."""


class SolverError(PlannerError):
    """The solver stopped without a usable answer (time limit, numerical trouble)."""
