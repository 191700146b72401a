"""A compact encoding of frozen model objects as data: strings, whole numbers and names.

What the question bank's cache writes. Decoding never runs code from the file: it splits
strings, reads unsigned numbers and calls the constructors of the classes in the
``registry`` the caller passes (Quizzer's own dataclasses and enums) with values found
in the file; an unknown name, an index out of range or a truncated part raises
``ValueError``, and the caller treats the file as missing.

Layout: ``u32 header length | header (JSON) | u32 text length | text | numbers``.

- The header lists the *atoms* (None, booleans, numbers), how many strings there are, the
  *groups* of composite values and which values are the *roots* handed back.
- The text is every distinct string once, joined with NUL (UTF-8), or, in the rare case
  that a string holds a NUL, an empty text and the strings listed in the header.
- The numbers (little-endian, unsigned, of the width the header gives: 1, 2 or 4 bytes,
  the narrowest that holds the largest) fill the groups in order; each value refers to the
  values it holds by their index in one list: atoms, then strings, then the groups' values.

A group holds values of one kind and class at one *depth* (a value is one deeper than the
deepest value it holds), so every value refers only to earlier groups and a whole group is
built in one pass: a dataclass's row is its fields in order (those its ``__init__`` takes;
any other field is one its ``__post_init__`` derives), an enum's row is its value,
and tuples, lists and dicts (key, value, key, value …) give their lengths first. Equal
strings, atoms, enum members and tuples are stored once (and come back as one object).
"""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from enum import Enum
from itertools import islice, starmap
from operator import attrgetter
from typing import Any

Registry = Mapping[str, type]
"""The classes a file may name: dataclasses and enums, by class name."""

_SWAP = sys.byteorder != "little"
_ATOMS = frozenset({bool, int, float, type(None)})
_TYPECODES = {1: "B", 2: "H", 4: "I"}
"""The array type of each width of numbers."""


def registry_of(*modules: object) -> dict[str, type]:
    """Every dataclass and enum defined in ``modules``, by name."""
    out: dict[str, type] = {}
    for module in modules:
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == getattr(module, "__name__", None)
                and (is_dataclass(value) or issubclass(value, Enum))
            ):
                out[value.__name__] = value
    return out


class _Encoder:
    """Gives every distinct value a provisional number, in the order first met; ``encode``
    then orders them: atoms, strings, and the composite *nodes* by group."""

    def __init__(self, registry: Registry) -> None:
        self.names = {cls: name for name, cls in registry.items()}
        self.getters: dict[type, Callable[[Any], tuple[Any, ...]]] = {}
        self.depths: list[int] = []
        """Per provisional number: 0 for an atom or string, else the node's depth."""
        self.atoms: dict[tuple[type, object], int] = {}
        self.strings: dict[str, int] = {}
        self.nodes: list[tuple[int, str, str, tuple[int, ...]]] = []
        """(provisional number, kind, class name, children) of each node."""
        self.shared: dict[tuple[str, str, tuple[int, ...]], int] = {}
        self.enums: set[type] = set()
        self.members: dict[tuple[type, object], int] = {}

    def ref(self, value: Any) -> int:
        kind = type(value)
        if kind is str:
            found = self.strings.get(value)
            if found is None:
                found = self.strings[value] = len(self.depths)
                self.depths.append(0)
            return found
        if kind in _ATOMS:
            key = (kind, value)
            found = self.atoms.get(key)
            if found is None:
                found = self.atoms[key] = len(self.depths)
                self.depths.append(0)
            return found
        if kind is tuple:
            tag, name, children = "t", "", self._refs(value)
        elif kind in self.getters:
            tag, name = "o", self.names[kind]
            children = self._refs(self.getters[kind](value))
        elif isinstance(value, Enum):
            self.enums.add(kind)
            tag, name, children = "e", self._name(kind), (self.ref(value.value),)
        elif kind is list:
            tag, name, children = "l", "", self._refs(value)
        elif kind is dict:
            tag, name, children = "d", "", self._refs([x for pair in value.items() for x in pair])
        elif is_dataclass(value):
            name = self._name(kind)
            names = [f.name for f in fields(value) if f.init]
            if len(names) == 1:
                single = attrgetter(names[0])
                self.getters[kind] = lambda v: (single(v),)
            elif names:
                self.getters[kind] = attrgetter(*names)
            else:
                self.getters[kind] = lambda v: ()
            tag, children = "o", self._refs(self.getters[kind](value))
        else:
            raise TypeError(f"cannot encode a {kind.__name__}")
        shared = tag == "t" or tag == "e"  # equal tuples and enum members are one value
        if shared:
            found = self.shared.get((tag, name, children))
            if found is not None:
                return found
        number = len(self.depths)
        self.depths.append(1 + max(map(self.depths.__getitem__, children), default=0))
        self.nodes.append((number, tag, name, children))
        if shared:
            self.shared[(tag, name, children)] = number
            if tag == "e":
                self.members[(kind, value)] = number
        return number

    def _refs(self, values: Iterable[Any]) -> tuple[int, ...]:
        # ``ref`` inlined for strings, atoms and enum members met before: most values.
        strings, atoms, members, ref = self.strings, self.atoms, self.members, self.ref
        out: list[int] = []
        append = out.append
        depths = self.depths
        for value in values:
            kind = type(value)
            if kind is str:
                found = strings.get(value)
                if found is None:
                    found = strings[value] = len(depths)
                    depths.append(0)
            elif kind in _ATOMS:
                found = atoms.get((kind, value))
            elif kind in self.enums:
                found = members.get((kind, value))
            else:
                found = None
            append(found if found is not None else ref(value))
        return tuple(out)

    def _name(self, kind: type) -> str:
        name = self.names.get(kind)
        if name is None:
            raise TypeError(f"{kind.__name__} is not a class the cache may name")
        return name


def encode(roots: Sequence[object], registry: Registry) -> bytes:
    """``roots`` as bytes that ``decode`` turns back into equal values; TypeError for a
    value of a kind it cannot store (then nothing is cached)."""
    enc = _Encoder(registry)
    refs = [enc.ref(root) for root in roots]
    depths = enc.depths
    nodes = sorted(enc.nodes, key=lambda node: (depths[node[0]], node[1], node[2], node[0]))
    final = [0] * len(depths)
    for position, number in enumerate(
        [*enc.atoms.values(), *enc.strings.values(), *(node[0] for node in nodes)]
    ):
        final[number] = position
    at = final.__getitem__
    groups: list[list[object]] = []
    numbers = array("I")
    if numbers.itemsize != 4:
        raise TypeError("no 32-bit unsigned array on this platform")
    start = 0
    while start < len(nodes):
        _, tag, name, _ = nodes[start]
        depth = depths[nodes[start][0]]
        end = start
        while end < len(nodes) and nodes[end][1:3] == (tag, name) and depths[nodes[end][0]] == depth:
            end += 1
        members = [node[3] for node in nodes[start:end]]
        if tag in ("t", "l", "d"):
            numbers.extend([len(children) // (2 if tag == "d" else 1) for children in members])
        for children in members:
            numbers.extend(map(at, children))
        group: list[object] = [tag, name, end - start]
        if tag in ("o", "e"):
            group.append(len(members[0]))
        groups.append(group)
        start = end
    strings = list(enc.strings)
    listed = any("\0" in s for s in strings)
    largest = max(numbers, default=0)
    width = 1 if largest < 1 << 8 else 2 if largest < 1 << 16 else 4
    if width != 4:
        numbers = array(_TYPECODES[width], numbers)
    header = json.dumps(
        {
            "atoms": [value for _, value in enc.atoms],
            "strings": strings if listed else len(strings),
            "groups": groups,
            "roots": [at(r) for r in refs],
            "width": width,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    blob = b"" if listed else "\0".join(strings).encode()
    if _SWAP:
        numbers.byteswap()
    return b"".join(
        (len(header).to_bytes(4, "little"), header, len(blob).to_bytes(4, "little"), blob, numbers.tobytes())
    )


_WIDTHS: dict[type, int] = {}
_MEMBERS: dict[tuple[type, object], Enum] = {}


def _width(cls: type) -> int:
    found = _WIDTHS.get(cls)
    if found is None:
        found = _WIDTHS[cls] = sum(1 for f in fields(cls) if f.init)
    return found


def _member(cls: type, value: object) -> Enum:
    key = (cls, value)
    found = _MEMBERS.get(key)
    if found is None:
        found = _MEMBERS[key] = cls(value)
    return found


def decode(data: bytes, registry: Registry) -> list[Any]:
    """The roots ``encode`` stored; ValueError for anything that does not fit."""
    try:
        return _decode(data, registry)
    except (KeyError, IndexError, TypeError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a bank file: {exc}") from None


def _decode(data: bytes, registry: Registry) -> list[Any]:
    view = memoryview(data)
    size = int.from_bytes(view[:4], "little")
    header = json.loads(bytes(view[4 : 4 + size]))
    at = 4 + size
    blob_size = int.from_bytes(view[at : at + 4], "little")
    blob = bytes(view[at + 4 : at + 4 + blob_size])
    at += 4 + blob_size
    numbers = array(_TYPECODES[header["width"]])
    if len(view) < at or (len(view) - at) % numbers.itemsize:
        raise ValueError("truncated")
    numbers.frombytes(view[at:])
    if _SWAP:
        numbers.byteswap()
    values: list[Any] = list(header["atoms"])
    strings = header["strings"]
    if isinstance(strings, list):
        values.extend(str(s) for s in strings)
    elif strings:
        split = blob.decode("utf-8").split("\0")
        if len(split) != strings:
            raise ValueError("wrong number of strings")
        values.extend(split)
    get: Callable[[int], Any] = values.__getitem__
    position = 0
    for group in header["groups"]:
        tag, name, count = group[0], group[1], group[2]
        if tag == "o" or tag == "e":
            cls = registry[name]
            width = group[3]
            if tag == "o" and width != _width(cls):
                raise ValueError(f"{name} has changed")
            chunk = numbers[position : position + count * width]
            position += count * width
            if len(chunk) != count * width:
                raise ValueError("truncated")
            if tag == "e":
                values.extend([_member(cls, get(i)) for i in chunk])
            elif width:
                # Every field looked up in one pass, then one constructor call per row.
                found = iter(list(map(get, chunk)))
                values.extend(starmap(cls, zip(*[found] * width, strict=True)))
            else:
                values.extend([cls() for _ in range(count)])
            continue
        lengths = numbers[position : position + count]
        position += count
        total = sum(lengths) * (2 if tag == "d" else 1)
        chunk = numbers[position : position + total]
        position += total
        if len(lengths) != count or len(chunk) != total:
            raise ValueError("truncated")
        items = map(get, chunk)
        if tag == "t":
            values.extend([tuple(islice(items, n)) for n in lengths])
        elif tag == "l":
            values.extend([list(islice(items, n)) for n in lengths])
        elif tag == "d":
            values.extend(
                [
                    dict(zip(p, p, strict=False)) if n else {}
                    for n, p in ((n, islice(items, 2 * n)) for n in lengths)
                ]
            )
        else:
            raise ValueError(f"unknown group {tag!r}")
    if position != len(numbers):
        raise ValueError("trailing data")
    return [values[i] for i in header["roots"]]
