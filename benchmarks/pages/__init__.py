"""The areas the benchmark measures, one module each (see `benchmarks.registry`).

To add an app's pages (training, credentials, supervision...): write
`benchmarks/pages/<app>.py` with a `@builder` that makes the app's data in proportion to the
agency and `@page("<name>")` functions for the pages its users wait on, then add the module
here. Import the app's models inside the functions, and raise `Unavailable` when the app has
not shipped what a page needs: the report says "missing" instead of failing.
"""

from importlib import import_module

# In the order pages are reported and builders run (evaluations need core's logins).
AREAS = [
    "core", "evaluations", "onboarding", "training", "credentials", "supervision", "pdf",
]  # fmt: skip

for _area in AREAS:
    import_module(f"benchmarks.pages.{_area}")

from benchmarks.pages.core import floor_layout_probe, floor_probe  # noqa: E402
from benchmarks.pages.evaluations import admin_inline_probe  # noqa: E402
from benchmarks.pages.pdf import bulk_export, weasyprint_alone  # noqa: E402
from benchmarks.registry import BUILDERS, PAGES, PDF_PAGES  # noqa: E402

__all__ = [
    "AREAS", "BUILDERS", "PAGES", "PDF_PAGES", "admin_inline_probe", "bulk_export",
    "floor_layout_probe", "floor_probe", "weasyprint_alone",
]  # fmt: skip
