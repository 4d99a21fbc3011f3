import sys

from desktop_lab import cli

sys.exit(cli.main())
