"""Geography: the offline gazetteer (names -> candidate places) used by the places extractor."""

from .gazetteer import Candidate, Gazetteer, gazetteer, normalize, stopwords

__all__ = ["Candidate", "Gazetteer", "gazetteer", "normalize", "stopwords"]
