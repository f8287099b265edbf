"""`manage.py bench`: how fast the key pages and the PDF are, at two agency sizes.

Runs in a throwaway database (never the user's data): migrates it, loads the shipped data,
builds a synthetic agency at each size and measures every page through the full Django stack
(middleware, sessions, templates) after a warm-up. See README, "Performance".
"""

import io
import json
import os
import sys
import time
import warnings

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import data, pages
from benchmarks.runner import (
    Unavailable,
    bench_settings,
    measure,
    measure_callable,
    summary,
    throwaway_database,
)

DEFAULT_SIZES = (100, 2000)
MIN_SIZE = 25  # the demo agency's named people and team
MAX_SIZE = 20_000
# (warm-up, repeat, PDF warm-up, PDF repeat, seconds a slow page may take to measure)
FULL = (5, 40, 2, 10, 20)
QUICK = (2, 10, 1, 3, 3)

TARGET_FLOOR_RATIO = 5.0
# A page's CPU at the larger size over its CPU at the smaller one: flat as the agency grows.
TARGET_CPU_GROWTH = 1.25
TARGET_ADMIN_RATIO = 0.5  # at least 2x faster than the admin inline page
TARGET_PDF_OVERHEAD = 0.15


def _positive(name, low, high):
    def parse(value):
        try:
            number = int(value)
        except ValueError:
            raise CommandError(f"{name} must be a whole number, not {value!r}.") from None
        if not low <= number <= high:
            raise CommandError(f"{name} must be between {low} and {high}.")
        return number

    return parse


def _sizes(value):
    parts = [part.strip() for part in value.split(",") if part.strip()]
    sizes = [_positive("--sizes", MIN_SIZE, MAX_SIZE)(part) for part in parts]
    if len(sizes) != 2 or sizes[0] == sizes[1]:
        raise CommandError("--sizes takes two different staff counts, e.g. 100,2000.")
    return sorted(sizes)


class Progress:
    """A progress bar on stderr (one line per step when stderr is not a terminal)."""

    def __init__(self, stream, total, enabled=True):
        self.stream = stream
        self.total = max(total, 1)
        self.done = 0
        self.enabled = enabled
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()

    def step(self, label):
        if not self.enabled:
            return
        self.done += 1
        width = 30
        filled = round(width * self.done / self.total)
        elapsed = time.monotonic() - self.started
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done:>3}/{self.total} "
            f"{elapsed:5.0f}s  {label}"
        )
        if self.tty:
            self.stream.write("\r\033[K" + line)
            if self.done >= self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, text):
        if not self.enabled:
            return
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(text + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Measure the key pages and the PDF at two agency sizes in a throwaway database, "
        "against floors (a minimal Django view, the admin inline page, WeasyPrint alone)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(
            "--markdown", action="store_true", help="Print the table as Markdown (README)."
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Fewer repetitions; admin and WeasyPrint floors at the larger size only.",
        )
        parser.add_argument(
            "--sizes",
            type=_sizes,
            default=list(DEFAULT_SIZES),
            help="Two staff counts, smaller first (default 100,2000).",
        )
        parser.add_argument("--repeat", type=_positive("--repeat", 1, 1000), default=None)
        parser.add_argument("--warmup", type=_positive("--warmup", 0, 100), default=None)
        parser.add_argument("--pdf-repeat", type=_positive("--pdf-repeat", 1, 200), default=None)
        parser.add_argument(
            "--pages",
            default="",
            help=f"Only these pages, comma-separated (of: {', '.join(pages.PAGES)}).",
        )
        parser.add_argument(
            "--export",
            type=_positive("--export", 0, 500),
            default=pages.pdf.EXPORT_COUNT,
            help="Evaluations in the timed bulk export at the larger size (0: skip it).",
        )
        parser.add_argument(
            "--profile",
            default="",
            metavar="PAGES",
            help=(
                "Also profile these pages (comma-separated) at both sizes: pyinstrument's call "
                "tree on stderr."
            ),
        )

    def handle(self, *args, **options):
        warmup, repeat, pdf_warmup, pdf_repeat, budget = QUICK if options["quick"] else FULL
        if options["warmup"] is not None:
            warmup = options["warmup"]
            pdf_warmup = min(pdf_warmup, warmup)
        repeat = options["repeat"] or repeat
        pdf_repeat = options["pdf_repeat"] or min(pdf_repeat, repeat)
        wanted = [name.strip() for name in options["pages"].split(",") if name.strip()]
        unknown = sorted(set(wanted) - set(pages.PAGES))
        profiled = [name.strip() for name in options["profile"].split(",") if name.strip()]
        unknown += sorted(set(profiled) - set(pages.PAGES))
        if unknown:
            raise CommandError(
                f"Unknown page(s): {', '.join(unknown)}. Pages: {', '.join(pages.PAGES)}."
            )
        self.plan = {
            "sizes": options["sizes"],
            "pages": wanted or list(pages.PAGES),
            "warmup": warmup,
            "repeat": repeat,
            "pdf_warmup": pdf_warmup,
            "pdf_repeat": pdf_repeat,
            "profile": profiled,
            "budget": budget,
            "quick": options["quick"],
            "export": options["export"],
        }
        as_json = options["json"]
        self.err = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        per_size = len(self.plan["pages"]) + 3  # floor, admin inline, WeasyPrint
        self.progress = Progress(self.err, per_size * 2 + 2 + bool(self.plan["export"]))

        # WhiteNoise warns once per process when collectstatic has not run: noise here.
        warnings.filterwarnings("ignore", "No directory at", UserWarning)
        started = time.monotonic()
        with throwaway_database():
            self.progress.step("throwaway database migrated")
            call_command("load_shipped_data", stdout=io.StringIO(), stderr=io.StringIO())
            self.progress.step("shipped data loaded")
            with bench_settings():
                result = self.run_sizes()
        result["seconds"] = round(time.monotonic() - started, 1)

        table = self.format_table(result)
        if as_json:
            self.stdout.write(json.dumps(result, indent=2))
            self.err.write(table + "\n")
        elif options["markdown"]:
            self.stdout.write(self.format_markdown(result))
        else:
            self.stdout.write(table)
        if result["errors"]:
            raise CommandError(
                "Some pages failed: "
                + "; ".join(f"{name}: {text}" for name, text in result["errors"].items())
            )

    # --- measuring ----------------------------------------------------------------------------

    def run_sizes(self):
        plan = self.plan
        result = {
            "sizes": plan["sizes"],
            "pages": {},
            "floor": {},
            "floor_layout": {},
            "admin_inline": {},
            "evaluation_form": {"ratio_to_admin": None, "draft_save_ratio_to_admin": None},
            "pdf": {"app_ms": None, "weasyprint_ms": None, "overhead_ratio": None},
            "cpu_growth": {},
            "bulk_export": None,
            "staff": {},
            "missing": {},
            "errors": {},
            "settings": {
                "database": connection.vendor,
                "warmup": plan["warmup"],
                "repeat": plan["repeat"],
                "pdf_repeat": plan["pdf_repeat"],
                "cpus": os.cpu_count(),
                # Other work on the machine slows every page alike; read ratios, not ms.
                "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            },
        }
        self.sql = {}
        world = None
        for size in plan["sizes"]:
            key = str(size)
            build_started = time.monotonic()
            world = data.build_world(size, world)
            result["staff"][key] = world.staff_count
            for name, reason in world.unavailable.items():
                result["missing"][f"data: {name}"] = reason
            for name, text in world.build_errors.items():
                result["errors"][f"data: {name}"] = text
            self.progress.note(
                f"size {size}: agency of {world.staff_count} staff built in "
                f"{time.monotonic() - build_started:.1f}s"
            )
            floor_probe = pages.floor_probe(world)
            floor = measure(floor_probe, plan["warmup"], plan["repeat"])
            self.floor_samples = list(floor["_samples"])
            floor_cpu = floor["cpu_p50_ms"]
            self.floor_probe = floor_probe
            layout = measure(pages.floor_layout_probe(world), plan["warmup"], plan["repeat"])
            result["floor_layout"][key] = self._public(layout)
            self.progress.step(f"{size}: floors")
            # The admin and WeasyPrint floors are compared at the larger size; --quick spares
            # their (slow) runs at the smaller one.
            compare_here = not plan["quick"] or size == plan["sizes"][-1]
            if compare_here:
                admin = self._measure_optional(
                    "admin_inline", pages.admin_inline_probe, world, result
                )
                if admin:
                    result["admin_inline"][key] = self._public(admin)
            self.progress.step(f"{size}: admin inline")
            for name in plan["pages"]:
                measured = self._measure_page(name, world, result)
                if measured is not None:
                    result["pages"].setdefault(name, {})[key] = measured
                self.progress.step(f"{size}: {name}")
            # The floor's samples were taken between the pages' own, under the same load.
            floor = summary(self.floor_samples)
            result["floor"][key] = {
                **floor,
                "cpu_p50_ms": floor_cpu,
                "queries": len(floor_probe.once()[2]),
            }
            for by_size in result["pages"].values():
                if key in by_size:
                    measured = by_size[key]
                    measured["ratio_to_floor"] = round(measured["p50_ms"] / floor["p50_ms"], 2)
                    measured["ratio_to_layout"] = round(measured["p50_ms"] / layout["p50_ms"], 2)
                    measured["cpu_ratio_to_floor"] = round(measured["cpu_p50_ms"] / floor_cpu, 2)
            weasy = self._measure_weasyprint(world, result) if compare_here else None
            if weasy:
                result["pdf"].setdefault("by_size", {})[key] = weasy
            self.progress.step(f"{size}: WeasyPrint alone")
            for name in plan["profile"]:
                self.profile(name, world)
        if plan["export"]:
            result["bulk_export"] = self._measure_bulk_export(world, result)
            self.progress.step(f"{world.size}: bulk export")
        self._summarise(result)
        return result

    def _public(self, measured):
        return {k: v for k, v in measured.items() if not k.startswith("_")}

    def _measure_page(self, name, world, result):
        is_pdf = name in pages.PDF_PAGES
        warmup = self.plan["pdf_warmup"] if is_pdf else self.plan["warmup"]
        repeat = self.plan["pdf_repeat"] if is_pdf else self.plan["repeat"]
        try:
            probe = pages.PAGES[name](world)
            measured = measure(
                probe,
                warmup,
                repeat,
                self.plan["budget"],
                floor=self.floor_probe,
                floor_samples=self.floor_samples,
            )
        except Unavailable as missing:
            result["missing"][name] = str(missing)
            return None
        except Exception as error:  # noqa: BLE001 - one broken page must not stop the rest
            result["errors"][name] = f"{type(error).__name__}: {error}"
            return None
        self.sql.setdefault(name, {})[world.size] = measured.pop("_sql")
        return self._public(measured)

    def _measure_optional(self, name, factory, world, result):
        try:
            measured = measure(
                factory(world), self.plan["warmup"], self.plan["repeat"], self.plan["budget"]
            )
        except Unavailable as missing:
            result["missing"][name] = str(missing)
            return None
        except Exception as error:  # noqa: BLE001
            result["errors"][name] = f"{type(error).__name__}: {error}"
            return None
        return measured

    def _measure_bulk_export(self, world, result):
        try:
            return pages.bulk_export(world, self.plan["export"])
        except Unavailable as missing:
            result["missing"]["bulk_export"] = str(missing)
        except Exception as error:  # noqa: BLE001
            result["errors"]["bulk_export"] = f"{type(error).__name__}: {error}"
        return None

    def _measure_weasyprint(self, world, result):
        try:
            render = pages.weasyprint_alone(world)
            return measure_callable(
                render, self.plan["pdf_warmup"], self.plan["pdf_repeat"], self.plan["budget"]
            )
        except Unavailable as missing:
            result["missing"]["weasyprint"] = str(missing)
        except Exception as error:  # noqa: BLE001
            result["errors"]["weasyprint"] = f"{type(error).__name__}: {error}"
        return None

    def profile(self, name, world):
        try:
            from pyinstrument import Profiler
        except ImportError:
            raise CommandError("--profile needs pyinstrument (the test extra).") from None
        try:
            probe = pages.PAGES[name](world)
        except Unavailable as missing:
            self.progress.note(f"cannot profile {name}: {missing}")
            return
        probe.once()
        from pyinstrument.stack_sampler import get_stack_sampler

        # Sampled on this thread's CPU clock, not the wall clock: on a machine busy with other
        # work, waiting for a processor would otherwise fill the tree.
        sampler = get_stack_sampler()
        sampler.timer_func = time.thread_time
        profiler = Profiler(interval=0.0005, async_mode="disabled")
        try:
            profiler.start()
            for _ in range(self.plan["repeat"]):
                probe.once()
            profiler.stop()
        finally:
            sampler.timer_func = None
        text = profiler.output_text(unicode=False, color=False, show_all=False)
        self.progress.note(f"profile of {name} at {world.size} staff:\n{text}")

    # --- summary ------------------------------------------------------------------------------

    def _summarise(self, result):
        large = str(result["sizes"][-1])
        admin = result["admin_inline"].get(large)
        form = result["pages"].get("evaluation_form", {}).get(large)
        save = result["pages"].get("evaluation_draft_save", {}).get(large)
        if admin and form:
            result["evaluation_form"]["ratio_to_admin"] = round(form["p50_ms"] / admin["p50_ms"], 2)
        if admin and save:
            result["evaluation_form"]["draft_save_ratio_to_admin"] = round(
                save["p50_ms"] / admin["p50_ms"], 2
            )
        app = result["pages"].get("evaluation_pdf", {}).get(large)
        weasy = result["pdf"].get("by_size", {}).get(large)
        if app and weasy:
            result["pdf"].update(
                app_ms=app["p50_ms"],
                weasyprint_ms=weasy["p50_ms"],
                overhead_ratio=round(app["p50_ms"] / weasy["p50_ms"] - 1, 3),
                # The same on CPU time: steadier when other work shares the machine.
                cpu_overhead_ratio=round(app["cpu_p50_ms"] / weasy["cpu_p50_ms"] - 1, 3),
            )
        signed = result["pages"].get("evaluation_signed_pdf", {}).get(large)
        if app and signed:
            # A signed evaluation is served from its stored copy: how much a reader saves.
            result["pdf"].update(
                signed_copy_ms=signed["p50_ms"],
                fresh_render_ms=app["p50_ms"],
                signed_copy_speedup=round(app["p50_ms"] / signed["p50_ms"], 1),
            )
        small = str(result["sizes"][0])
        for name, by_size in result["pages"].items():
            if name in pages.PDF_PAGES or small not in by_size or large not in by_size:
                continue
            before = by_size[small]["cpu_p50_ms"]
            if before > 0:
                result["cpu_growth"][name] = round(by_size[large]["cpu_p50_ms"] / before, 2)
        result["targets"] = self._targets(result)
        result["query_differences"] = self._query_differences(result)

    def _targets(self, result):
        small, large = (str(size) for size in result["sizes"])
        grows = [
            name
            for name, by_size in result["pages"].items()
            if small in by_size
            and large in by_size
            and by_size[small]["queries"] != by_size[large]["queries"]
        ]
        slow = [
            name
            for name, by_size in result["pages"].items()
            if name not in pages.PDF_PAGES
            and large in by_size
            and by_size[large]["ratio_to_floor"] >= TARGET_FLOOR_RATIO
        ]
        growing = [
            f"{name} {ratio:.2f}"
            for name, ratio in result["cpu_growth"].items()
            if ratio > TARGET_CPU_GROWTH
        ]
        form = result["evaluation_form"]
        overhead = result["pdf"]["overhead_ratio"]

        def under(value, limit):
            return None if value is None else value <= limit

        return [
            {
                "target": "queries per page equal at both sizes",
                "met": not grows,
                "detail": ", ".join(grows) or "all equal",
            },
            {
                "target": (
                    f"every HTML page's CPU at {large} staff at most {TARGET_CPU_GROWTH:g}x "
                    f"its CPU at {small}"
                ),
                "met": not growing if result["cpu_growth"] else None,
                "detail": ", ".join(growing) or "all flat",
            },
            {
                "target": "evaluation form GET at least 2x faster than the admin inline page",
                "met": under(form["ratio_to_admin"], TARGET_ADMIN_RATIO),
                "detail": f"ratio {form['ratio_to_admin']}",
            },
            {
                "target": "draft save at least 2x faster than the admin inline page",
                "met": under(form["draft_save_ratio_to_admin"], TARGET_ADMIN_RATIO),
                "detail": f"ratio {form['draft_save_ratio_to_admin']}",
            },
            {
                "target": "PDF overhead 15% or less over WeasyPrint alone",
                "met": under(overhead, TARGET_PDF_OVERHEAD),
                "detail": f"overhead {overhead}",
            },
            {
                "target": f"every HTML page under {TARGET_FLOOR_RATIO:g}x the floor at {large}",
                "met": not slow,
                "detail": ", ".join(slow) or "all under",
            },
        ]

    def _query_differences(self, result):
        """For pages whose query count grows: the statements only the larger size ran."""
        small, large = result["sizes"]
        differences = {}
        for name, by_size in self.sql.items():
            if small in by_size and large in by_size and len(by_size[small]) != len(by_size[large]):
                extra = list(by_size[large])
                for statement in by_size[small]:
                    if statement in extra:
                        extra.remove(statement)
                differences[name] = [statement[:300] for statement in extra[:10]]
        return differences

    def format_table(self, result):
        small, large = (str(size) for size in result["sizes"])
        lines = []
        header = (
            f"{'page':<26} {'p50 ' + small:>10} {'p95 ' + small:>10} {'q':>4}   "
            f"{'p50 ' + large:>10} {'p95 ' + large:>10} {'q':>4}  {'x floor':>7} "
            f"{'cpu ' + large:>9} {'cpu x':>6}"
        )
        lines += [
            f"PeerWork benchmark ({result['settings']['database']}, "
            f"{result['staff'].get(small)} and {result['staff'].get(large)} staff, "
            f"{result['settings']['repeat']} runs after {result['settings']['warmup']} warm-up; "
            f"wall-clock ms; cpu = this process's CPU ms; cpu x = cpu {large} / cpu {small}; "
            f"load average {result['settings']['load_average']})",
            header,
            "-" * len(header),
        ]

        def row(name, by_size, ratio=True):
            cells = [f"{name:<26}"]
            for key in (small, large):
                measured = by_size.get(key)
                if measured:
                    cells.append(
                        f"{measured['p50_ms']:>10.1f} {measured['p95_ms']:>10.1f} "
                        f"{measured.get('queries', ''):>4}  "
                    )
                else:
                    cells.append(f"{'-':>10} {'-':>10} {'':>4}  ")
            large_measured = by_size.get(large, {})
            if ratio and large_measured.get("ratio_to_floor") is not None:
                cells.append(f"{large_measured['ratio_to_floor']:>7.2f}")
            else:
                cells.append(f"{'':>7}")
            if large_measured.get("cpu_p50_ms") is not None:
                cells.append(f"{large_measured['cpu_p50_ms']:>9.1f}")
            growth = result["cpu_growth"].get(name)
            if growth is not None:
                cells.append(f"{growth:>6.2f}")
            return " ".join(cells).rstrip()

        lines.append(row("floor (minimal view)", result["floor"], ratio=False))
        lines.append(row("floor + base.html layout", result["floor_layout"], ratio=False))
        lines.append(row("admin inline (floor)", result["admin_inline"], ratio=False))
        for name, by_size in result["pages"].items():
            lines.append(row(name, by_size))
        weasy = result["pdf"].get("by_size", {})
        if weasy:
            lines.append(row("weasyprint alone (floor)", weasy, ratio=False))
        if result["pdf"].get("signed_copy_speedup"):
            lines.append(self._signed_copy_line(result["pdf"]))
        export = result["bulk_export"]
        if export:
            lines.append(
                f"bulk export of {export['evaluations']} evaluations on {export['processes']} "
                f"processes: {export['pdfs_per_second']:.2f} PDFs per second "
                f"({export['seconds']:.1f}s, {export['cpu_seconds_per_pdf']:.2f} CPU s per PDF)"
            )
        lines.append("")
        for target in result["targets"]:
            mark = {True: "met", False: "MISSED", None: "not measured"}[target["met"]]
            lines.append(f"[{mark}] {target['target']}: {target['detail']}")
        for name, reason in result["missing"].items():
            lines.append(f"[missing] {name}: {reason}")
        for name, text in result["errors"].items():
            lines.append(f"[error] {name}: {text}")
        for name, statements in result["query_differences"].items():
            lines.append(f"[queries] {name} runs more queries at {large}:")
            lines.extend(f"    {statement}" for statement in statements)
        lines.append(f"({result['seconds'] if 'seconds' in result else '?'}s)")
        return "\n".join(lines)

    def _signed_copy_line(self, pdf):
        return (
            f"signed evaluation's PDF served from its stored copy: {pdf['signed_copy_ms']:.1f} ms "
            f"p50, against {pdf['fresh_render_ms']:.1f} ms for a fresh render "
            f"({pdf['signed_copy_speedup']:g}x faster)"
        )

    def format_markdown(self, result):
        small, large = (str(size) for size in result["sizes"])
        lines = [
            f"| page | p50 ms ({small}) | p95 ms ({small}) | queries ({small}) "
            f"| p50 ms ({large}) | p95 ms ({large}) | queries ({large}) | x floor ({large}) "
            f"| CPU ms ({large}) | CPU {large} / {small} |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]

        def cells(by_size, key):
            measured = by_size.get(key)
            if not measured:
                return "– | – | –"
            queries = measured.get("queries", "")
            return f"{measured['p50_ms']:.1f} | {measured['p95_ms']:.1f} | {queries}"

        rows = [
            ("*floor: minimal view*", result["floor"], None),
            ("*floor + base.html layout*", result["floor_layout"], None),
            ("*admin inline page of the evaluation*", result["admin_inline"], None),
            *((f"`{name}`", by_size, name) for name, by_size in result["pages"].items()),
            ("*WeasyPrint alone*", result["pdf"].get("by_size", {}), None),
        ]
        for label, by_size, name in rows:
            ratio = by_size.get(large, {}).get("ratio_to_floor")
            ratio_text = f"{ratio:.2f}" if ratio is not None else ""
            cpu = by_size.get(large, {}).get("cpu_p50_ms")
            cpu_text = f"{cpu:.1f}" if cpu is not None else ""
            growth = result["cpu_growth"].get(name)
            growth_text = f"{growth:.2f}" if growth is not None else ""
            lines.append(
                f"| {label} | {cells(by_size, small)} | {cells(by_size, large)} | {ratio_text} "
                f"| {cpu_text} | {growth_text} |"
            )
        lines.append("")
        if result["pdf"].get("signed_copy_speedup"):
            lines.append(f"- {self._signed_copy_line(result['pdf'])}")
        export = result["bulk_export"]
        if export:
            lines.append(
                f"- bulk export of {export['evaluations']} evaluations on "
                f"{export['processes']} processes: {export['pdfs_per_second']:.2f} PDFs per "
                f"second ({export['seconds']:.1f} s, {export['cpu_seconds_per_pdf']:.2f} CPU s "
                "per PDF)"
            )
        for target in result["targets"]:
            mark = {True: "met", False: "**missed**", None: "not measured"}[target["met"]]
            lines.append(f"- {target['target']}: {mark} ({target['detail']})")
        for name, reason in result["missing"].items():
            lines.append(f"- not measured, `{name}`: {reason}")
        return "\n".join(lines)
