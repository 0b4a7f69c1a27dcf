"""Constitutional training data: a YAML constitution in, TRL-format rows with provenance out.

`load_spec` reads and checks a constitution; `build` writes docs, fiction, critique-revision,
preference pairs, difficult-advice chats and aligned demos, minus anything too close to
held-out scenario text; `curate_documents` flags harmful and AI-villain documents in a corpus;
`sample_texts` is what a tokenizer should see of the generator's text.
"""

from upright.constitution.build import build
from upright.constitution.config import BuildConfig
from upright.constitution.curate import CurationVerdict, curate, curate_documents
from upright.constitution.sample import sample_texts
from upright.constitution.spec import SpecError, load_spec, parse_spec

__all__ = [
    "BuildConfig",
    "CurationVerdict",
    "SpecError",
    "build",
    "curate",
    "curate_documents",
    "load_spec",
    "parse_spec",
    "sample_texts",
]
