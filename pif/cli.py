"""The `pif` command.

`pif demo` and `pif serve` run the development server with DEBUG on unless the
environment says otherwise; every other word is a Django management command, so
`pif partnership list` is `manage.py partnership list` and `pif manage migrate` also works.
"""

import os
import sys

LOCAL_SERVER_COMMANDS = {"demo", "serve"}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    args = argv[1:]
    if args and args[0] == "manage":
        args = args[1:]
    if args and args[0] in LOCAL_SERVER_COMMANDS:
        # The built-in server speaks plain HTTP, so secure-only cookies would stop sign-in.
        os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pif.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["pif", *args] if args else ["pif", "help"])


if __name__ == "__main__":
    main()
