"""The atheris harnesses (fuzz/) run for a few seconds each: no crash, hang or memory blow-up.

Coverage-guided fuzzing finds in minutes what example tests miss; in CI it runs briefly on
the seeds (the example pages, generated WARC and feed files) and on every input that ever
crashed a harness (fuzz/regressions/). `fuzz/run_long.sh 3600` runs each for an hour.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("atheris",
                    reason="atheris is not installed (the test extra installs it on Linux, where it has wheels)")
FUZZ = Path(__file__).resolve().parent.parent.parent / "fuzz"
sys.path.insert(0, str(FUZZ))
from seeds import write_seeds  # noqa: E402

# Seconds of fuzzing per harness in CI (start-up, mostly importing spaCy, comes on top).
SECONDS = {"html": 5, "warc": 4, "feed": 4}


@pytest.mark.parametrize("name", SECONDS)
def test_harness_finds_no_crash(name, tmp_path, capsys):
    seeds = write_seeds(tmp_path / "seeds")[name]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    command = [sys.executable, str(FUZZ / f"fuzz_{name}.py"), f"-max_total_time={SECONDS[name]}", "-timeout=10",
               "-rss_limit_mb=2048", f"-artifact_prefix={tmp_path}/", "-print_final_stats=1",
               str(corpus), str(seeds), str(FUZZ / "regressions" / name)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS[name] + 180, cwd=tmp_path)
    crashes = [p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-", "leak-"))]
    assert result.returncode == 0 and not crashes, f"{crashes}\n{result.stderr[-4000:]}"
    runs = int(re.search(r"stat::number_of_executed_units: (\d+)", result.stderr).group(1))
    assert runs > len(list(seeds.iterdir())), "the harness ran no more than its seeds"
    with capsys.disabled():
        print(f"\n  fuzz_{name}: {runs} inputs in {SECONDS[name]} s, no crash", end="")
