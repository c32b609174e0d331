"""Who is who on an event, as the LPO figures count them.

Definitions (also printed in the report, see report/definitions.py):

* A name matches a person on the event when the two are equal ignoring case and extra spaces.
* The **team leader** is the first person listed with the role team_leader; the event is
  **line-led** when that person is marked ``from_line``.
* The **lead facilitator** is the first person listed with the role facilitator; every other
  facilitator on the event **co-facilitated** it.
* An action owner is a **line person** when the owner's name matches a person on that event who is
  ``from_line``; an **LPO person** when it matches one who is not. An owner who is not on the
  team (or no owner at all) is counted apart and left out of the line-ownership share: we cannot
  tell, and guessing either way would flatter or blame the line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

OwnerKind = Literal["line", "lpo", "not_on_team", "no_owner"]


@lru_cache(maxsize=8192)  # a portfolio repeats the same few hundred names thousands of times
def person_key(name: str) -> str:
    """The form in which two spellings of one name compare equal."""
    return " ".join(name.split()).casefold()


@lru_cache(maxsize=8192)
def display_name(name: str) -> str:
    return " ".join(name.split())


def team_leader(people: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    return next((p for p in people if p.get("role") == "team_leader"), None)


def leader_kind(people: Iterable[Mapping[str, Any]]) -> Literal["line", "lpo"] | None:
    """``line`` / ``lpo`` for the event's team leader, None when it has none."""
    leader = team_leader(people)
    if leader is None:
        return None
    return "line" if leader.get("from_line", True) else "lpo"


def facilitators(people: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Facilitators in the order listed: the first is the lead facilitator."""
    return [p for p in people if p.get("role") == "facilitator"]


def people_index(people: Iterable[Mapping[str, Any]]) -> dict[str, bool]:
    """name key → from_line, first listing wins (a name listed twice keeps its first role)."""
    index: dict[str, bool] = {}
    for person in people:
        index.setdefault(person_key(str(person.get("name", ""))), bool(person.get("from_line")))
    return index


def owner_kind(owner: str | None, index: Mapping[str, bool]) -> OwnerKind:
    key = person_key(owner or "")
    if not key:
        return "no_owner"
    if key not in index:
        return "not_on_team"
    return "line" if index[key] else "lpo"
