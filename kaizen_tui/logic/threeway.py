"""The three-way merge of two copies of one event: base (the copy both last agreed on), mine (this
laptop's) and theirs (the hub's). Never "newer wins": every edit from either side survives, in
the event or, where the two sides changed the same thing two ways, beside it as a conflict.

Pure: plain JSON in (the ``event`` of a bundle), plain JSON out; nothing here touches a disk or
a network. The rules (DESIGN.md "The hub"; item identities and paths in logic/itempaths.py):

- **Field by field.** A field changed on one side only takes that side's value. The same field
  changed to two different values is a **conflict**: mine is kept, and ``{path, base, mine,
  theirs, at}`` is appended to ``event["conflicts"]`` (paths name items by id, ``actions[A4].due``).
  Objects (``scope``, ``closeout``, a review's ``readings``, unknown keys) merge key by key.
- **List items by identity** (actions, metrics and root causes by id, reviews by day, people by
  name, …). An item deleted on one side and unchanged on the other is deleted; deleted on one side
  and edited on the other it is kept (the edited version) with a conflict whose deleted side is
  ``null``. Both sides' new items are all kept; ``actions[].updates`` are thus a union of what
  each side added (one deleted on one side stays deleted).
- **New ids added on both sides.** The same new id with the same content is one item. The same
  new id for two different items: the hub's (theirs) keeps it, because it may already be printed
  on an A3, on an owner's phone or in another laptop's base; mine is renumbered to the next free id
  (``A7`` → ``A9``) and what points to it follows (an action's ``root_cause``, a parking-lot
  idea's or an experiment's ``action``, a review's readings by metric id); the notes say so. A new
  item equal in content to one the other side added under another id is the same item (kept once).
- **Order.** A list reordered on one side only takes that order; items added on each side go after
  the item they followed there (two sides' insertions at one place in a stable order). Both sides
  reordering one list differently is a conflict at ``<list>.(order)`` (labels of the items).
- **Fields that belong together** (an event's start, end and report-out; a metric's direction,
  baseline and target) are checked together: if the merged combination would be invalid (the
  event ending before it starts), with mine's or with theirs' value in the fields changed two
  ways, mine's values are kept for the group and theirs' are recorded as conflicts. A deleted
  root cause or metric that the merged event still points to is kept, with a conflict. The
  result always validates with the model; if it somehow does not, mine is kept whole and theirs
  is recorded beside it (path ``.``).
- **A conflict recorded earlier is not recorded twice**: when a merge meets the same two values
  over the same base that an earlier merge recorded (in either order), the value kept then stays
  kept. This is what makes a re-sync idempotent.
- ``revision``, ``updated_at`` and ``a3_printed_revision`` changed on both sides take the larger
  value, never a conflict. **The caller** stores the merged event as ``revision`` + 1 (max + 1), as
  the hub and the store number revisions.
- ``base=None`` (no common copy, e.g. the same bundle imported on two laptops): items with the same
  identity are the same item and every field that differs is a conflict; nothing is renumbered.

Symmetry: swapping mine and theirs gives the same event except for which side's value is kept in
each conflict (and which side's clashing new item keeps the id, by the rule above).
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kaizen_tui.logic.itempaths import (
    ID_LISTS,
    Item,
    Path,
    Rule,
    canonical,
    format_path,
    identity_text,
    item_labels,
    rule_for,
    shape_of,
)


class _Absent:
    """A key or item that is not there (as opposed to one whose value is null)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()

#: Top-level fields that count up on every save: both sides changing them is not a conflict.
COUNTERS = ("revision", "updated_at", "a3_printed_revision")
#: The key of the conflicts list in an event.
CONFLICTS = "conflicts"
#: Path suffix of a conflict about the order of a list.
ORDER = "(order)"

_NOUNS = {
    "actions": "action",
    "metrics": "metric",
    "root_causes": "root cause",
    "experiments": "experiment",
}


@dataclass
class MergeResult:
    """The merged event, the conflicts this merge recorded (also in ``event["conflicts"]``), and
    notes for the person (renumbered ids, kept items)."""

    event: dict[str, Any]
    conflicts: list[dict[str, Any]]
    notes: list[str]
    #: mine's new items given new ids, by list: ``{"actions": {"A7": "A9"}}``
    renumbered: dict[str, dict[str, str]] = field(default_factory=dict)
    #: theirs' new items given mine's id because they are the same item (rare; see _renumber)
    renumbered_theirs: dict[str, dict[str, str]] = field(default_factory=dict)


def merge_events(
    base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any], *, at: str
) -> MergeResult:
    """Merge ``mine`` and ``theirs`` over ``base`` (see the module doc). ``at`` (an ISO date-time)
    stamps the conflicts found. The inputs are not modified."""
    return _Merger(at).run(base, mine, theirs)


def conflict_key(entry: Any) -> str:
    """What makes two conflict entries the same conflict: path and values, not when it was seen."""
    if not isinstance(entry, dict):
        return canonical(entry)
    return canonical([entry.get(k) for k in ("path", "base", "mine", "theirs")])


def _same(a: Any, b: Any) -> bool:
    # Python equality is JSON equality here (1 == 1.0; key order ignored); ABSENT equals only itself
    return a is b or a == b


def _json(value: Any) -> Any:
    return None if value is ABSENT else copy.deepcopy(value)


def _get(doc: Any, key: str) -> Any:
    return doc.get(key, ABSENT) if isinstance(doc, dict) else ABSENT


class _Merger:
    def __init__(self, at: str) -> None:
        self.at = at
        self.recorded: list[dict[str, Any]] = []
        self.new: list[dict[str, Any]] = []
        self._new_keys: set[str] = set()
        self.notes: list[str] = []
        self.renumbered: dict[str, dict[str, str]] = {}
        self.renumbered_theirs: dict[str, dict[str, str]] = {}

    # -- the whole event ---------------------------------------------------------------------

    def run(
        self, base: dict[str, Any] | None, mine: dict[str, Any], theirs: dict[str, Any]
    ) -> MergeResult:
        b: dict[str, Any] = copy.deepcopy(base) if base is not None else {}
        m = copy.deepcopy(mine)
        t = copy.deepcopy(theirs)
        self.recorded = _merge_conflict_lists(_conflicts_of(b), _conflicts_of(m), _conflicts_of(t))
        if base is not None:
            self._renumber(b, m, t)
        event = self._merge_dict((), b, m, t)
        self._check_groups(event, b, m, t)
        self._keep_linked(event, b, m, t)
        conflicts = [*self.recorded]
        known = {conflict_key(c) for c in conflicts}
        added = [c for c in self.new if conflict_key(c) not in known]
        conflicts.extend(added)
        if conflicts or CONFLICTS in m or CONFLICTS in t:
            event[CONFLICTS] = conflicts
        problem = _invalid(event)
        if problem is not None:
            return self._whole(m, t, b if base is not None else None, problem)
        return MergeResult(event, added, self.notes, self.renumbered, self.renumbered_theirs)

    def _whole(
        self, m: dict[str, Any], t: dict[str, Any], b: dict[str, Any] | None, problem: str
    ) -> MergeResult:
        """The safety net: mine whole, theirs whole beside it (never reached by valid copies)."""
        event = copy.deepcopy(m)
        entry = {
            "path": format_path(()),
            "base": None,
            "mine": None,
            "theirs": {k: v for k, v in t.items() if k != CONFLICTS},
            "at": self.at,
        }
        existing = self.recorded
        conflicts = [*existing]
        if conflict_key(entry) not in {conflict_key(c) for c in existing}:
            conflicts.append(entry)
        event[CONFLICTS] = conflicts
        note = (
            f"the two copies could not be merged field by field ({problem}); this copy is kept "
            "whole and the other is kept beside it as a conflict"
        )
        return MergeResult(event, [entry], [note])

    # -- values ------------------------------------------------------------------------------

    def _merge_value(self, path: Path, b: Any, m: Any, t: Any) -> Any:
        if _same(m, t):
            return m
        if _same(b, m):
            return t
        if _same(b, t):
            return m
        if isinstance(m, dict) and isinstance(t, dict) and not isinstance(b, list | str):
            return self._merge_dict(path, b if isinstance(b, dict) else {}, m, t)
        if (
            isinstance(m, list)
            and isinstance(t, list)
            and (b is ABSENT or b is None or isinstance(b, list))
        ):
            blist = b if isinstance(b, list) else []
            rule = rule_for(shape_of(path), blist, m, t)
            if rule.mergeable:
                return self._merge_list(path, rule, blist, m, t)
        return self._conflict(path, b, m, t, kept=m)

    def _merge_dict(
        self, path: Path, b: dict[str, Any], m: dict[str, Any], t: dict[str, Any]
    ) -> dict[str, Any]:
        keys = list(m)
        keys += [k for k in t if k not in m]
        keys += [k for k in b if k not in m and k not in t]
        out: dict[str, Any] = {}
        for key in keys:
            if not path and key == CONFLICTS:
                continue
            bv, mv, tv = b.get(key, ABSENT), m.get(key, ABSENT), t.get(key, ABSENT)
            if not path and key in COUNTERS:
                value = _counter(bv, mv, tv)
            else:
                value = self._merge_value((*path, key), bv, mv, tv)
            if value is not ABSENT:
                out[key] = value
        return out

    def _conflict(self, path: Path, b: Any, m: Any, t: Any, *, kept: Any) -> Any:
        """Record that ``path`` was changed two ways, unless an earlier merge recorded the same
        two values over the same base: then the value kept then stays kept. Returns the value to
        keep."""
        text = format_path(path)
        jb, jm, jt = _json(b), _json(m), _json(t)
        for entry in self.recorded:
            if entry.get("path") != text or not _same(entry.get("base"), jb):
                continue
            em, et = entry.get("mine"), entry.get("theirs")
            if not ((_same(em, jm) and _same(et, jt)) or (_same(em, jt) and _same(et, jm))):
                continue
            if path and isinstance(path[-1], Item) and (em is None or et is None):
                return t if m is ABSENT else m  # an item deleted vs edited: the edited one stays
            return m if _same(em, jm) else t
        entry = {"path": text, "base": jb, "mine": jm, "theirs": jt, "at": self.at}
        key = conflict_key(entry)
        if key not in self._new_keys:
            self._new_keys.add(key)
            self.new.append(entry)
        return kept

    # -- lists -------------------------------------------------------------------------------

    def _merge_list(
        self, path: Path, rule: Rule, b: list[Any], m: list[Any], t: list[Any]
    ) -> list[Any]:
        bl, ml, tl = _joint_labels(b, m, t, rule)
        bmap, mmap, tmap = (
            dict(zip(bl, b, strict=True)),
            dict(zip(ml, m, strict=True)),
            dict(zip(tl, t, strict=True)),
        )
        merged: dict[str, Any] = {}
        for label in [
            *ml,
            *(x for x in tl if x not in mmap),
            *(x for x in bl if x not in mmap and x not in tmap),
        ]:
            bi, mi, ti = bmap.get(label, ABSENT), mmap.get(label, ABSENT), tmap.get(label, ABSENT)
            where = (*path, Item(label))
            if bi is not ABSENT and (mi is ABSENT or ti is ABSENT):
                present = ti if mi is ABSENT else mi
                if present is ABSENT or _same(present, bi):
                    continue  # deleted on one side (or both), unchanged on the other
                value = self._conflict(where, bi, mi, ti, kept=present)
            else:
                value = self._merge_value(where, bi, mi, ti)
            if value is not ABSENT:
                merged[label] = value
        order = self._order(path, merged, bl, ml, tl)
        return [merged[label] for label in order]

    def _order(
        self, path: Path, merged: dict[str, Any], bl: list[str], ml: list[str], tl: list[str]
    ) -> list[str]:
        mset, tset = set(ml), set(tl)
        common = [x for x in bl if x in mset and x in tset]
        cset = set(common)
        mo = [x for x in ml if x in cset]
        to = [x for x in tl if x in cset]
        if mo == to or to == common:
            lead, follow = ml, tl
        elif mo == common:
            lead, follow = tl, ml  # reordered on their side only
        else:
            kept = self._conflict((*path, ORDER), common, mo, to, kept=mo)
            lead, follow = (tl, ml) if kept is to else (ml, tl)
        return _interleave(
            [x for x in lead if x in merged], [x for x in follow if x in merged], cset
        )

    # -- new ids added on both sides -----------------------------------------------------------

    def _renumber(self, b: dict[str, Any], m: dict[str, Any], t: dict[str, Any]) -> None:
        for kind in ID_LISTS:
            blist, mlist, tlist = (d.get(kind) for d in (b, m, t))
            lists = (blist, mlist, tlist)
            if not all(isinstance(x, list) and all(_has_id(i) for i in x) for x in lists):
                continue
            assert isinstance(blist, list) and isinstance(mlist, list) and isinstance(tlist, list)
            b_ids = {i["id"] for i in blist}
            m_by = {i["id"]: i for i in mlist}
            t_by = {i["id"]: i for i in tlist}
            m_new = [i for i in m_by if i not in b_ids]
            t_new = [i for i in t_by if i not in b_ids]
            same_ids = {i for i in m_new if i in t_by and _content(m_by[i]) == _content(t_by[i])}
            mine_map: dict[str, str] = {}
            theirs_map: dict[str, str] = {}
            paired: dict[str, str] = {}
            paired_t: set[str] = set()
            for i in m_new:
                if i in same_ids:
                    continue
                content = _content(m_by[i])
                for j in t_new:
                    if j in same_ids or j in paired_t or _content(t_by[j]) != content:
                        continue
                    paired[i] = j
                    paired_t.add(j)
                    if j != i and j in m_by and i not in t_by:
                        theirs_map[j] = i  # theirs' id is taken here by another new item
                        self.notes.append(
                            f"the other copy's new {_NOUNS[kind]} {j} is the same as new {i} here; "
                            f"kept once, as {i}"
                        )
                    elif j != i:
                        mine_map[i] = j
                        self.notes.append(
                            f"new {_NOUNS[kind]} {i} is the same as the other copy's new {j}; "
                            f"kept once, as {j}"
                        )
                    break
            taken = b_ids | set(m_by) | set(t_by)
            theirs_ids = {theirs_map.get(j, j) for j in t_by}
            for i in m_new:
                if i in same_ids or i in paired or i not in theirs_ids:
                    continue
                fresh = _fresh_id(i, taken)
                taken.add(fresh)
                mine_map[i] = fresh
                self.notes.append(
                    f"new {_NOUNS[kind]} {i} ({_what(m_by[i])}) is now {fresh}: the other copy "
                    f"added a different {_NOUNS[kind]} {i}"
                )
            if mine_map:
                _rename(m, kind, mine_map)
                self.renumbered[kind] = mine_map
            if theirs_map:
                _rename(t, kind, theirs_map)
                self.renumbered_theirs[kind] = theirs_map

    # -- fields that go together ---------------------------------------------------------------

    def _check_groups(
        self, event: dict[str, Any], b: dict[str, Any], m: dict[str, Any], t: dict[str, Any]
    ) -> None:
        self._group((), event, b, m, t, ("start", "end", "report_out"), _dates_ok)
        self._reason_follows_status(event, b, m, t)
        metrics = event.get("metrics")
        if not isinstance(metrics, list):
            return
        rule = rule_for(("metrics",))
        sides = [_by_label(d.get("metrics"), rule) for d in (b, m, t)]
        for label, item in zip(item_labels(metrics, rule), metrics, strict=True):
            bi, mi, ti = (side.get(label, {}) for side in sides)
            if isinstance(item, dict) and mi and ti:
                fields = ("direction", "baseline", "target")
                self._group(("metrics", Item(label)), item, bi, mi, ti, fields, _metric_ok)

    def _reason_follows_status(
        self, event: dict[str, Any], b: dict[str, Any], m: dict[str, Any], t: dict[str, Any]
    ) -> None:
        """The reason belongs to its move (logic.transitions): when the status was changed two
        ways, mine's reason stays with mine's status and theirs' is recorded beside it, so that
        taking theirs' status can take its reason too (else an event taken back to "live" would
        keep "budget cut" as the reason it was abandoned)."""
        bs, ms, ts = (_get(d, "status") for d in (b, m, t))
        if _same(ms, ts) or _same(bs, ms) or _same(bs, ts):
            return
        br, mr, tr = (_get(d, "status_reason") for d in (b, m, t))
        if _same(mr, tr):
            return
        kept = self._conflict(("status_reason",), br, mr, tr, kept=mr)
        if kept is ABSENT:
            event.pop("status_reason", None)
        else:
            event["status_reason"] = kept

    def _group(
        self,
        path: Path,
        target: dict[str, Any],
        b: dict[str, Any],
        m: dict[str, Any],
        t: dict[str, Any],
        fields: tuple[str, ...],
        ok: Callable[[dict[str, Any]], bool],
    ) -> None:
        # both ways of taking the fields changed two ways must fit, else which side is mine
        # would decide whether the group is checked (and which values can be chosen back)
        if ok(target) and ok(_other_way(target, b, m, t, fields)):
            return
        differing = [f for f in fields if not _same(_get(m, f), _get(t, f))]
        # an earlier merge may have decided these already; keep what it kept, if that fits
        candidate = dict(target)
        for f in fields:
            candidate[f] = _get(m, f)
        for f in differing:
            known = self._known((*path, f), _get(b, f), _get(m, f), _get(t, f))
            if known is not ABSENT:
                candidate[f] = known
        if not ok({k: v for k, v in candidate.items() if v is not ABSENT}):
            candidate = {**target, **{f: _get(m, f) for f in fields}}
        for f in fields:
            value = candidate[f]
            if value is ABSENT:
                target.pop(f, None)
            else:
                target[f] = value
        for f in differing:
            self._conflict((*path, f), _get(b, f), _get(m, f), _get(t, f), kept=candidate[f])

    def _known(self, path: Path, b: Any, m: Any, t: Any) -> Any:
        """The value an earlier merge kept for these two values at ``path``, or ABSENT."""
        text = format_path(path)
        jb, jm, jt = _json(b), _json(m), _json(t)
        for entry in self.recorded:
            if entry.get("path") == text and _same(entry.get("base"), jb):
                em, et = entry.get("mine"), entry.get("theirs")
                if (_same(em, jm) and _same(et, jt)) or (_same(em, jt) and _same(et, jm)):
                    return m if _same(em, jm) else t
        return ABSENT

    # -- links to deleted items ----------------------------------------------------------------

    def _keep_linked(
        self, event: dict[str, Any], b: dict[str, Any], m: dict[str, Any], t: dict[str, Any]
    ) -> None:
        """A root cause or metric deleted on one side while the merged event still points to it
        (an action linked to it, a review reading it on the other side) is kept, with a conflict."""
        links = {
            "root_causes": [
                a.get("root_cause") for a in _dicts(event.get("actions")) if a.get("root_cause")
            ],
            "metrics": [
                k
                for r in _dicts(event.get("reviews"))
                for k in (r.get("readings") or {})
                if isinstance(r.get("readings"), dict)
            ],
        }
        for kind, wanted in links.items():
            items = event.get(kind)
            if not isinstance(items, list):
                continue
            have = {i.get("id") for i in _dicts(items)}
            for item_id in dict.fromkeys(wanted):
                if item_id in have:
                    continue
                found = [_find_id(d.get(kind), item_id) for d in (b, m, t)]
                source = found[1] if found[1] is not ABSENT else found[2]
                if source is ABSENT:
                    continue  # pointing nowhere on both sides: the validation below says so
                order = [
                    i.get("id") for i in _dicts((m if found[1] is not ABSENT else t).get(kind))
                ]
                _insert_after(items, source, order)
                have.add(item_id)
                label = item_labels([source], rule_for((kind,)))[0]
                self._conflict((kind, Item(label)), found[0], found[1], found[2], kept=source)
                self.notes.append(
                    f"{_NOUNS[kind]} {item_id} is kept: deleted on one side, but the merged event "
                    "still points to it"
                )


def _joint_labels(
    b: list[Any], m: list[Any], t: list[Any], rule: Rule
) -> tuple[list[str], list[str], list[str]]:
    """Labels for the items of three versions of one list, so the same item has the same label.

    An identity seen once per version is its own label. Namesakes (an identity seen twice in some
    version: two people called Chen, two "Lunch" boxes) are told apart by content first (an item
    unchanged since the base, or the same new item on both sides), then by their place among the
    namesakes, so deleting the first of two is not read as editing it into the second."""
    texts = [[identity_text(item, rule) for item in items] for items in (b, m, t)]
    labels = [list(x) for x in texts]
    counts: dict[str, int] = {}
    for version in texts:
        for text, n in Counter(version).items():
            counts[text] = max(counts.get(text, 0), n)
    for text, most in counts.items():
        if most < 2:
            continue
        at = [[i for i, x in enumerate(version) if x == text] for version in texts]
        keys = [
            [canonical(items[i]) for i in where] for items, where in zip((b, m, t), at, strict=True)
        ]
        base_labels = [text if n == 0 else f"{text}~{n + 1}" for n in range(len(at[0]))]
        fresh = iter(
            f"{text}~{n}" for n in range(most + 1, 10 * most + len(b) + len(m) + len(t) + 2)
        )
        chosen: list[dict[int, str]] = [dict(enumerate(base_labels)), {}, {}]
        for side in (1, 2):
            for n, key in enumerate(keys[0]):  # unchanged, at its place among its namesakes
                if n < len(keys[side]) and keys[side][n] == key:
                    chosen[side][n] = base_labels[n]
            for n, key in enumerate(keys[0]):  # unchanged, elsewhere (one before it was deleted)
                if base_labels[n] in chosen[side].values():
                    continue
                match = next(
                    (k for k, x in enumerate(keys[side]) if x == key and k not in chosen[side]),
                    None,
                )
                if match is not None and base_labels[n] not in chosen[side].values():
                    chosen[side][match] = base_labels[n]
        for k, key in enumerate(keys[1]):  # the same new item on both sides
            if k in chosen[1]:
                continue
            match = next(
                (j for j, x in enumerate(keys[2]) if x == key and j not in chosen[2]), None
            )
            if match is not None:
                label = next(fresh)
                chosen[1][k] = chosen[2][match] = label
        for side in (1, 2):  # the rest by place among the namesakes
            free = [x for x in base_labels if x not in chosen[side].values()]
            for k in range(len(keys[side])):
                if k not in chosen[side]:
                    chosen[side][k] = free.pop(0) if free else next(fresh)
        for version, where, choice in zip(labels, at, chosen, strict=True):
            for k, i in enumerate(where):
                version[i] = choice[k]
    return labels[0], labels[1], labels[2]


def _interleave(lead: list[str], follow: list[str], common: set[str]) -> list[str]:
    """One order from two: ``lead`` decides between items both sides had in the base (it is the
    side that reordered them, if one did); each side's own new items stay after the item they
    followed there; where the two sides disagree about items new on both, or put new items at
    the same place, the smaller label goes first. Symmetric in the two sides when neither
    reordered, so either side merging gives the same list, and merging again changes nothing."""
    lead_set, follow_set = set(lead), set(follow)
    out: list[str] = []
    done: set[str] = set()
    i = j = 0

    def emit(label: str) -> None:
        out.append(label)
        done.add(label)

    while True:
        while i < len(lead) and lead[i] in done:
            i += 1
        while j < len(follow) and follow[j] in done:
            j += 1
        if i >= len(lead) and j >= len(follow):
            return out
        if i >= len(lead) or j >= len(follow):
            emit(lead[i] if j >= len(follow) else follow[j])
            continue
        a, b = lead[i], follow[j]
        if a == b:
            emit(a)
        elif a not in follow_set and b not in lead_set:
            # both sides put new items here: the run with the smaller first label goes first
            seq, k, other = (
                (lead, i, follow_set) if _natural(a) <= _natural(b) else (follow, j, lead_set)
            )
            while k < len(seq) and seq[k] not in other and seq[k] not in done:
                emit(seq[k])
                k += 1
        elif a not in follow_set:
            emit(a)
        elif b not in lead_set:
            emit(b)
        elif a in common and b in common:
            emit(a)
        else:
            emit(a if _natural(a) <= _natural(b) else b)


def _natural(label: str) -> tuple[Any, ...]:
    """Sort key that puts A9 before A10. The numbers are what the split captured (every other
    part), not parts that pass str.isdigit(): "²" does, and int() refuses it."""
    return tuple(int(p) if n % 2 else p for n, p in enumerate(re.split(r"(\d+)", label)))


# -- helpers -----------------------------------------------------------------------------------


def _conflicts_of(doc: dict[str, Any]) -> list[Any]:
    value = doc.get(CONFLICTS)
    return value if isinstance(value, list) else []


def _merge_conflict_lists(b: list[Any], m: list[Any], t: list[Any]) -> list[Any]:
    """Conflict entries as a set: one resolved (removed) on one side is gone; one recorded on
    either side is kept; the same one recorded on both sides is kept once."""
    bk = {conflict_key(c) for c in b}
    mk = {conflict_key(c) for c in m}
    tk = {conflict_key(c) for c in t}
    out: list[Any] = []
    seen: set[str] = set()
    for entries, other in ((m, tk), (t, mk)):
        for entry in entries:
            key = conflict_key(entry)
            if key in seen or (key in bk and key not in other):
                continue
            seen.add(key)
            out.append(copy.deepcopy(entry))
    return out


def _counter(b: Any, m: Any, t: Any) -> Any:
    if _same(m, t) or _same(b, t):
        return m
    if _same(b, m):
        return t
    if m is ABSENT or m is None:
        return t
    if t is ABSENT or t is None:
        return m
    try:
        return max(m, t)
    except TypeError:
        return m


def _has_id(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("id"), str) and bool(item["id"])


def _content(item: dict[str, Any]) -> str:
    return canonical({k: v for k, v in item.items() if k != "id"})


def _what(item: dict[str, Any]) -> str:
    for key in ("what", "name", "cause", "problem", "tried"):
        text = item.get(key)
        if isinstance(text, str) and text.strip():
            text = " ".join(text.split())
            return repr(text if len(text) <= 40 else text[:39] + "…")
    return "no title"


def _fresh_id(old: str, taken: set[str]) -> str:
    """The next free id in ``old``'s series (``A7`` → ``A9`` when A8 is taken), at most 20
    characters as the model requires."""
    prefix = old.rstrip("0123456789")
    highest = 0
    for item_id in taken:
        if item_id.startswith(prefix) and item_id[len(prefix) :].isdigit():
            highest = max(highest, int(item_id[len(prefix) :]))
    number = highest + 1
    while True:
        digits = str(number)
        candidate = prefix[: 20 - len(digits)] + digits
        if candidate not in taken:
            return candidate
        number += 1


def _rename(doc: dict[str, Any], kind: str, mapping: dict[str, str]) -> None:
    """Give items of ``kind`` new ids (all at once, so ``{A7: A9, A8: A7}`` works) and make what
    points to them follow."""
    for item in _dicts(doc.get(kind)):
        if item.get("id") in mapping:
            item["id"] = mapping[item["id"]]
    if kind == "root_causes":
        for action in _dicts(doc.get("actions")):
            if action.get("root_cause") in mapping:
                action["root_cause"] = mapping[action["root_cause"]]
    elif kind == "actions":
        for item in [*_dicts(doc.get("parking_lot")), *_dicts(doc.get("experiments"))]:
            if item.get("action") in mapping:
                item["action"] = mapping[item["action"]]
    elif kind == "metrics":
        for review in _dicts(doc.get("reviews")):
            readings = review.get("readings")
            if isinstance(readings, dict):
                review["readings"] = {mapping.get(k, k): v for k, v in readings.items()}


def _dicts(items: Any) -> list[dict[str, Any]]:
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _by_label(items: Any, rule: Rule) -> dict[str, Any]:
    if not isinstance(items, list):
        return {}
    return dict(zip(item_labels(items, rule), items, strict=True))


def _find_id(items: Any, item_id: str) -> Any:
    for item in _dicts(items):
        if item.get("id") == item_id:
            return item
    return ABSENT


def _insert_after(items: list[Any], item: Any, order: list[Any]) -> None:
    """Insert ``item`` after the nearest item that preceded it in ``order``."""
    position = order.index(item.get("id")) if item.get("id") in order else len(order)
    ids = [i.get("id") if isinstance(i, dict) else None for i in items]
    for before in reversed(order[:position]):
        if before in ids:
            items.insert(ids.index(before) + 1, copy.deepcopy(item))
            return
    items.insert(0, copy.deepcopy(item))


def _other_way(
    target: dict[str, Any],
    b: dict[str, Any],
    m: dict[str, Any],
    t: dict[str, Any],
    fields: tuple[str, ...],
) -> dict[str, Any]:
    """``target`` with each of ``fields`` that was changed two ways holding the value it did not
    keep: what the merge gives with the sides swapped."""
    other = dict(target)
    for f in fields:
        bv, mv, tv = _get(b, f), _get(m, f), _get(t, f)
        if _same(mv, tv) or _same(bv, mv) or _same(bv, tv):
            continue
        value = tv if _same(target.get(f, ABSENT), mv) else mv
        if value is ABSENT:
            other.pop(f, None)
        else:
            other[f] = value
    return other


def _dates_ok(event: dict[str, Any]) -> bool:
    start, end, report_out = (event.get(k) for k in ("start", "end", "report_out"))
    if isinstance(start, str) and isinstance(end, str) and end < start:
        return False
    return not (isinstance(start, str) and isinstance(report_out, str) and report_out < start)


def _metric_ok(metric: dict[str, Any]) -> bool:
    base, target = metric.get("baseline"), metric.get("target")
    if not isinstance(base, int | float) or not isinstance(target, int | float) or base == target:
        return True
    if metric.get("direction", "lower") == "lower":
        return target <= base
    return target >= base


def _invalid(event: dict[str, Any]) -> str | None:
    """Why the model refuses ``event``, or None when it validates."""
    from kaizen_tui.errors import BundleError
    from kaizen_tui.model import parse_event

    try:
        parse_event(event)
    except BundleError as err:
        return str(err)
    return None
