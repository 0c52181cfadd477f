"""``python -m geo_planner.cli``."""

import sys

from geo_planner.cli import main

sys.exit(main())
