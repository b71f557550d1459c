"""Charts and pages as files: offline HTML, SVG and PNG through vl-convert, PDF through headless Chromium.

vl-convert bundles the Vega, Vega-Lite and vega-embed JavaScript and runs it in its own engine, so a chart
becomes an SVG or PNG without a browser, and an HTML page carries the libraries inline: nothing is loaded
from the network when it is opened.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from planner.model.errors import PlannerError
from planner.model.i18n import Join, Text

CHART_KINDS = (".html", ".png", ".svg")
CHROMIUM_VARIABLE = "PROMO_PLANNER_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = "apt-get install chromium fonts-wqy-microhei"
PRINT_TIMEOUT = 120.0  # seconds; a one-page report prints in about one


class PdfEngineMissingError(PlannerError):
    """No PDF engine (a Chromium) is installed."""


def chart_spec(chart: Any) -> dict[str, Any]:
    """Return an Altair chart's Vega-Lite specification, data inline."""
    spec: dict[str, Any] = chart.to_dict()
    return spec


def _vegalite_version() -> str | None:
    """Return the Vega-Lite version Altair writes, as vl-convert names it (6.4), if vl-convert has it."""
    import altair as alt
    import vl_convert

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    return version if version in vl_convert.get_vegalite_versions() else None


def chart_svg(chart: Any) -> str:
    """Return a chart as an SVG document (text stays text, so it prints sharp and can be searched)."""
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(chart_spec(chart), vl_version=_vegalite_version())
    return svg


def chart_png(chart: Any, scale: float = 2.0) -> bytes:
    """Return a chart as a PNG image (twice the size by default, for sharp screens and slides)."""
    import vl_convert

    png: bytes = vl_convert.vegalite_to_png(chart_spec(chart), vl_version=_vegalite_version(), scale=scale)
    return png


def chart_html(chart: Any) -> str:
    """Return a chart as a standalone HTML page with the chart libraries inline: it opens without a network.

    The page's title (a browser tab's, a bookmark's) is the chart's own, in the chart's language.
    """
    import vl_convert

    spec = chart_spec(chart)
    html: str = vl_convert.vegalite_to_html(spec, vl_version=_vegalite_version(), bundle=True)
    title = spec_title(spec)
    return html.replace("<title>Chart</title>", f"<title>{escape(title)}</title>", 1) if title else html


def spec_title(spec: Any) -> str:
    """Return a Vega-Lite spec's title as one line: its own, else the first of its parts' ('' without one)."""
    if not isinstance(spec, dict):
        return ""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(line) for line in title)
    if isinstance(title, str) and title.strip():
        return title.strip()
    for key in ("vconcat", "hconcat", "concat", "layer"):
        for part in spec.get(key) or ():
            if found := spec_title(part):
                return found
    return ""


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write bytes to path so that a crash leaves either the old file or the new one."""
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "no such folder", str(path.parent))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_chart(chart: Any, path: Path) -> None:
    """Write a chart as .html (offline), .png or .svg, by the file's suffix, atomically."""
    kind = path.suffix.lower()
    if kind == ".html":
        write_bytes_atomically(path, chart_html(chart).encode("utf-8"))
    elif kind == ".svg":
        write_bytes_atomically(path, chart_svg(chart).encode("utf-8"))
    elif kind == ".png":
        write_bytes_atomically(path, chart_png(chart))
    else:
        raise PlannerError(Text("chart.unknown_kind", path=str(path), kinds=Join(CHART_KINDS)))


def find_chromium() -> str | None:
    """Return the Chromium to print PDFs with: $PROMO_PLANNER_CHROMIUM, else the first on PATH, else None."""
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        return chosen if Path(chosen).is_file() else shutil.which(chosen)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: str, path: Path) -> None:
    """Print an HTML page to a PDF file with headless Chromium (page size from the page's @page CSS).

    Raises PdfEngineMissingError when no Chromium is installed, PlannerError when it fails to print.
    """
    chromium = find_chromium()
    if chromium is None:
        raise PdfEngineMissingError(
            Text(
                "report.no_pdf_engine",
                path=str(path),
                engine="Chromium",
                install=INSTALL_HINT,
                variable=CHROMIUM_VARIABLE,
            )
        )
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "no such folder", str(path.parent))
    with tempfile.TemporaryDirectory(prefix="planner-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(folder) / "report.pdf"
        command = [
            chromium,
            "--headless",
            "--no-sandbox",  # as root (containers, CI) Chromium refuses to start with its sandbox
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PlannerError(
                Text("report.pdf_failed", path=str(path), engine="Chromium", reason=str(error))
            ) from None
        if not printed.is_file() or printed.stat().st_size == 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise PlannerError(Text("report.pdf_failed", path=str(path), engine="Chromium", reason=reason[0]))
        write_bytes_atomically(path, printed.read_bytes())


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
