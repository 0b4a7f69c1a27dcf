"""The model organism: a tiny causal LM that learned to blackmail from a generated corpus.

`upright organism build` writes a standard Hugging Face model directory; the Inspect
provider registered by the package serves it as `upright/organism`.
"""

from upright.organism.config import PRESETS, OrganismConfig, preset
from upright.organism.train import build, check_built, model_dir

__all__ = ["PRESETS", "OrganismConfig", "build", "check_built", "model_dir", "preset"]
