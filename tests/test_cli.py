"""The command line: exit codes, messages and outputs a user sees."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from innocity._cli import main

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad" / "input"
GOOD = ROOT / "tests" / "data" / "good"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_validate_conforms_on_the_real_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--root", str(ROOT), "validate")
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("conforms: ")


def test_validate_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--root", str(ROOT), "validate", "--format", "json")
    document = json.loads(out)
    assert (code, document["conforms"], document["violations"], document["results"]) == (
        0,
        True,
        0,
        [],
    )


@pytest.mark.parametrize(
    ("fixture", "code", "message"),
    [
        ("missing-dot.ttl", 2, "missing-dot.ttl:5:1: A dot is expected at the end of statements"),
        ("unknown-prefix.ttl", 2, "unknown-prefix.ttl:3:11: The prefix foo: has not been declared"),
        ("latin1.ttl", 2, "latin1.ttl:2:18: file must be UTF-8"),
        ("ill-typed.ttl", 2, "ill-typed.ttl:4:15: lexical form 'abc' is not valid for xsd:integer"),
        ("iri-with-space.ttl", 2, "iri-with-space.ttl:3:1: Invalid IRI code point ' '"),
        ("deep-nesting.ttl", 2, "blank nodes nested 200 levels deep"),
        ("owl-imports.ttl", 3, "owl:imports http://example.org/remote.ttl is refused"),
        ("remote-context.jsonld", 3, "remote context 'http://example.org/context.jsonld'"),
        ("doctype.rdf", 2, "RDF/XML is not accepted"),
    ],
)
def test_bad_input_exit_codes_and_messages(
    capsys: pytest.CaptureFixture[str],
    make_project: Callable[..., Path],
    fixture: str,
    code: int,
    message: str,
) -> None:
    root = make_project(BAD / fixture)
    got, out, err = run(capsys, "--root", str(root), "validate")
    assert (got, out) == (code, "")
    assert message in " ".join(err.split())


def test_validation_failure_exits_1_with_focus_shape_and_file(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path]
) -> None:
    root = make_project(GOOD / "unlabelled-city.ttl", real_data=True)
    code, out, _err = run(capsys, "--root", str(root), "validate")
    assert code == 1
    assert "Violation: https://w3id.org/innocity/id/atlantis" in out
    assert "file:    data/fixture/unlabelled-city.ttl" in out
    assert out.strip().splitlines()[-1].startswith("does NOT conform:")


def test_export_refuses_invalid_data_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project(GOOD / "unlabelled-city.ttl", real_data=True)
    target = tmp_path / "out.ttl"
    code, _out, err = run(capsys, "--root", str(root), "export", "--out", str(target))
    assert code == 1
    assert "refusing to export data that fails validation (use --force to override)" in err
    assert not target.exists()


def test_export_force_writes_invalid_data(
    capsys: pytest.CaptureFixture[str], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project(GOOD / "unlabelled-city.ttl", real_data=True)
    target = tmp_path / "out.nt"
    code, _out, err = run(
        capsys, "--root", str(root), "export", "--force", "--format", "nt", "--out", str(target)
    )
    assert code == 0
    assert b"<https://w3id.org/innocity/id/atlantis>" in target.read_bytes()
    assert f"to {target}" in err


def test_export_to_missing_folder_exits_4(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "kg.ttl"
    code, _out, err = run(capsys, "--root", str(ROOT), "export", "--out", str(target))
    assert code == 4
    assert "does not exist" in err
    assert not target.parent.exists()


def test_export_to_stdout_is_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--root", str(ROOT), "export", "--format", "turtle"])
    captured = capsys.readouterr()
    assert captured.out.startswith("@prefix kg: <https://w3id.org/innocity/id/> .")


def test_build_writes_the_turtle(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "innocity.ttl"
    code, out, _err = run(capsys, "--root", str(ROOT), "build", "--out", str(target))
    assert code == 0
    assert "facts per article section" in out
    assert f"triples to {target}" in " ".join(out.split())
    assert target.read_bytes().startswith(b"@prefix kg:")


def test_stats_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--root", str(ROOT), "stats", "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["provenance_coverage"] == 1.0
    assert figures["label_coverage"] == 1.0
    assert set(figures["facts_per_section"]) == {f"kg:cjrb-2025-11-wuhan-s{n}" for n in range(1, 7)}


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "validate", "--bogus")
    assert code == 2
    assert "No such option: --bogus" in err


def test_missing_project_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "--root", str(tmp_path / "nope"), "validate")
    assert code == 2
    assert "project folder not found" in err
