"""Paragraph breaks are sentence breaks.

The parser would otherwise run a quote's last sentence into the next
paragraph ("... in Russia, he said.\\n\\nIS’ ..."), and every later stage
reads sentences. Runs before the parser, which keeps preset boundaries.
"""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("sitrep_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc
