"""The dashboard's tables as files (report/tables.py): CSV that a spreadsheet reads as typed, and
which columns are numbers. The tables' contents are checked against `kaizen report --json` on a
real hub in test_hub_dashboard.py."""

from __future__ import annotations

import csv
import io

from kaizen_tui.report.tables import DataTable, table_csv


def test_csv_keeps_text_inert_and_numbers_as_numbers() -> None:
    table = DataTable(
        "owners",
        "Overdue actions by owner",
        ("Owner", "Overdue actions", "Share %"),
        (
            ('=HYPERLINK("http://x")', 3, 42.5),
            ('-Maria, "the" lead', 1, None),
            ("@Jan\nNowak", 12, 0.0),
        ),
    )
    text = table_csv(table)
    assert text.startswith("Owner,Overdue actions,Share %\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1:] == [
        ['\'=HYPERLINK("http://x")', "3", "42.5"],
        ['\'-Maria, "the" lead', "1", ""],
        ["'@Jan\nNowak", "12", "0.0"],
    ]
    assert table.numeric == (False, True, True)


def test_a_column_of_nothing_or_mixed_values_is_not_numeric() -> None:
    table = DataTable("t", "T", ("a", "b", "c"), ((None, "x", 1), (None, 2, 3)))
    assert table.numeric == (False, False, True)
    assert DataTable("t", "T", ("a",), ()).numeric == (False,)
