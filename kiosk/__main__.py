"""`python -m kiosk` runs the qi-kiosk command."""

import sys

from kiosk.cli import main

sys.exit(main())
