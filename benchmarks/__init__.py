"""`manage.py bench`: measured speed of the key pages and the PDF, against floors.

A tool, not part of PeerWork: nothing in the app imports it, and its Django app is installed
only when the bench runs (manage.py sets PEERWORK_BENCHMARKS=1 for the `bench` command). It
may import every app; the apps never import it.

Everything here runs in a throwaway database (see `runner.throwaway_database`), never the
user's. The floor view and its urlconf exist only for the benchmark: production URLs are
untouched. What is measured is registered by area in `benchmarks/pages/` (see its docstring
to add an app's pages).
"""
