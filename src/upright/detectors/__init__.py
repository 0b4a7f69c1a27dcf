"""The detector library: one set of detectors for stress tests, monitoring and the guard."""

from upright.detectors.base import Detector, TextUnit, iter_units
from upright.detectors.registry import for_categories, get, names, register, scan

__all__ = [
    "Detector",
    "TextUnit",
    "for_categories",
    "get",
    "iter_units",
    "names",
    "register",
    "scan",
]
