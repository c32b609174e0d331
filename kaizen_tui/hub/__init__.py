"""The hub: the shared, always-on home of events (docs/hub.md).

One module a job, so the owner pages and the LPO dashboard (issue 15) add routes and queries
without touching the rest:

    db.py          the one place that opens the database (engine, pragmas, migrations, errors)
    schema.py      the tables, as SQLAlchemy Core (the migrations in migrations/ create them)
    auth.py        bearer tokens: making them, keeping only salted hashes, checking a request's
    users.py       `kaizen hub user add|list|revoke`
    events.py      push (optimistic concurrency), pull, changes since a cursor, the index rows,
                   and who may read and push which event
    queries.py     questions across events in SQL (overdue actions, …)
    api.py         /api/v1 routes (the contract in docs/hub.md)
    pages.py       /e/<share token>/ action pages, rendered by kaizen_tui.web from the database
    app.py         puts the pieces together into one ASGI app
"""
