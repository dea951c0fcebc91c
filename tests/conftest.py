"""Shared fixtures: paths to the real notes beside the project, copies in tmp dirs."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
SHARED = PROJECT.parent / "shared"
SEED_CORPUS = SHARED / "corpus"
D2L_CORPUS = SHARED / "corpus-d2l"
EVAL_DIR = SHARED / "eval"
EXAMPLES = PROJECT / "examples" / "notes"
FIXTURES_DIR_NAME = "fixtures"


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="also run long fuzz and kill tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (make test-slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


CORPUS_SKIP = "corpus not present"


def require(path: Path) -> Path:
    """A corpus from ../shared; without it the test is skipped and named in one summary line."""
    if not path.exists():
        pytest.skip(f"{CORPUS_SKIP}: {path} (expects ../shared beside the project)")
    return path


def pytest_terminal_summary(terminalreporter):
    """One line naming the corpus tests a clone without ../shared skipped, and why."""
    skipped = [report for report in terminalreporter.stats.get("skipped", [])
               if CORPUS_SKIP in str(getattr(report, "longrepr", ""))]
    if skipped:
        names = sorted({report.nodeid.split("::")[-1].split("[")[0] for report in skipped})
        terminalreporter.write_line(
            f"kgqa: {len(skipped)} corpus cases ({len(names)} tests) skipped because {SHARED} is not beside the project "
            f"(they need the seed notes, the d2l chapters or the eval sets): {', '.join(names)}")


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the users' seed notes."""
    target = tmp_path / "notes"
    shutil.copytree(require(SEED_CORPUS), target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture(params=["examples", "seed"])
def notes_copy(request, tmp_path: Path) -> Path:
    """A writable notes folder for the properties every folder must have: the bundled examples
    always, the users' seed notes too when ../shared is there."""
    if request.param == "seed":
        return request.getfixturevalue("seed_copy")
    return request.getfixturevalue("examples_copy")


def write_notes(folder: Path, notes: dict[str, str]) -> Path:
    """A notes folder holding exactly these files (name → Markdown)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in notes.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def notes_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.md"))


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """The bundled example notes as a newcomer has them, without any index `make demo` built in them."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target


OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def oxigraph_serving(location: Path, port: int | None = None):
    """A real Oxigraph SPARQL server on loopback (a free port unless given), data in `location`; its URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    port = port or free_port()
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"oxigraph server did not start: {process.stderr.read().decode()[-500:]}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """One Oxigraph server for a test module; stopped afterwards."""
    with oxigraph_serving(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url
