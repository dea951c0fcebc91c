"""Headless Chromium for the page tests: Debian's browser driven by Playwright, nothing downloaded.

Playwright talks to `/usr/bin/chromium` (installed by `make browser`) through `executable_path`,
so `playwright install` is never needed. Every page is watched: console errors, uncaught
exceptions and any request that leaves the machine are collected for the test to assert on.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, field

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORT = {"width": 1280, "height": 800}
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


def _skip_reason() -> str | None:
    if CHROMIUM is None:
        return "chromium not installed (`make browser` installs Debian's package with apt-get)"
    try:
        import playwright.sync_api  # noqa: F401
        import PIL  # noqa: F401
    except ImportError as error:
        return f"{error.name} not installed (`pip install -e .[dev]`)"
    return None


def has_cjk_font() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (fonts-wqy-zenhei or Noto CJK)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(listed.strip())


@dataclass
class Watched:
    page: object
    errors: list[str] = field(default_factory=list)
    """Console errors and uncaught exceptions."""
    outside: list[str] = field(default_factory=list)
    """URLs the page asked for that are not local (file:, data:, or the test's own server)."""


@pytest.fixture(scope="module")
def browser():
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                              "--disable-background-networking", "--disable-component-update"])
        yield chromium
        chromium.close()


def open_page(browser, url: str, allowed_prefixes: tuple[str, ...] = ()) -> Watched:
    """A fresh page at `url`; requests outside the machine are refused and recorded."""
    page = browser.new_page(viewport=VIEWPORT)
    watched = Watched(page)
    page.on("console", lambda message: watched.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: watched.errors.append(f"uncaught: {error}"))

    def route(request_route):
        target = request_route.request.url
        if target.startswith(LOCAL_SCHEMES) or target.startswith(allowed_prefixes):
            return request_route.continue_()
        watched.outside.append(target)
        return request_route.abort()

    page.route("**/*", route)
    page.goto(url)
    return watched


def changed_fraction(png: bytes, other: bytes) -> float:
    """Share of pixels that differ between two screenshots of the same size."""
    from PIL import Image, ImageChops

    first, second = (Image.open(io.BytesIO(data)).convert("RGB") for data in (png, other))
    assert first.size == second.size
    difference = ImageChops.difference(first, second).convert("L").point(lambda value: 255 if value > 24 else 0)
    return sum(difference.histogram()[255:]) / (first.size[0] * first.size[1])


def colour_count(png: bytes) -> int:
    from PIL import Image

    colours = Image.open(io.BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours or ())


def assert_drawn(png: bytes, blank: bytes, at_least: float = 0.01) -> None:
    """The screenshot is not one colour and differs from a blank render of the same page in >= `at_least` of its pixels."""
    assert colour_count(png) > 50, "screenshot is (nearly) one colour"
    assert changed_fraction(png, blank) >= at_least, "screenshot looks like the blank render"


GLYPHS_DIFFER_JS = """(text) => {
  // Two different Chinese characters drawn with the page's font stack: boxes for a missing font look alike.
  const font = getComputedStyle(document.documentElement).getPropertyValue('--kv-font');
  const draw = (ch) => { const c = document.createElement('canvas'); c.width = 40; c.height = 40;
    const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, 40, 40); g.fillStyle = '#000';
    g.font = '32px ' + font; g.fillText(ch, 2, 34); return Array.from(g.getImageData(0, 0, 40, 40).data); };
  const shapes = Array.from(text).map(draw).map((d) => d.join(','));
  const inked = shapes.every((s) => s.split(',').some((v, i) => i % 4 === 0 && Number(v) < 128));
  return inked && new Set(shapes).size === shapes.length;
}"""
"""In-page check that CJK characters render as distinct glyphs, not identical .notdef boxes."""
