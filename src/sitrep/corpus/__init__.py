"""The cross-document layer: near-copies, stories and independent corroboration.

It works on stored analyses (bodies, entities, places, claims), never re-parses
text. The pure parts live here; store/ calls them when documents are saved and
answers the cross-document queries.
"""
