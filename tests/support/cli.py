"""The command line run in-process, as the tests call it."""

from __future__ import annotations

from sitrep.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of `sitrep ARGV...`."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err
