#!/usr/bin/env python
import os
import sys

if sys.version_info < (3, 12):  # noqa: UP036 - a clear message on an old Python
    sys.exit("The Frivilligkontor portal needs Python 3.12 or newer (Django 6).")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frivilligkontor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
