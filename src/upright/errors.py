"""The exception tree. Library code raises these; only the CLI maps them to exit codes."""

from __future__ import annotations


class UprightError(Exception):
    """Base class: a one-line message that names what is wrong and where."""

    exit_code = 1


class UsageError(UprightError):
    """Bad input from the user: an unknown name, a malformed spec, an unreadable file."""

    exit_code = 2


class UnknownScenarioError(UsageError):
    pass


class GridSpecError(UsageError):
    pass


class ResultsFileError(UsageError):
    pass


class DetectorError(UprightError):
    pass
