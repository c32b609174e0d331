"""The LPO portfolio report: JSON (data.py), Markdown (markdown.py), PDF (pdf.py, charts.py) and
the facilitator evidence export (evidence.py). Figures come from kaizen_tui.logic.portfolio."""
