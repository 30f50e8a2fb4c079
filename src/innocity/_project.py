"""Where a project's ontology, data, shapes and queries live on disk."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from innocity._errors import InputError

__all__ = ["GRAPH_BASE", "Project", "find_project"]

#: Named graphs: one per article folder, plus one for the ontology and concepts.
GRAPH_BASE = "https://w3id.org/innocity/graph/"

_MARKERS = ("ontology", "data", "shapes")


@dataclass(frozen=True)
class Project:
    """The folders of one innocity project.

    >>> p = Project(Path("/srv/kg"))
    >>> p.data_dir
    PosixPath('/srv/kg/data')
    """

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"


def _looks_like_project(path: Path) -> bool:
    return all((path / marker).is_dir() for marker in _MARKERS)


def find_project(root: str | Path | None = None) -> Project:
    """Find the project folder.

    Order: the ``root`` argument, then ``$INNOCITY_ROOT``, then the current folder and its
    parents, then the checkout this package was installed from.

    :raises InputError: if ``root`` is given but is not a folder.
    """
    if root is None and os.environ.get("INNOCITY_ROOT"):
        root = os.environ["INNOCITY_ROOT"]
    if root is not None:
        path = Path(root).expanduser().resolve()
        if not path.is_dir():
            raise InputError(f"project folder not found: {path}")
        return Project(path)
    cwd = Path.cwd().resolve()
    for candidate in (cwd, *cwd.parents):
        if _looks_like_project(candidate):
            return Project(candidate)
    checkout = Path(__file__).resolve().parents[2]
    if _looks_like_project(checkout):
        return Project(checkout)
    raise InputError(
        "no innocity project here: expected folders ontology/, data/ and shapes/ "
        "(run inside a checkout, or pass --root / set INNOCITY_ROOT)"
    )
