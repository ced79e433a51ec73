"""First stub of the attribution component (being written)."""

from spacy.language import Language
from spacy.tokens import Doc

from .annotations import annotations


@Language.factory("sitrep_attribution")
def make_component(nlp: Language, name: str):
    return lambda doc: (annotations(doc), doc)[1]
