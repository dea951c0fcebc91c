"""Shared fixtures: paths to the real notes beside the project, copies in tmp dirs."""
from __future__ import annotations

import shutil
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


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not present (expects ../shared beside the project)")
    return path


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the users' seed notes."""
    target = tmp_path / "notes"
    shutil.copytree(require(SEED_CORPUS), target)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return target


@pytest.fixture
def examples_copy(tmp_path: Path) -> Path:
    """The bundled example notes as a newcomer has them, without any index `make demo` built in them."""
    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target
