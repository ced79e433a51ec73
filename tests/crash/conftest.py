"""A corpus of real news text for the kill tests, and running `sitrep` as a process that can be killed.

The corpus is 300 short documents, each a headline and two real paragraphs
from the committed fixtures (support/realtext.py). Document i pairs paragraph
i with paragraph i + 1 + i // n, so no two documents share a body, and small
texts keep the analysis of hundreds of them within a few seconds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from support.realtext import paragraphs

SITREP = Path(sys.executable).parent / "sitrep"
DOCUMENTS = 300


def write_corpus(folder: Path, count: int = DOCUMENTS) -> list[Path]:
    """`count` text files: a headline (the opening words of another paragraph) and two
    paragraphs; the date in the name is the publication date."""
    units = paragraphs()
    n = len(units)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        headline = " ".join(units[(i * 7) % n].split()[:8]).rstrip(".,;:!?\"”")
        path = folder / f"report-{i:03d}-2016-{i % 12 + 1:02d}-{i % 28 + 1:02d}.txt"
        path.write_text(f"{headline}\n\n{units[i % n]}\n\n{units[(i + 1 + i // n) % n]}\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[Path]:
    """The 300 documents (written once per test session)."""
    return write_corpus(tmp_path_factory.mktemp("kill-corpus"))


class Run:
    """A `sitrep` command started in its own process group, so the test can kill it and
    every process it started (Dask's workers) at once."""

    def __init__(self, *args: str):
        self.stderr = ""
        self.process = subprocess.Popen([str(SITREP), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                        text=True, start_new_session=True)

    def kill_when(self, ready: Callable[[], bool], *, delay: float = 0.0, timeout: float = 180) -> None:
        """SIGKILL the process group once `ready()` is true (then after `delay` seconds);
        fails if the command finishes first, since then nothing was interrupted."""
        deadline = time.monotonic() + timeout
        while not ready():
            assert self.process.poll() is None, f"finished before it could be killed: {self.process.stderr.read()}"
            assert time.monotonic() < deadline, "the kill point was never reached"
            time.sleep(0.05)
        time.sleep(delay)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.stderr = self.process.stderr.read()
        assert self.process.returncode == -signal.SIGKILL, (self.process.returncode, self.stderr)

    def finish(self, timeout: float = 300) -> int:
        """Wait for the command to end; its exit status."""
        _, self.stderr = self.process.communicate(timeout=timeout)
        return self.process.returncode


@pytest.fixture
def start():
    """Start `sitrep ARGS...`; whatever is still running at the end of the test is killed."""
    runs: list[Run] = []

    def _start(*args: str) -> Run:
        runs.append(Run(*args))
        return runs[-1]

    yield _start
    for run in runs:
        if run.process.poll() is None:
            os.killpg(run.process.pid, signal.SIGKILL)
            run.process.wait(timeout=30)
