"""The README's command table agrees with the CLI's argparse parser (what `sitrep COMMAND --help` prints).

Each row's first cell is a usage line, e.g. `` `sitrep bulk PATH... --out DIR [--format jsonl\\|parquet]` ``.
For every subcommand of `sitrep.cli.build_parser()` there must be one row, and the row must name every
option the command takes (missing ones fail), no option it lacks (stale ones fail), its positionals,
the choices of an option whose choices it spells out (`--format json|text`), whether an option takes a
value, and which options and positionals are optional (in brackets).

Left out of the rows, on purpose:
- `-h/--help`: every command has it; argparse convention.
- the options of `sitrep` itself (`--debug`, `--version`): they go before the command, not in a command's
  usage; the README must still name each (but `--version`) somewhere.
- SHARED_INPUT_OPTIONS: every command that reads PATHs (analyze, ingest, bulk) takes them, with the same
  meaning, so the README documents them once, in the text under the table, rather than in three rows. The
  test checks that they are indeed on every such command and named in that text; a row may still name one.
An option that only some of those commands take (`--workers`, whose meaning differs in `bulk`) is no shared
option and belongs in each row.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from sitrep.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"
SHARED_INPUT_OPTIONS = {"--no-clean", "--encoding", "--max-bytes", "--progress", "--verbose"}
GLOBAL_UNDOCUMENTED = {"-h", "--help", "--version"}
OPTION = re.compile(r"^--?[A-Za-z0-9][\w-]*$")


def readme_table() -> tuple[dict[str, str], str]:
    """The usage cell of each row of "## Commands", by command name, and the README without that table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands", 1)[1].split("\n## ", 1)[0]
    rows, table_lines = {}, []
    for line in section.splitlines():
        match = re.match(r"\|\s*`(sitrep [^`]*)`\s*\|", line)
        if match:
            usage = match.group(1).replace("\\|", "|")
            command = command_of(usage)
            assert command not in rows, f"README: two rows for `sitrep {command}`"
            rows[command] = usage
            table_lines.append(line)
    assert rows, "README: no command table under '## Commands'"
    rest = "\n".join(line for line in text.splitlines() if line not in table_lines)
    return rows, rest


def command_of(usage: str) -> str:
    """The command a usage line is of: `sitrep alerts deliver ...` is of "alerts deliver" (a command of
    two words, see alerts/command.py joined_actions), `sitrep alerts [ALERT...]` of "alerts"."""
    words = usage.split()
    return " ".join(words[1:3]) if " ".join(words[1:3]) in subcommands()[1] else words[1]


def subcommands() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return parser, dict(sub.choices)


def tokens(usage: str) -> list[tuple[str, int]]:
    """The words after `sitrep COMMAND` (of one or two words), each with its bracket group (0 outside brackets)."""
    found, group = [], 0
    for match in re.finditer(r"\[([^\[\]]*)\]|([^\s\[\]]+)", usage):
        if match.group(1) is not None:
            group += 1
            found += [(word, group) for word in match.group(1).split()]
        else:
            found.append((match.group(2), 0))
    return found[1 + len(command_of(usage).split()):]


def named(action: argparse.Action, words: set[str]) -> bool:
    return any(option in words for option in action.option_strings)


def row_problems(command: str, usage: str, parser: argparse.ArgumentParser) -> list[str]:
    problems = []
    words = tokens(usage)
    row_options, positionals_in_row = {}, []
    i = 0
    while i < len(words):
        word, group = words[i]
        if word.startswith("-"):
            value = None
            if i + 1 < len(words) and words[i + 1][1] == group and not words[i + 1][0].startswith("-"):
                value = words[i + 1][0]
            for option in word.split("|"):  # `--progress|--no-progress`
                row_options[option] = (value, group)
            i += 2 if value is not None else 1
        else:
            positionals_in_row.append((word, group))
            i += 1
    for option in row_options:
        if not OPTION.match(option):
            problems.append(f"sitrep {command}: README names {option!r}, which is not an option")
    actions = [a for a in parser._actions if a.option_strings and not set(a.option_strings) & {"-h", "--help"}]
    known = {option for a in actions for option in a.option_strings} | {"-h", "--help"}
    for option in row_options:
        if option not in known and OPTION.match(option):
            problems.append(f"sitrep {command}: README names {option}, which the command does not have")
    for action in actions:
        option = action.option_strings[0]
        if not named(action, set(row_options)):
            if option not in SHARED_INPUT_OPTIONS:
                problems.append(f"sitrep {command}: {option} is missing from the README row")
            continue
        value, group = next(row_options[o] for o in action.option_strings if o in row_options)
        takes_value = action.nargs != 0
        if takes_value and value is None:
            problems.append(f"sitrep {command}: README gives {option} no value, but it takes one")
        if not takes_value and value is not None:
            problems.append(f"sitrep {command}: README gives {option} a value ({value}), but it is a flag")
        if value is not None and "|" in value and action.choices is not None:
            if set(value.split("|")) != {str(c) for c in action.choices}:
                problems.append(f"sitrep {command}: README gives {option} the choices {value}, "
                                f"the command {'|'.join(map(str, action.choices))}")
        if action.required and group:
            problems.append(f"sitrep {command}: {option} is required, but the README puts it in brackets")
        if not action.required and not group:
            problems.append(f"sitrep {command}: {option} is optional, but the README puts it outside brackets")
    positionals = [a for a in parser._actions if not a.option_strings]
    expected = [(a.metavar or a.dest.upper(), a.nargs) for a in positionals]
    got = [(word.rstrip("."), group) for word, group in positionals_in_row]
    if [name for name, _ in expected] != [name for name, _ in got]:
        problems.append(f"sitrep {command}: README names the positionals {[name for name, _ in got]}, "
                        f"the command takes {[name for name, _ in expected]}")
    else:
        for (name, nargs), (_, group) in zip(expected, got):
            optional = nargs in ("?", "*")
            if optional != bool(group):
                kind, where = ("optional", "outside") if optional else ("required", "in")
                problems.append(f"sitrep {command}: positional {name} is {kind}, "
                                f"but the README puts it {where} brackets")
    return problems


def test_every_command_has_a_readme_row_and_every_row_a_command():
    rows, _ = readme_table()
    _, commands = subcommands()
    assert sorted(set(commands) - set(rows)) == [], "commands of `sitrep --help` with no README row"
    assert sorted(set(rows) - set(commands)) == [], "README rows for commands `sitrep --help` does not list"


def test_each_readme_row_names_exactly_the_options_of_its_command():
    rows, _ = readme_table()
    _, commands = subcommands()
    problems = [problem for name, parser in commands.items() if name in rows
                for problem in row_problems(name, rows[name], parser)]
    assert problems == [], "README command table out of step with --help:\n" + "\n".join(problems)


@pytest.mark.parametrize("option", sorted(SHARED_INPUT_OPTIONS))
def test_a_shared_input_option_is_on_every_path_command_and_documented_under_the_table(option):
    _, commands = subcommands()
    _, rest = readme_table()
    readers = {name: parser for name, parser in commands.items()
               if any(a.metavar == "PATH" for a in parser._actions if not a.option_strings)}
    assert readers
    for name, parser in readers.items():
        assert option in {o for a in parser._actions for o in a.option_strings}, \
            f"sitrep {name} lacks {option}: it is no shared input option, so name it in the rows that have it"
    assert re.search(rf"`{re.escape(option)}\b", rest), f"README: {option} is documented nowhere outside the table"


def test_the_options_of_sitrep_itself_are_documented():
    parser, _ = subcommands()
    _, rest = readme_table()
    for action in parser._actions:
        for option in set(action.option_strings) - GLOBAL_UNDOCUMENTED:
            assert re.search(rf"`{re.escape(option)}\b", rest), f"README: `sitrep {option}` is documented nowhere"
