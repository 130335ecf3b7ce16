"""Run the command line: `python -m generator --help`."""

from generator.cli import main

raise SystemExit(main())
