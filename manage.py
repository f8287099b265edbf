#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerwork.settings")
    # The benchmark's app is a tool, installed only when it runs (see peerwork/settings.py).
    if sys.argv[1:2] in (["bench"], ["loadtest"]):
        os.environ.setdefault("PEERWORK_BENCHMARKS", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
