"""`manage.py bench`: measured speed of the key pages and the PDF, against floors.

Everything here runs in a throwaway database (see `runner.throwaway_database`), never the
user's. The floor view and its urlconf exist only for the benchmark: production URLs are
untouched.
"""
