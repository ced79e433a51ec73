"""sitrep: who claims what about whom, how surely, on whose word."""

from .model import Analysis
from .pipeline import analyze

__all__ = ["Analysis", "analyze"]
__version__ = "0.1.0"
