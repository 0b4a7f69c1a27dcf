"""The guard's exceptions, in upright's tree: the CLI maps them to exit codes."""

from __future__ import annotations

from upright.errors import UprightError, UsageError


class PolicyError(UsageError):
    """A policy file that cannot be read or does not validate (names file, line, field)."""


class AccessError(UsageError):
    """An unknown tier, identity, key or request, or a workflow step that is not allowed."""


class AuditError(UprightError):
    """The audit log cannot be read or written."""


class StoreUnavailable(UprightError):
    """The guard's database could not be reached (locked, gone); requests fail closed."""
