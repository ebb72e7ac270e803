"""``python -m warmte`` is the same as the ``warmte`` command."""

import sys

from warmte.cli import main

sys.exit(main())
