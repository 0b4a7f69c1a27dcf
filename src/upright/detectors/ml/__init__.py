"""The ML tier: MiniLM sentence embeddings and a trained logistic-regression head per category.

Importing this package registers `ml_heads` (`MLDetector`). The encoder loads lazily on the
first score; training lives in `train` (`upright detectors train`), data in `trainset`.
"""

from upright.detectors.ml.detector import MLDetector

__all__ = ["MLDetector"]
