"""``python -m forbattra``: the same as the ``forbattra`` command."""

from forbattra.cli import main

if __name__ == "__main__":
    main()
