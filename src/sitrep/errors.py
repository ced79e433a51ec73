"""Errors that reach users as one line: what went wrong with which input, and what to do."""


class InputError(Exception):
    """A single input cannot be analysed; the batch goes on without it.

    `source` names the input (a path, "path:N" or "-"), `problem` says what is
    wrong in words a user can act on.
    """

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem

    def __reduce__(self):
        """Pickle by its two fields, so errors cross to Dask workers and back intact."""
        return (type(self), (self.source, self.problem))


class UsageError(Exception):
    """A command was used wrongly (bad filter value, missing data folder): exit status 2."""
