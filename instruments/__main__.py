"""``python -m instruments``: see :mod:`instruments.cli`."""

from instruments.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
