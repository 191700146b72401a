"""What a deck's questions took from the rest of the library, to know when they still hold.

A deck's questions are a function of the code, the seed, the deck itself and what the
generator learns about other muscles, which it asks only of ``Pools`` (wrong options,
muscles for "which muscle?" options, who else lists an item, …; see
``quizzer.generate.generate_deck``). While a deck is generated, a ``Recorder`` stands in
for the pools and writes down every question asked and a fingerprint of every answer,
with each muscle that came back named by id and its contents by digest. Later, with the
same code and seed and the same deck file, the questions are reused only if asking the
same questions of the new library's pools gives the same answers (``holds``): then the
generator, which is deterministic, would make the same questions again. Editing one file
therefore regenerates that file's deck and the decks whose wrong options or look-alikes
came from it, and nothing else. A muscle is fingerprinted by its whole file, so the pools
answer with views of muscles where the questions use only part of one (``Near``,
``Referrer``, ``Rival`` … in ``quizzer.generate.pools``, fingerprinted field by field): an
edit to what no view holds (a location) then keeps the other decks.

Fingerprints are canonical JSON (``canon``) hashed with BLAKE2b. A value the recorder
cannot fingerprint, or an attribute of the pools that is not a method, makes the trace
incomplete: the deck is then never reused, which is slow but right.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields, is_dataclass
from enum import Enum
from functools import cache
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING, Any, cast

from quizzer import model
from quizzer.bank.codec import registry_of
from quizzer.model import Deck, Muscle

if TYPE_CHECKING:
    from quizzer.generate import Pools

Canon = Any
"""A fingerprint (see ``Digests``)."""

_ATOMS = frozenset({str, int, float, bool, type(None)})


@cache
def _registry() -> dict[str, type]:
    from quizzer import anatomy
    from quizzer.generate import pools

    return registry_of(model, anatomy, pools)


class Digests:
    """Fingerprints (``canon``) and digests of muscles and decks.

    A muscle is what its deck file made of it, so its digest is the digest of that file's
    contents (``files``: deck id → file digest, for files read once); any other muscle is
    fingerprinted field by field, once per load.

    A fingerprint is made of atoms (None, booleans, numbers, strings) and tuples whose
    first item tags them: ``("M", id)`` a muscle, ``("E", class, value)`` an enum member,
    ``("D", class, fields)`` another dataclass, ``("T", items)`` a tuple, ``("L", items)`` a
    list, ``("S", sorted items)`` / ``("FS", …)`` sets, ``("Map", pairs)`` a dict. They are
    hashable, so a question asked twice is recorded once, and as JSON (tuples become lists)
    they are what a trace stores.
    """

    def __init__(self, files: Mapping[str, str] | None = None) -> None:
        self._files = dict(files or {})
        self._muscles: dict[str, str] = {}
        self._names = {cls: name for name, cls in _registry().items()}
        self._getters: dict[type, Callable[[object], tuple[object, ...]]] = {}
        self._seen: dict[str, Muscle] = {}
        self._encoder = json.JSONEncoder(
            default=self._other, ensure_ascii=False, check_circular=False, separators=(",", ":")
        )

    def muscle(self, muscle: Muscle) -> str:
        found = self._muscles.get(muscle.id)
        if found is None:
            file = self._files.get(muscle.deck)
            found = _hash(["file", file, muscle.id]) if file is not None else _hash(self._fields(muscle, {}))
            self._muscles[muscle.id] = found
        return found

    def deck(self, deck: Deck) -> str:
        """Everything about the deck (its path, bundled flag and hand-written questions
        too), its muscles by digest."""
        seen: dict[str, Muscle] = {}
        fingerprint = self._fields(deck, seen)
        return _hash([fingerprint, sorted((i, self.muscle(m)) for i, m in seen.items())])

    def canon(self, value: object, seen: dict[str, Muscle]) -> Canon:
        """``value``'s fingerprint; each muscle in it is named by id and put in ``seen``."""
        kind = type(value)
        if kind in _ATOMS:
            return value
        if kind is Muscle:
            muscle = cast(Muscle, value)
            seen[muscle.id] = muscle
            return ("M", muscle.id)
        if kind in self._getters:
            return self._fields(value, seen)
        if kind is tuple or kind is list:
            items = tuple(
                [v if type(v) in _ATOMS else self.canon(v, seen) for v in cast(tuple[object, ...], value)]
            )
            return ("T" if kind is tuple else "L", items)
        if isinstance(value, Enum):
            return ("E", self._name(kind), value.value)
        if kind is set or kind is frozenset:
            if not value:
                return ("S" if kind is set else "FS", ())
            members = [self.canon(v, seen) for v in cast(set[object], value)]
            members.sort(key=_dump)
            return ("S" if kind is set else "FS", tuple(members))
        if kind is dict:
            return (
                "Map",
                tuple(
                    [
                        (self.canon(k, seen), self.canon(v, seen))
                        for k, v in cast(dict[object, object], value).items()
                    ]
                ),
            )
        if is_dataclass(value):
            return self._fields(value, seen)
        raise TypeError(f"cannot fingerprint a {kind.__name__}")

    def answer(self, value: object, seen: dict[str, Muscle]) -> str:
        """An answer's fingerprint as JSON text, made mostly by the JSON encoder (answers are
        many and large: lists of wrong options). Unlike ``canon`` it does not tell a tuple
        from a list or a string enum from its value: answers are compared with answers the
        same code gave, so only their contents can differ."""
        outer = self._seen
        self._seen = seen
        try:
            return self._encoder.encode(value)
        finally:
            self._seen = outer

    def answer_key(self, value: object) -> str:
        return self.answer(value, {})

    def _other(self, value: object) -> object:
        """What the JSON encoder cannot write itself, as JSON it can."""
        kind = type(value)
        if kind is Muscle:
            muscle = cast(Muscle, value)
            self._seen[muscle.id] = muscle
            return ["M", muscle.id]
        if kind is set or kind is frozenset:
            members = cast(set[object], value)
            if all(type(m) is str for m in members):  # the usual case: sorted as is
                return ["S", sorted(cast(set[str], members))]
            return ["S", sorted(members, key=self.answer_key)]
        if isinstance(value, Enum):
            return ["E", self._name(kind), value.value]
        if kind in self._getters or is_dataclass(value):
            getter = self._getters.get(kind) or self._getter_of(value)
            return ["D", self._name(kind), getter(value)]
        raise TypeError(f"cannot fingerprint a {kind.__name__}")

    def _getter_of(self, value: object) -> Callable[[object], tuple[object, ...]]:
        # The fields __init__ takes: the others (a question's id) are derived from them.
        getter = self._getters[type(value)] = _getter([f.name for f in fields(cast(Any, value)) if f.init])
        return getter

    def _fields(self, value: object, seen: dict[str, Muscle]) -> Canon:
        kind = type(value)
        getter = self._getters.get(kind) or self._getter_of(value)
        return (
            "D",
            self._name(kind),
            tuple([v if type(v) in _ATOMS else self.canon(v, seen) for v in getter(value)]),
        )

    def _name(self, kind: type) -> str:
        name = self._names.get(kind)
        if name is None:
            raise TypeError(f"{kind.__name__} is not a model class")
        return name


def _getter(names: list[str]) -> Callable[[object], tuple[object, ...]]:
    if len(names) == 1:
        single = attrgetter(names[0])
        return lambda value: (single(value),)
    return cast(Callable[[object], tuple[object, ...]], attrgetter(*names))


def _dump(value: Canon) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _hash(value: Canon) -> str:
    return hashlib.blake2b(_dump(value).encode(), digest_size=16).hexdigest()


class Recorder:
    """Stands in for ``Pools`` while one deck is generated, recording what it is asked."""

    def __init__(self, pools: Pools, digests: Digests) -> None:
        self._pools = pools
        self._digests = digests
        self._seen: dict[str, Muscle] = {}
        self.calls: list[list[Canon]] = []
        """``[name, args, kwargs, taken]``: ``taken`` is None for a plain call, "read" for a
        plain attribute read whole, else how many items were taken from the iterator a call
        returned and whether it ran out."""
        self._answers: list[str | list[str]] = []
        self._asked: set[Canon] = set()
        self.incomplete: str | None = None
        """Why the trace cannot be trusted, if it cannot."""
        self.by_id = _Lookup(self, "by_id", pools.by_id)

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._pools, name)
        if not callable(attribute):
            # A plain attribute (``pools.groups``) is read whole: the deck depends on all of
            # it. Fine for small ones; reading ``muscles`` would make every deck depend on
            # every muscle (ask a method instead, as ``look_alikes`` does).
            return self.read(name, attribute)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.record(name, attribute, args, kwargs)

        return call

    def read(self, name: str, value: Any) -> Any:
        """Record that ``name`` was read whole (its value's fingerprint as the answer)."""
        question = (name, None, None)
        if question not in self._asked:
            self._asked.add(question)
            self.calls.append([*question, "read"])
            try:
                self._answers.append(self._digests.answer(value, self._seen))
            except TypeError as exc:
                self.incomplete = str(exc)
        return value

    def record(
        self, name: str, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        try:
            result = method(*args, **kwargs)
        except Exception as exc:
            self.incomplete = f"{name} raised {exc!r}"  # the generator may catch it
            raise
        try:
            canon = self._digests.canon
            question = (
                name,
                canon(list(args), self._seen),
                canon({k: kwargs[k] for k in sorted(kwargs)}, self._seen),
            )
            if isinstance(result, Iterator):
                taken: list[Canon] = [0, False]
                answers: list[str] = []
                self.calls.append([*question, taken])
                self._answers.append(answers)
                return self._watch(result, taken, answers)
            if question not in self._asked:
                self._asked.add(question)
                self.calls.append([*question, None])
                self._answers.append(self._digests.answer(result, self._seen))
        except TypeError as exc:
            self.incomplete = str(exc)
        return result

    def _watch(self, iterator: Iterator[Any], taken: list[Canon], answers: list[str]) -> Iterator[Any]:
        for item in iterator:
            try:
                answers.append(self._digests.answer(item, self._seen))
            except TypeError as exc:
                self.incomplete = str(exc)
            taken[0] += 1
            yield item
        taken[1] = True

    def trace(self, deck: Deck) -> dict[str, Canon] | None:
        """What was recorded, as JSON-able data; None when it is incomplete."""
        if self.incomplete is not None:
            return None
        muscles = {muscle_id: self._digests.muscle(m) for muscle_id, m in self._seen.items()}
        return {
            "deck": self._digests.deck(deck),
            "muscles": muscles,
            "calls": self.calls,
            "answers": _hash(self._answers),
        }


class _Lookup:
    """``pools.by_id`` for the recorder: lookups are recorded like method calls."""

    def __init__(self, recorder: Recorder, name: str, mapping: Mapping[str, Any]) -> None:
        self._recorder = recorder
        self._name = name
        self._mapping = mapping

    def __getitem__(self, key: str) -> Any:
        return self._recorder.record(f"{self._name}.__getitem__", self._mapping.__getitem__, (key,), {})

    def __contains__(self, key: object) -> bool:
        return bool(
            self._recorder.record(f"{self._name}.__contains__", self._mapping.__contains__, (key,), {})
        )

    def get(self, key: str, default: Any = None) -> Any:
        return self._recorder.record(f"{self._name}.get", self._mapping.get, (key, default), {})

    def _whole(self) -> Mapping[str, Any]:
        return cast(Mapping[str, Any], self._recorder.read(self._name, self._mapping))

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def keys(self) -> Any:
        return self._whole().keys()

    def values(self) -> Any:
        return self._whole().values()

    def items(self) -> Any:
        return self._whole().items()


def holds(trace: Mapping[str, Canon], deck: Deck, pools: Pools, digests: Digests) -> bool:
    """Whether a deck's recorded questions would get the same answers from ``pools``."""
    try:
        if trace["deck"] != digests.deck(deck):
            return False
        for muscle_id, digest in trace["muscles"].items():
            muscle = pools.by_id.get(muscle_id)
            if muscle is None or digests.muscle(muscle) != digest:
                return False
        registry = _registry()
        answers: list[str | list[str]] = []
        seen: dict[str, Muscle] = {}
        for name, args, kwargs, taken in trace["calls"]:
            method: Any = pools
            for part in name.split("."):
                method = getattr(method, part)
            if taken == "read":
                answers.append(digests.answer(method, seen))
                continue
            result = method(*_value(args, pools, registry), **_value(kwargs, pools, registry))
            if taken is None:
                answers.append(digests.answer(result, seen))
                continue
            count, ran_out = taken
            items = list(islice(result, count))
            if len(items) < count or (ran_out and next(result, _END) is not _END):
                return False
            answers.append([digests.answer(item, seen) for item in items])
        # A muscle that comes back now and did not then differs by id already; one that
        # came back both times was checked by digest above.
        return bool(_hash(answers) == trace["answers"])
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return False


_END = object()


def _value(canon: Canon, pools: Pools, registry: Mapping[str, type]) -> Any:
    """The argument a stored fingerprint stands for (muscles from ``pools``)."""
    if not isinstance(canon, list):
        return canon
    tag, *body = canon
    if tag == "M":
        return pools.by_id[body[0]]
    if tag in ("T", "L", "S", "FS"):
        items = [_value(v, pools, registry) for v in body[0]]
        return {"T": tuple, "L": list, "S": set, "FS": frozenset}[tag](items)
    if tag == "Map":
        return {_value(k, pools, registry): _value(v, pools, registry) for k, v in body[0]}
    if tag == "E":
        return registry[body[0]](body[1])
    if tag == "D":
        return registry[body[0]](*(_value(v, pools, registry) for v in body[1]))
    raise ValueError(f"unknown tag {tag!r}")
