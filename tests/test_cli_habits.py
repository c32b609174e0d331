"""Habits of a well-behaved command: -h like --help, tables that fit the terminal."""

from __future__ import annotations

from rich.cells import cell_len

from .conftest import CliRunner


def test_dash_h_is_help_on_every_command(kaizen: CliRunner) -> None:
    for args in ([], ["list"], ["config"], ["browser"]):
        short, long = kaizen(*args, "-h"), kaizen(*args, "--help")
        assert short.returncode == long.returncode == 0
        assert short.stdout == long.stdout
        assert short.stdout.startswith("Usage: kaizen")


def test_the_list_fits_the_terminal(kaizen: CliRunner) -> None:
    assert kaizen("demo", "--no-open").returncode == 0
    wide = kaizen("list", env={"COLUMNS": "200"}).stdout.splitlines()
    assert wide[0].split() == ["ID", "TITLE", "AREA", "STATUS", "OPEN", "OVERDUE", "NEXT", "REVIEW"]
    for columns in (80, 100, 120):
        lines = kaizen("list", env={"COLUMNS": str(columns)}).stdout.splitlines()
        assert len(lines) == 4
        assert max(cell_len(line) for line in lines) <= columns, (columns, lines)
    narrow = kaizen("list", env={"COLUMNS": "80"}).stdout.splitlines()
    assert "AREA" not in narrow[0]  # the area column gives way first, the title stays readable
    assert all(line.split()[0].startswith(("ID", "KZ-DEMO-")) for line in narrow)


def test_shell_completion_offers_event_ids(kaizen: CliRunner) -> None:
    assert kaizen("demo", "--no-open").returncode == 0
    words = {"_KAIZEN_COMPLETE": "bash_complete", "COMP_CWORD": "2"}
    offered = kaizen(env={**words, "COMP_WORDS": "kaizen a3 kz-demo-"}).stdout.split()
    assert sorted(offered) == [
        "plain,KZ-DEMO-DISCHARGE",
        "plain,KZ-DEMO-INVOICE",
        "plain,KZ-DEMO-SMED",
    ]
    only = kaizen(env={**words, "COMP_WORDS": "kaizen export KZ-DEMO-S"}).stdout.split()
    assert only == ["plain,KZ-DEMO-SMED"]
    script = kaizen(env={"_KAIZEN_COMPLETE": "bash_source"})
    assert script.returncode == 0 and "_kaizen_completion" in script.stdout
