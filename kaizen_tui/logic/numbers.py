"""The one rule for a number as a person types it, in every numeric field (a metric's baseline
and target, a reading, a lean figure, the amount in a duration) and on the command line.

Accepted: ``1200``, ``1200.5``, ``-2``, thousands grouped by a space, a no-break space, a narrow
no-break space or ``_`` (``1 200``, ``1_200``, groups of three), and a decimal comma where it
cannot be a thousands group (``4,5``, ``0,125``, ``1 200,5``). Refused, with what to write:
``1,200`` (twelve hundred in one country, 1.2 in another: a guess would put a wrong figure on
the A3), a comma and a point together, anything float() takes that a person does not mean
(``nan``, ``inf``, ``1e3``), and digits other than 0-9.
"""

from __future__ import annotations

import math
import re

#: What may group thousands: space, no-break space, narrow no-break space, underscore.
GROUP_MARKS = " \u00a0\u202f_"
_GROUPED = rf"[0-9]{{1,3}}(?:[{GROUP_MARKS}][0-9]{{3}})+"
#: What may be a number in longer text (a duration's ``1 200 s``), for parse_number to judge: a
#: run of grouped digits is taken whole only when every group has three, so ``1 20`` is two.
NUMBER = rf"[.,]?(?:{_GROUPED}(?![0-9])|[0-9]+)(?:[.,][0-9]+)*"
_TYPED = re.compile(
    rf"(?P<sign>[-+\u2212]?)(?P<whole>{_GROUPED}|[0-9]*)(?:(?P<mark>[.,])(?P<fraction>[0-9]+))?"
)
#: Thousands grouped by commas or points, which no field takes: told what to write instead.
_MARKS_AS_GROUPS = re.compile(
    r"(?P<sign>[-+\u2212]?)(?P<lead>[0-9]{1,3})(?P<groups>(?P<group>[.,])[0-9]{3}(?:(?P=group)[0-9]{3})*)"
    r"(?:(?P<mark>[.,])(?P<fraction>[0-9]+))?"
)
_QUOTE_AT_MOST = 40  # a pasted page is quoted by its start, not in full


def quoted(text: str) -> str:
    """What was typed, as a message quotes it: ``'1,200'``, shortened when it is long."""
    return repr(text if len(text) <= _QUOTE_AT_MOST else text[:_QUOTE_AT_MOST] + "…")


def parse_number(text: str, *, whole: bool = False) -> float | None:
    """The number in ``text`` (an int when ``whole``); None when it is blank; ValueError with a
    message that quotes it and says what to write otherwise."""
    typed = text.strip()
    if not typed:
        return None
    found = _TYPED.fullmatch(typed)
    if found is None or not (found["whole"] or found["fraction"]):
        raise ValueError(_not_a_number(typed, whole))
    sign = "-" if found["sign"] in ("-", "\u2212") else ""
    digits = re.sub(f"[{GROUP_MARKS}]", "", found["whole"]) or "0"
    fraction = found["fraction"] or ""
    if found["mark"] == "," and _could_be_thousands(found["whole"], fraction):
        if whole:
            raise ValueError(f"{quoted(typed)}: write {sign}{digits}{fraction}, without the comma")
        decimal = fraction.rstrip("0")
        as_decimal = f"{digits}.{decimal}" if decimal else digits
        raise ValueError(
            f"{quoted(typed)} is ambiguous: write {sign}{digits}{fraction} or {sign}{as_decimal}"
        )
    if whole:
        if fraction:
            raise ValueError(_not_a_number(typed, whole))
        return int(sign + digits)
    value = float(f"{sign}{digits}.{fraction or 0}")
    if not math.isfinite(value):  # 400 nines overflow to inf
        raise ValueError(_not_a_number(typed, whole))
    return value


def _could_be_thousands(whole: str, fraction: str) -> bool:
    """``1,200`` and ``12,500``: a comma before three digits after one to three digits that do
    not start with 0 (``0,125`` is a decimal comma) and are not grouped already (``1 200,500``
    groups its thousands with the space, so its comma is a decimal comma)."""
    return len(fraction) == 3 and 1 <= len(whole) <= 3 and whole.isdigit() and whole[0] != "0"


def _not_a_number(typed: str, whole: bool) -> str:
    what = "a whole number" if whole else "a number"
    grouped = _MARKS_AS_GROUPS.fullmatch(typed)
    if grouped and grouped["mark"] != grouped["group"] and not (whole and grouped["fraction"]):
        # 1,200,000 / 1,200.5 / 1.200,5: which mark groups is plain here, but only a space may
        digits = grouped["lead"] + re.sub("[.,]", "", grouped["groups"])
        fraction = f".{grouped['fraction']}" if grouped["fraction"] else ""
        return (
            f"{quoted(typed)} is not {what} as written: write {grouped['sign']}{digits}{fraction} "
            "(thousands may be grouped with a space: 1 200)"
        )
    if any(mark in typed for mark in GROUP_MARKS) and re.fullmatch(
        rf"[-+\u2212]?[0-9][0-9{GROUP_MARKS}]*([.,][0-9]+)?", typed
    ):
        return f"{quoted(typed)} is not {what}: group thousands in threes (1 200) or not at all"
    return f"{quoted(typed)} is not {what}"
