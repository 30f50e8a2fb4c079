"""The flat public API: ``__all__`` is sorted, complete, and every name resolves."""

from __future__ import annotations

import innocity


def test_all_is_sorted_and_unique() -> None:
    assert list(innocity.__all__) == sorted(set(innocity.__all__))


def test_every_exported_name_exists() -> None:
    missing = [name for name in innocity.__all__ if not hasattr(innocity, name)]
    assert missing == []


def test_every_public_attribute_is_exported() -> None:
    public = {
        name
        for name, value in vars(innocity).items()
        if not name.startswith("_")
        and not getattr(value, "__name__", "").startswith("innocity._")
        and not isinstance(value, type(innocity))
    }
    assert sorted(public - set(innocity.__all__)) == []


def test_errors_share_one_base_and_distinct_exit_codes() -> None:
    errors = [
        innocity.InputError,
        innocity.ParseError,
        innocity.UnsafeInputError,
        innocity.ValidationFailed,
        innocity.ExportError,
        innocity.QueryError,
        innocity.QueryTimeout,
    ]
    assert all(issubclass(e, innocity.InnocityError) for e in errors)
    assert {e.__name__: e.exit_code for e in errors} == {
        "InputError": 2,
        "ParseError": 2,
        "UnsafeInputError": 3,
        "ValidationFailed": 1,
        "ExportError": 4,
        "QueryError": 5,
        "QueryTimeout": 7,
    }
