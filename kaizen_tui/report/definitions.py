""" "How these figures are computed": the same words in the PDF, the Markdown and docs/lpo.md.

Kept beside the renderers, written from the rules in kaizen_tui/logic (portfolio.py, people.py,
results.py, evidence.py, certification.py); change them together.
"""

from __future__ import annotations

from kaizen_tui.logic.portfolio import PortfolioSettings


def definitions(settings: PortfolioSettings) -> list[tuple[str, str]]:
    day = settings.sustain_day
    levels = "; ".join(f"{level.name}: {level.describe()}" for level in settings.levels)
    return [
        (
            "Which events",
            "Events are chosen by site, business unit and area (case ignored) and by their start "
            "date (both ends of the range included; events without a start date are left out "
            "once a range is given). Counts by status and by area include every chosen event; "
            "all other figures leave abandoned events out.",
        ),
        ("Quarter", "The calendar quarter of the event's start date, e.g. 2026-Q3."),
        (
            "Overdue",
            "An open action whose due date is before today. Owners are matched ignoring case "
            "and extra spaces.",
        ),
        (
            "Completed on time",
            "A done action whose done-on date is on or before its due date. Done actions "
            "without a due date or a done-on date are counted apart and left out of the share.",
        ),
        (
            "Progress to target",
            "(latest - baseline) ÷ (target - baseline) for each metric: 100% is on target, "
            "above 100% beat it, below 0% went the wrong way. Latest is the most recent "
            "reading, from the metric or from a follow-up review. The event result is the mean "
            "over its metrics, each capped to -100 … 100%, so beating one target cannot hide "
            "missing another.",
        ),
        (
            "Sustainment rate",
            f"Events whose {day}-day review said 'sustained', of the events whose {day}-day "
            "review has a verdict (sustained, slipping or lost). Reviews not yet held, or held "
            "without a verdict, are listed but not counted.",
        ),
        (
            "Line-led event",
            "The event's team leader (the first person listed as team leader) is marked as "
            "from the line, not the LPO. Events without a team leader are counted apart.",
        ),
        (
            "Line-owned action",
            "An action not dropped whose owner matches a person on that event's team marked "
            "as from the line. Owners matching an LPO person count as LPO-owned. Owners not on "
            "the team, and actions without an owner, are counted apart and left out of the "
            "share: the tool cannot tell, and guessing would flatter or blame the line.",
        ),
        (
            "Facilitated / co-facilitated / led",
            "The first facilitator listed on an event facilitated it; every other facilitator "
            "co-facilitated it; the team leader led it. An event counts as evidence once it has "
            "reached its report-out (reported, following up or closed).",
        ),
        (
            "Certification levels",
            f"{levels}. 'sustained' counts the person's events (in any of the three roles) whose "
            f"{day}-day review said sustained. Change the levels with `kaizen config set "
            "certification_levels`.",
        ),
        (
            "Yokoten",
            "Practices an event proposes for other areas, with their status. With an area "
            "filter, practices proposed to that area by other events are listed too.",
        ),
    ]
