"""kaizen_tui/jsonout.py writes exactly what json.dumps(indent=2, ensure_ascii=False) writes,
streamed lists included (the --json outputs stay byte-identical however they are made)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kaizen_tui.jsonout import Stream, dumps, iter_json

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=200)
@given(VALUES)
def test_the_same_text_as_json_dumps(value: Any) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps(value) == expected
    assert "".join(iter_json(value)) == expected + "\n"


@settings(max_examples=100)
@given(st.dictionaries(st.text(max_size=5), VALUES, max_size=3), st.lists(VALUES, max_size=4))
def test_a_stream_is_written_as_the_list_it_yields(head: dict[str, Any], items: list[Any]) -> None:
    streamed = {**head, "events": Stream(iter(items))}
    expected = json.dumps({**head, "events": items}, ensure_ascii=False, indent=2)
    assert "".join(iter_json(streamed)) == expected + "\n"
    nested = {"outer": {"inner": Stream(iter(items))}}
    expected = json.dumps({"outer": {"inner": items}}, ensure_ascii=False, indent=2)
    assert dumps(nested) == expected


#: Text made of what the output's own structure is made of, to catch a list of records whose
#: separators were found by searching the text (jsonout._flat_records).
STRUCTURAL = st.text(alphabet='{}[],:" \n\\ab', max_size=8)
RECORD_VALUE = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | STRUCTURAL


@settings(max_examples=200)
@given(
    st.lists(st.dictionaries(STRUCTURAL, RECORD_VALUE, min_size=1, max_size=4), max_size=5),
    st.integers(min_value=0, max_value=3),
)
def test_a_list_of_records_with_brackets_and_line_feeds_in_its_strings(
    records: list[dict[str, Any]], depth: int
) -> None:
    value: Any = records
    for _ in range(depth):
        value = {"key": [value]}
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps(value) == expected
    assert "".join(iter_json(value)) == expected + "\n"
