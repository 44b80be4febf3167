"""Lets `python -m checkin_app.cli` stand in for the `checkin` command."""

import sys

from checkin_app.cli import main

sys.exit(main())
