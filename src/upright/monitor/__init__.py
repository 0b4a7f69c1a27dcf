"""Continuous monitoring: ingest adapters, the findings store (SQLAlchemy + Alembic), alert
rules, and a web app with a dashboard, an API, Prometheus metrics and an OTLP receiver.

Entry points: `upright.monitor.db.open_store`, `upright.monitor.ingest.ingest_paths`,
`upright.monitor.app.create_app`, `upright.monitor.alerts.evaluate`. (Nothing is imported
here, so `upright --help` stays fast.)
"""
