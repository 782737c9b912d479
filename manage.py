#!/usr/bin/env python
"""Django's manage.py; `sakra` is the same with the project's own commands' dashes allowed."""

from sakra.cli import main

if __name__ == "__main__":
    main()
