"""`python -m pipeline` is the same as the `newsclean` command."""

import sys

from pipeline.cli.commands import main

sys.exit(main())
