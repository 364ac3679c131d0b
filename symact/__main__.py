"""``python -m symact``: the command-line interface."""

from symact.cli import main

raise SystemExit(main())
