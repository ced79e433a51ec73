"""The English model's two rule components, the attribute rules (tag -> part of speech,
morphology and lemma exceptions) and the rule lemmatizer, run with the same output in a
fraction of their time.

Why: bare spaCy spends about a seventh of its time per article in these two pure-Python
components, more than sitrep's own extractors take, and issue 18 asks the whole analysis to
keep up with bare spaCy. Both compute, for each token, a function of a few of its values
(form, tag, dependency, part of speech, morphology); both are rewritten here to answer each
combination once and look it up after.

- `IndexedAttributeRuler`: the Matcher tries each of the model's 179 one- and two-token patterns
  at every token; here, which patterns a token can match or start is kept per combination of
  (lower-case form, tag, dependency, space), and the matches are applied exactly as
  `AttributeRuler.set_annotations` applies them (sorted by pattern, later patterns winning). A
  pattern using anything beyond what `_Check` reads (exact values, IN, NOT_IN and REGEX over
  LOWER, TAG, DEP and IS_SPACE; no quantifiers) makes the ruler use the Matcher, as spaCy does.
- `CachedLemmatizer`: spaCy's rule lemmatizer caches its answer per (form, part of speech,
  morphology) but still makes a Token, calls two methods and stores a string per token (and
  never caches proper nouns); here the answer's hash is kept per combination.

tests/extract/test_model_rules.py compares both with spaCy's own on hand-built Docs and on
real articles, token by token.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Optional

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# The token attributes the index reads, in the column order of Doc.to_array.
COLUMNS = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY_ATTRS = [LOWER, TAG, DEP, IS_SPACE]


class Unsupported(ValueError):
    """A pattern the index cannot reproduce exactly; the Matcher handles the ruler then."""


class _Check:
    """One attribute test of one pattern token, on the hashed values of Doc.to_array."""

    def __init__(self, attr: str, spec: Any, strings) -> None:
        if attr not in COLUMNS:
            raise Unsupported(f"attribute {attr}")
        self.column = COLUMNS[attr]
        self.regex: Optional[re.Pattern] = None
        self.values: Optional[frozenset] = None
        self.negate = False
        if isinstance(spec, dict):
            if len(spec) != 1:
                raise Unsupported(f"token spec {spec!r}")
            (predicate, value), = spec.items()
            if predicate == "REGEX":
                self.regex = re.compile(value)
            elif predicate in ("IN", "NOT_IN"):
                self.values = frozenset(self._hash(attr, v, strings) for v in value)
                self.negate = predicate == "NOT_IN"
            else:
                raise Unsupported(f"predicate {predicate}")
        else:
            self.values = frozenset([self._hash(attr, spec, strings)])

    @staticmethod
    def _hash(attr: str, value: Any, strings) -> int:
        if attr == "IS_SPACE":
            return int(bool(value))
        if not isinstance(value, str):
            raise Unsupported(f"{attr} value {value!r}")
        return strings.add(value) if value else 0

    def required(self) -> Optional[frozenset]:
        """The values a token must hold to pass, when they are a finite set (else None)."""
        return None if self.regex is not None or self.negate else self.values

    def passes(self, row: list, strings) -> bool:
        """Whether a token's values (a row of Doc.to_array) pass; `strings` is the Doc's own."""
        value = row[self.column]
        if self.regex is not None:
            return bool(self.regex.search(strings[value]))
        return (value in self.values) != self.negate


class PatternIndex:
    """Every pattern of a ruler as checks per token. Whether a pattern's first token fits a token
    depends only on the token's four values, so that answer is kept per combination seen: most
    tokens of an article are a dictionary look-up; only a longer pattern whose first token fits
    looks at the tokens after it."""

    CACHE_LIMIT = 200_000  # combinations of form, tag, dependency and space kept (a few MB)

    def __init__(self, patterns: list[dict], strings) -> None:
        self.rules: list[tuple[int, list[list[_Check]]]] = []
        self.cache: dict[tuple, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.keyed: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.unkeyed: list[int] = []
        for attr_id, pattern in enumerate(patterns):
            for tokens in pattern["patterns"]:
                if not tokens or any("OP" in spec for spec in tokens):
                    raise Unsupported("quantified or empty pattern")
                checks = [[_Check(attr, value, strings) for attr, value in spec.items()] for spec in tokens]
                self._file(len(self.rules), checks[0])
                self.rules.append((attr_id, checks))

    def _file(self, rule: int, first: list[_Check]) -> None:
        """Key a rule by one value its first token must hold (its form, else dependency, else
        tag, else space), so a token's candidates are found without trying every rule."""
        by_column = {check.column: check for check in first}
        for column in (COLUMNS[name] for name in ("LOWER", "DEP", "TAG", "IS_SPACE")):
            values = by_column[column].required() if column in by_column else None
            if values is not None:
                for value in values:
                    self.keyed[(column, value)].append(rule)
                return
        self.unkeyed.append(rule)

    def matches(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(pattern id, start, end) of every match, in AttributeRuler's order of application."""
        rows = doc.to_array(ARRAY_ATTRS).tolist()
        strings = doc.vocab.strings
        found = []
        for start, row in enumerate(rows):
            single, longer = self._starting(row, strings)
            found.extend((attr_id, start, start + 1) for attr_id in single)
            for rule in longer:
                attr_id, checks = self.rules[rule]
                end = start + len(checks)
                if end <= len(rows) and all(c.passes(rows[start + i], strings) for i, token in enumerate(checks)
                                            for c in token if i):
                    found.append((attr_id, start, end))
        return sorted(set(found))

    def _starting(self, row: list, strings) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The one-token patterns a token matches, and the longer patterns it can start."""
        key = tuple(row)
        hit = self.cache.get(key)
        if hit is None:
            if len(self.cache) >= self.CACHE_LIMIT:
                self.cache.clear()
            candidates = sorted({*self.unkeyed, *(rule for column, value in enumerate(row)
                                                  for rule in self.keyed.get((column, value), ()))})
            fits = [rule for rule in candidates if all(c.passes(row, strings) for c in self.rules[rule][1][0])]
            hit = self.cache[key] = (
                tuple(sorted({self.rules[rule][0] for rule in fits if len(self.rules[rule][1]) == 1})),
                tuple(rule for rule in fits if len(self.rules[rule][1]) > 1))
        return hit


class IndexedAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler with the Matcher replaced by a PatternIndex where that gives the
    same matches; patterns, serialisation and annotations are the parent's."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._index: Optional[PatternIndex] = None
        self._indexed = -1  # how many patterns the index was built from
        self._match_ids: list[int] = []

    def add(self, patterns, attrs, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._indexed = -1

    def match(self, doc: Doc):
        index = self._current_index()
        if index is None:
            return super().match(doc)
        return [(attr_id, self._match_ids[attr_id], start, end) for attr_id, start, end in index.matches(doc)]

    def _current_index(self) -> Optional[PatternIndex]:
        """The index of the patterns as they stand (built again after any `add`), or None when a
        pattern needs the Matcher."""
        if self._indexed != len(self.attrs):
            try:
                self._index = PatternIndex(self.patterns, self.vocab.strings)
            except Unsupported:
                self._index = None
            self._indexed = len(self.attrs)
            self._match_ids = [self.vocab.strings[str(attr_id)] for attr_id in range(len(self.attrs))]
        return self._index


class WordIndex(list):
    """A part of speech's word list that answers `in` from a set. The rule lemmatizer asks, for
    each form a suffix rule makes, whether it is in that list (57,528 nouns): a scan per
    question, three quarters of spaCy's lemmatizing time. Still a list, so the tables
    serialise as before; the tables are never changed after loading."""

    def __init__(self, words) -> None:
        super().__init__(words)
        self.members = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self.members


class CachedLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer with its word lists searched as sets and its answer kept
    per (form, part of speech, morphology) as a string hash, so a token seen before costs a
    look-up."""

    CACHE_LIMIT = 500_000

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hashes: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        self._index_as_sets()
        try:
            for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
                if self.overwrite or lemma == 0:
                    doc[i].lemma = self._lemma(doc, i, (orth, pos, morph))
            return doc
        except Exception as err:  # noqa: BLE001 — spaCy's own handler decides, as in Lemmatizer
            return self.get_error_handler()(self.name, self, [doc], err)

    def _index_as_sets(self) -> None:
        """The word lists as WordIndex (checked per Doc: loading or initialising replaces them,
        and then the answers kept from the old tables go too, spaCy's own cache with them)."""
        index = self.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            if not isinstance(words, WordIndex):
                index[pos] = WordIndex(words)
                self.hashes.clear()
                self.cache.clear()

    def _lemma(self, doc: Doc, i: int, key: tuple[int, int, int]) -> int:
        value = self.hashes.get(key)
        if value is None:
            if len(self.hashes) >= self.CACHE_LIMIT:
                self.hashes.clear()
            value = self.hashes[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
        return value


@Language.factory("sitrep_attribute_ruler", default_config={"validate": False},
                  requires=["token.tag", "token.dep"],
                  assigns=["token.pos", "token.morph", "token.lemma", "token.tag", "token.dep"])
def make_indexed_attribute_ruler(nlp: Language, name: str, validate: bool) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name, validate=validate)


@English.factory("sitrep_lemmatizer", requires=["token.pos", "token.morph"], assigns=["token.lemma"],
                 default_config={"model": None, "mode": "rule", "overwrite": False})
def make_cached_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)


def use_faster_rules(nlp: Language) -> None:
    """Swap the model's attribute_ruler and rule lemmatizer for the faster components above,
    holding the same patterns and tables (under the same names, so `disable=` still works)."""
    if "attribute_ruler" in nlp.pipe_names:
        patterns = nlp.get_pipe("attribute_ruler").patterns
        nlp.replace_pipe("attribute_ruler", "sitrep_attribute_ruler")
        nlp.get_pipe("attribute_ruler").add_patterns(patterns)
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, EnglishLemmatizer) and lemmatizer.mode == "rule":
        nlp.replace_pipe("lemmatizer", "sitrep_lemmatizer", config={"overwrite": lemmatizer.overwrite})
        nlp.get_pipe("lemmatizer").initialize(lookups=lemmatizer.lookups)
