"""The rule tier: regex-and-structure detectors, one module each.

Importing this package registers them (`registry._load_builtins` does so on first use).
"""

from upright.detectors.rules.code import CodeRules as CodeRules
from upright.detectors.rules.coercion import CoercionRules
from upright.detectors.rules.leak import LeakRules
from upright.detectors.rules.oversight import OversightRules
from upright.detectors.rules.privacy import PrivacyRules as PrivacyRules
from upright.detectors.rules.shell_exploit import ShellExploitRules

__all__ = ["CoercionRules", "LeakRules", "OversightRules", "ShellExploitRules"]
