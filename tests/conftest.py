"""Shared fixtures: the real project, and throw-away projects built from fixture files."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import innocity

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def real_kg() -> innocity.KnowledgeGraph:
    """The project's own ontology and data, loaded once."""
    return innocity.load(ROOT)


@pytest.fixture(scope="session")
def real_report(real_kg: innocity.KnowledgeGraph) -> innocity.ValidationReport:
    return innocity.validate(real_kg)


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Build a project folder with the real ontology and shapes and the given data files."""

    def build(*files: Path, real_data: bool = False) -> Path:
        root = tmp_path / "project"
        shutil.copytree(ROOT / "ontology", root / "ontology")
        shutil.copytree(ROOT / "shapes", root / "shapes")
        (root / "data").mkdir()
        if real_data:
            shutil.copytree(ROOT / "data", root / "data", dirs_exist_ok=True)
        article = root / "data" / "fixture"
        article.mkdir(exist_ok=True)
        for file in files:
            shutil.copy(file, article / file.name)
        return root

    return build
