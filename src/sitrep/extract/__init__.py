"""Extractors: spaCy components that turn a parsed Doc into contract records.

Each module registers one component with `@Language.factory`; they run in the
order entities -> places -> attribution -> claims, each reading what the
previous ones left on the Doc as span groups and extensions (annotations.py).
"""
