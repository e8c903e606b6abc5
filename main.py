"""Starts the 公报编辑部 desktop application."""

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
