"""The faster attribute rules and lemmatizer (sitrep/extract/model_rules.py) annotate exactly as
spaCy's own components of the English model do: on hand-built Docs that reach each kind of
pattern (two-token patterns, an index past the first token, REGEX, NOT_IN, space tokens), and
token by token on real articles. So does the model run with NumPy's matrix product
(sitrep.nlp.use_numpy_matmul) instead of BLIS's."""

from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lookups import Lookups
from spacy.tokens import Doc
from thinc.api import Model

from sitrep.extract.model_rules import CachedLemmatizer, IndexedAttributeRuler, use_faster_rules
from sitrep.nlp import MODEL, use_numpy_matmul

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLES = sorted((FIXTURES / "sources-entities").glob("*.txt")) + [FIXTURES / "seed-breitbart-2016-03-25.txt"]
COMPARED = [POS, TAG, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def models():
    """spaCy's English model as shipped, and the same model with the faster rules."""
    stock, faster = spacy.load(MODEL), spacy.load(MODEL)
    use_faster_rules(faster)
    return stock, faster


def hand_built(nlp, words, tags, deps, heads, spaces=None) -> Doc:
    """A tagged and parsed Doc from its parts, as spaCy's own tests build them."""
    return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads, spaces=spaces)


def after_rules(nlp, doc: Doc) -> numpy.ndarray:
    for name in ("attribute_ruler", "lemmatizer"):
        doc = nlp.get_pipe(name)(doc)
    return doc.to_array(COMPARED)


# Each row: words, tags, dependency labels, heads (absolute), and what the patterns reach.
HAND_BUILT = [
    # "ai n't" (two tokens, REGEX on the second) and "gon na" (an index past the first token)
    (["I", "ai", "n't", "gon", "na", "go"], ["PRP", "VBP", "RB", "VBG", "TO", "VB"],
     ["nsubj", "aux", "neg", "aux", "aux", "ROOT"], [5, 5, 5, 5, 5, 5]),
    # "y' all" (REGEX on the first token) and "There is" (a dependency, then a form at index 1)
    (["y'", "all", "know", "there", "is", "a", "war"], ["PRP", "DT", "VBP", "EX", "VBZ", "DT", "NN"],
     ["nsubj", "appos", "ROOT", "expl", "ccomp", "det", "attr"], [2, 0, 2, 4, 2, 6, 4]),
    # "but" as an adverb (tag, form and dependency at once), "his", "it" as a subject and object
    (["But", "it", "saw", "his", "plan", "but", "liked", "it"], ["CC", "PRP", "VBD", "PRP$", "NN", "CC", "VBD", "PRP"],
     ["advmod", "nsubj", "ROOT", "poss", "dobj", "cc", "conj", "dobj"], [2, 2, 2, 4, 2, 2, 2, 6]),
    # "Let them" is not "Let's": a two-token pattern whose first token fits, second not
    (["Let", "them", "go"], ["VB", "PRP", "VB"], ["ROOT", "nsubj", "ccomp"], [0, 2, 0]),
    # DT as a pronoun (NOT_IN on the dependency), "have" as the main verb, "not"
    (["That", "did", "not", "have", "that", "effect"], ["DT", "VBD", "RB", "VB", "DT", "NN"],
     ["nsubj", "aux", "neg", "ROOT", "det", "dobj"], [3, 3, 3, 3, 5, 3]),
]


@pytest.mark.parametrize("words, tags, deps, heads", HAND_BUILT)
def test_hand_built_docs_get_spacys_annotations(models, words, tags, deps, heads):
    stock, faster = models
    expected = after_rules(stock, hand_built(stock, words, tags, deps, heads))
    assert numpy.array_equal(after_rules(faster, hand_built(faster, words, tags, deps, heads)), expected)
    assert (expected[:, 0] != 0).all()  # every token got a part of speech: the rules ran


def test_a_space_token_gets_spacys_tag_and_dependency(models):
    stock, faster = models
    words, tags, deps, heads = ["Hello", "\n\n", "world"], ["UH", "_SP", "NN"], ["ROOT", "dep", "appos"], [0, 0, 0]
    spaces = [True, False, False]
    expected = after_rules(stock, hand_built(stock, words, tags, deps, heads, spaces))
    assert numpy.array_equal(after_rules(faster, hand_built(faster, words, tags, deps, heads, spaces)), expected)
    assert stock.vocab.strings[int(expected[1, 0])] == "SPACE"


def test_real_articles_get_spacys_annotations_token_by_token(models):
    stock, faster = models
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    pairs = zip(stock.pipe(texts), faster.pipe(texts))
    differing = [path.name for path, (a, b) in zip(ARTICLES, pairs)
                 if not numpy.array_equal(a.to_array(COMPARED), b.to_array(COMPARED))]
    assert differing == []


def test_the_faster_components_stand_where_the_models_did(models):
    stock, faster = models
    assert faster.pipe_names == stock.pipe_names
    assert isinstance(faster.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(faster.get_pipe("lemmatizer"), CachedLemmatizer)
    assert faster.get_pipe("attribute_ruler")._current_index() is not None  # the model's patterns are indexable


def test_a_pattern_the_index_cannot_read_falls_back_to_the_matcher(models):
    _, faster = models
    ruler = IndexedAttributeRuler(faster.vocab, "rules")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"LEMMA": "VERY"})
    doc = hand_built(faster, ["very", "very", "big"], ["RB", "RB", "JJ"], ["advmod", "advmod", "ROOT"], [2, 2, 2])
    assert ruler._current_index() is None
    assert ruler(doc)[0].lemma_ == "VERY"


def test_a_pattern_added_later_is_used(models):
    _, faster = models
    ruler = IndexedAttributeRuler(faster.vocab, "rules")
    ruler.add([[{"LOWER": "daesh"}]], {"LEMMA": "ISIS"})
    doc = hand_built(faster, ["Daesh", "struck"], ["NNP", "VBD"], ["nsubj", "ROOT"], [1, 1])
    assert ruler(doc)[0].lemma_ == "ISIS"
    ruler.add([[{"TAG": "VBD"}]], {"LEMMA": "strike"})
    doc = hand_built(faster, ["Daesh", "struck"], ["NNP", "VBD"], ["nsubj", "ROOT"], [1, 1])
    assert [t.lemma_ for t in ruler(doc)] == ["ISIS", "strike"]


def test_the_lemmatizer_keeps_lemmas_the_rules_set(models):
    _, faster = models
    doc = faster("He's been gonna say it ain't so.")
    assert [t.lemma_ for t in doc][:3] == ["he", "be", "be"]
    assert doc[3].lemma_ == "go"


def test_new_tables_replace_the_lemmas_kept_from_the_old():
    """Lemmas are kept per form; tables loaded later (initialize, from_bytes) must not be
    answered from what the old tables gave (spaCy's own lemmatizer keeps its stale cache)."""
    faster = spacy.load(MODEL)
    use_faster_rules(faster)
    lemmatizer = faster.get_pipe("lemmatizer")
    assert faster("They were sprinting.")[2].lemma_ == "sprint"
    lookups = Lookups()
    for name in ("lemma_index", "lemma_exc", "lemma_rules"):
        table = lemmatizer.lookups.get_table(name)
        lookups.add_table(name, {key: list(value) if isinstance(value, list) else dict(value)
                                 for key, value in table.items()})
    lookups.get_table("lemma_exc")[faster.vocab.strings["verb"]]["sprinting"] = ["dash"]
    lemmatizer.initialize(lookups=lookups)
    assert faster("They were sprinting.")[2].lemma_ == "dash"


def test_the_model_run_with_numpys_matmul_annotates_as_with_blis():
    """Tags, parses and entities of real articles as stock spaCy gives them, and the tok2vec
    rows the event coder reads equal to float precision."""
    stock, numpy_matmul = spacy.load(MODEL), spacy.load(MODEL)
    use_numpy_matmul(numpy_matmul)
    layers = [layer for _, pipe in numpy_matmul.pipeline if isinstance(getattr(pipe, "model", None), Model)
              for layer in pipe.model.walk()]
    assert layers and all(layer.ops.use_blis is False for layer in layers)
    texts = [path.read_text(encoding="utf-8") for path in ARTICLES]
    columns = [TAG, POS, DEP, HEAD, ENT_IOB, ENT_TYPE, LEMMA]
    for path, a, b in zip(ARTICLES, stock.pipe(texts), numpy_matmul.pipe(texts)):
        assert numpy.array_equal(a.to_array(columns), b.to_array(columns)), path.name
        assert numpy.allclose(a.tensor, b.tensor, atol=1e-4), path.name
