"""``python -m tfmigrate``: the same command line as ``tfmigrate``."""

from tfmigrate.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
