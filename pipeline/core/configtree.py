"""Build typed, frozen config dataclasses from plain YAML data, strictly.

Each config section is a frozen dataclass whose fields carry their documentation in ``metadata["doc"]``. This module
turns a nested mapping into such a tree: unknown keys and wrong types are errors naming the dotted key, so a typo in
a YAML file fails before any work starts instead of being silently ignored.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pipeline.core.errors import ConfigError

T = TypeVar("T")


def doc(text: str) -> dict[str, str]:
    """Field metadata carrying a one-line description, shown by ``--dry-run`` and in docs/configuration.md."""
    return {"doc": text}


def build(cls: type[T], data: Mapping[str, Any] | None, where: str = "") -> T:
    """Build dataclass ``cls`` from ``data``, filling missing fields with their defaults. A key of an earlier release
    that ``cls`` lists in its ``RETIRED_KEYS`` (key -> what to set instead) fails with that advice.

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Demo:
    ...     size: int = 5
    ...     name: str | None = None
    >>> build(Demo, {"size": 3})
    Demo(size=3, name=None)
    >>> build(Demo, {"sise": 3})
    Traceback (most recent call last):
    ...
    pipeline.core.errors.ConfigError: unknown config key 'sise' (known: name, size)
    >>> build(Demo, {"size": "big"})
    Traceback (most recent call last):
    ...
    pipeline.core.errors.ConfigError: config key 'size' must be int, got str 'big'
    """
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"config section '{where or 'top level'}' must be a mapping, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(fields))
    retired: Mapping[str, str] = getattr(cls, "RETIRED_KEYS", {})
    for key in unknown:
        if key in retired:
            raise ConfigError(f"config key '{_join(where, key)}' was retired: {retired[key]}")
    if unknown:
        raise ConfigError(f"unknown config key '{_join(where, unknown[0])}' (known: {', '.join(sorted(fields))})")
    values = {name: _coerce(hints[name], data[name], _join(where, name)) for name in data}
    try:
        return cls(**values)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"config section '{where or 'top level'}': {error}") from error


def to_dict(config: Any) -> Any:
    """The plain-data form of a config tree (for ``summary.json`` and ``--dry-run``)."""
    if dataclasses.is_dataclass(config) and not isinstance(config, type):
        return {f.name: to_dict(getattr(config, f.name)) for f in dataclasses.fields(config)}
    if isinstance(config, tuple | list):
        return [to_dict(item) for item in config]
    return config


def field_docs(cls: type, prefix: str = "") -> list[tuple[str, Any, str]]:
    """``(dotted key, default, doc)`` for every leaf field of a config tree, for reference documentation."""
    rows: list[tuple[str, Any, str]] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        key = _join(prefix, f.name)
        if dataclasses.is_dataclass(hints[f.name]):
            rows.extend(field_docs(hints[f.name], key))
            continue
        default = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[misc,operator]
        rows.append((key, to_dict(default), f.metadata.get("doc", "")))
    return rows


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _coerce(hint: Any, value: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return build(hint, value, where)  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(arg, value, where)
            except ConfigError as error:
                errors.append(str(error))
        raise ConfigError(errors[0] if errors else f"config key '{where}' must not be null")
    if origin is typing.Literal:
        if value not in args:
            raise ConfigError(f"config key '{where}' must be one of {', '.join(map(repr, args))}, got {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(f"config key '{where}' must be a list, got {type(value).__name__} {value!r}")
        item_hint = args[0] if args else Any
        return tuple(_coerce(item_hint, item, f"{where}[{i}]") for i, item in enumerate(value))
    if origin is dict or hint is dict:
        if not isinstance(value, Mapping):
            raise ConfigError(f"config key '{where}' must be a mapping, got {type(value).__name__}")
        return dict(value)
    if hint is Any:
        return value
    if hint is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if hint in (int, float) and isinstance(value, bool):
        raise ConfigError(f"config key '{where}' must be {hint.__name__}, got bool {value!r}")
    if isinstance(hint, type) and not isinstance(value, hint):
        raise ConfigError(f"config key '{where}' must be {hint.__name__}, got {type(value).__name__} {value!r}")
    return value
