"""One module per screen; screens reach data only through ``app.store`` (kaizen_tui.store)."""
