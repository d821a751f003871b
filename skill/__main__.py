"""``python -m skill`` is ``milia-skill``."""

import sys

from skill.cli import main

sys.exit(main())
