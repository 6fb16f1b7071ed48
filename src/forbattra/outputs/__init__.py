"""Writers of every output format (``writers``), the report (``report``) and masking (``redact``)."""

_commits = 0  # sets of outputs committed in this process (writers.AtomicOutputs.commit)


def commits() -> int:
    """How many sets of outputs were renamed into place in this process so far: an interrupt after a commit
    says the outputs are complete instead of "nothing was written"."""
    return _commits
