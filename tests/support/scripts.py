"""The repository's scripts/ as modules, for tests that check what a script generates."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def load_script(path: Path | str) -> ModuleType:
    """A script loaded as a module by its file (scripts/ is no package); registered in
    sys.modules, where dataclasses look their module up. A bare name is one of scripts/."""
    path = Path(path)
    if not path.is_absolute():
        path = SCRIPTS / f"{path}.py"
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
