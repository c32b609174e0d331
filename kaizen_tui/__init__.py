"""kaizen-tui: facilitate a kaizen event from charter to sustained result."""

__version__ = "0.1.0"
