"""Routers of the monitor server: one per resource."""
