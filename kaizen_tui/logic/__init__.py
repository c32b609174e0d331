"""Domain rules as plain functions: no Textual, no disk. Every front end (TUI, CLI, A3, web) asks
these the same questions, so an action is overdue in exactly the same way everywhere."""
