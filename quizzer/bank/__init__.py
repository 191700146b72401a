"""The question bank: deck files → library → generated questions, kept in a cache between runs.

Reading YAML and generating questions are the slowest part of opening the study app, and
they give the same result every time until a deck file or Quizzer itself changes. So the
bank of every set of deck arguments studied is kept under ``<data dir>/cache/<bank>/``
(the 8 used last are kept):

- ``index``: what the bank was built from (Quizzer's version and code, Python's version,
  the seed, the deck arguments, every deck file's path and a digest of its contents) and
  its decks in order, each with the signature of its entry and what the home screen lists
  of it (id, name, exam region);
- ``<name>.parse`` per YAML deck file (named by its contents, path and bundled flag): what
  parsing it gave, so that an unchanged file is not parsed again (its deck, when loaded as
  parsed, kept only in the deck's entry);
- ``<name>.deck`` per deck (named by its path and id): the deck as loaded (decoded when the
  library is first needed), its generated questions (decoded only when one is asked for:
  ``QuestionSet``) and a *trace* of what generating them took from other decks (``trace``);
- ``tables``: every chosen deck's key table, in one file (its signature in the index),
  each question id kept as what follows its fact (``/mcq``): an id is its fact and its
  kind (``QuestionKey``), so the file holds each fact once and a few dozen endings.

A start whose files and code match the index reads the index and the key tables and
nothing else: no YAML, no generator (``load_bank``), and a deck entry only when its deck
or questions are first needed (checked then against the signature the index gives it;
one that is gone or not that one makes the bank be rebuilt, as after a change). When
something changed, unchanged files are not parsed again and a deck's questions are reused
when the deck is unchanged and its trace still holds; the rest is parsed and generated,
and what changed is written back. A bank served from the cache is always what a fresh
load and generation would give (the same questions, options, order and ids).

Contents are hashed, not just sizes and modification times: a same-length edit whose time
was restored (``cp -p``, ``rsync -t``, coarse file-system clocks) must not be missed. A
file is not hashed again while its whole status (size, modification and change times,
inode, mode) is the one recorded with its digest and its change time was then old
(``_hash``): the change time cannot be set back, so any write since shows. The
files are data, never code (``codec``), in a private folder, signed with a key of this
install (``folder``): anything foreign or damaged there is ignored and replaced. The
cache can be deleted at any time.
"""

from __future__ import annotations

import gc
import json
import os
import stat
import sys
import threading
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from quizzer import __version__, model
from quizzer.bank import codec
from quizzer.bank.folder import Folder, remove_leftovers, remove_tree
from quizzer.bank.hashing import blake2b
from quizzer.discovery import bundled_decks_dir, deck_file_names
from quizzer.model import Deck, Library, Question, with_written
from quizzer.questionset import KeyTable, QuestionSet, Reader, key_table

if TYPE_CHECKING:
    from quizzer.decks import ParsedFile
    from quizzer.generate import Pools

FORMAT = 6
"""Bump when what the cache files hold changes in a way the code stamp would not catch."""

ROOM = 64 << 20
"""Bytes a cache write must leave free on the disk (the progress store comes first)."""

KEEP_BANKS = 8
"""Banks (sets of deck arguments) kept in the cache; the least recently used go first."""

_PACKAGE = Path(__file__).resolve().parent.parent
_CODE_FOLDERS = ("", "generate", "atlas", "bank")
"""Package folders whose files decide what a bank holds (model, loader, generator, cache)."""
_INDEX = "index"
_DECK = ".deck"
_PARSE = ".parse"
_TABLES = "tables"


class _ModelTypes(dict[str, type]):
    """The classes a bank file may name, to decode it: the model's, and the anatomy's
    (muscles, groups and their facts), added when a file first names one of them: a warm
    start reads key tables and questions, which name none (``quizzer.anatomy``)."""

    def __missing__(self, name: str) -> type:
        from quizzer import anatomy

        self.update(codec.registry_of(anatomy))
        if not dict.__contains__(self, name):
            raise KeyError(name)
        return dict.__getitem__(self, name)


_MODEL = _ModelTypes(codec.registry_of(model))


@cache
def _model_types() -> dict[str, type]:
    """Every class of the model and the anatomy by name, to encode (a deck holds muscles)."""
    from quizzer import anatomy

    return codec.registry_of(model, anatomy)


class Bank:
    """Every loaded deck, the ids of the chosen ones and the questions generated for them.

    A bank from the cache decodes its decks when the library is first needed, and a
    deck's questions when one of them is (``source``); ``questions`` gives them all.
    ``about`` (id, name, exam region of each deck, in order) is known without decoding.
    """

    def __init__(
        self,
        library: Library | Callable[[], Library],
        selected: list[str],
        questions: Sequence[Question] | QuestionSet,
        about: Sequence[tuple[str, str, str | None]] | None = None,
    ) -> None:
        self._library = library
        self._lock = threading.Lock()
        self.selected = selected
        self.source = questions if isinstance(questions, QuestionSet) else QuestionSet.of(questions)
        self._about = about

    @property
    def library(self) -> Library:
        """Every loaded deck (decoded now if not yet)."""
        if not isinstance(self._library, Library):
            with self._lock:
                if not isinstance(self._library, Library):
                    self._library = self._library()
        return self._library

    @property
    def about(self) -> list[tuple[str, str, str | None]]:
        """Each deck's id, name and exam region (``regions.deck_region``), in order."""
        if self._about is None:
            from quizzer.regions import deck_region

            library = self.library
            self._about = [(d.id, d.name, deck_region(d, library)) for d in library.decks]
        return list(self._about)

    @property
    def questions(self) -> list[Question]:
        """Every question, in order (decoded now if not yet)."""
        return self.source.all()


class UnknownDeck(ValueError):
    """A deck argument is neither a path nor the id of a loaded deck (one-line message)."""


def load_bank(
    paths: Sequence[Path] = (), *, names: Sequence[str] = (), seed: int = 0, cache_dir: Path | None = None
) -> Bank:
    """The bank for ``paths`` (deck files or folders) and ``names`` (ids of bundled decks),
    generated with ``seed``; with neither, every bundled deck.

    With ``cache_dir`` the bank comes from the cache when nothing changed, and is saved
    there (best effort: a cache that cannot be used is skipped silently). Raises
    ``DeckError`` like ``load_library``, and ``UnknownDeck`` for a name no deck has.
    """
    return prepare_bank(paths, names=names, seed=seed, cache_dir=cache_dir).load()


def prepare_bank(
    paths: Sequence[Path] = (), *, names: Sequence[str] = (), seed: int = 0, cache_dir: Path | None = None
) -> PendingBank:
    """Hash the deck files and read the cache's index (a few milliseconds); ``load`` then
    gives the bank. ``warm`` says whether it will come from the cache, so a front end can
    load a warm bank while it starts and a cold one (which may fail on a deck problem)
    before."""
    pending = PendingBank(list(paths), list(names), seed)
    if cache_dir is not None:
        pending.look_up(cache_dir)
    return pending


def unknown_id_hint(name: str, known: Sequence[str], what: str) -> str:
    """What to say after "unknown deck 'x'": the ids it was probably meant to be (close in
    spelling, or containing it: "scalene" → the three scalenes and their group), else how
    many there are and what an id looks like, never the whole list on one line."""
    import difflib

    wanted = name.lower()
    close = [k for k in known if wanted in k] if len(wanted) >= 3 else []
    close = close or difflib.get_close_matches(wanted, known, n=1)
    if len(close) == 1:
        return f" (did you mean {close[0]!r}?)"
    if 1 < len(close) <= 6:
        return f" (did you mean one of: {', '.join(close)}?)"
    examples = [k for k in ("gluteus-medius", "trapezius", "deltoid") if k in known][:2] or list(known[:2])
    if not examples:
        return f"; there are no {what}"
    return (
        f"; {len(known)} {what}, such as {' and '.join(examples)}: an id is the name in lower case "
        "with hyphens"
    )


def select(library: Library, selected: Sequence[str], *, paths: bool, names: Sequence[str]) -> list[str]:
    """The decks a command chose: those its paths loaded (``selected``, or none when no
    path was given) and then those it named by id. With neither, ``selected`` (every
    bundled deck)."""
    if not paths and not names:
        return list(selected)
    chosen = list(selected) if paths else []
    known = [deck.id for deck in library.decks]
    for name in names:
        if name not in known:
            hint = unknown_id_hint(name, known, "decks")
            raise UnknownDeck(f"unknown deck {name!r}: no such file, and no deck has that id{hint}")
        if name not in chosen:
            chosen.append(name)
    return chosen


@dataclass
class _Entry:
    """A cache file of the bank, decoded as far as needed: sections of codec data, zlib'd.

    A *parse* entry (``<name>.parse``, named by a deck file's digest, path and bundled flag)
    holds what parsing the file gave: ``[key, what load_library needs but the checker]``
    and the checker's plain facts. Its deck is the deck entry's when the deck was loaded
    as parsed (most are): then it names that entry and a digest of its deck section
    (``_DeckRef``) instead of holding the deck a second time. A *deck* entry
    (``<name>.deck``, named by a deck's path and id) holds ``[key, the deck as loaded]``,
    ``[key, its generated questions]`` (or nothing: not generated) and the trace of their
    generation (JSON), or nothing: each decoded only when asked for (the deck once)."""

    key: str
    signature: str
    sections: list[bytes]
    _content: list[Any] | None = None

    def content(self, registry: codec.Registry = _MODEL) -> list[Any]:
        """The first section's values after the key; ValueError for an entry made by
        another version of Quizzer."""
        if self._content is None:
            self._content = self._values(0, registry)
        return self._content

    def _values(self, section: int, registry: codec.Registry = _MODEL) -> list[Any]:
        values = codec.decode(zlib.decompress(self.sections[section]), registry)
        if not values or values[0] != self.key:
            raise ValueError("an entry of another Quizzer")
        return values[1:]

    def deck(self) -> Deck:
        """The deck as loaded (decoded once, when first asked for)."""
        if len(self.sections) != 3:
            raise ValueError("not a deck entry")
        [deck] = self.content()
        if not isinstance(deck, Deck):
            raise ValueError("not a deck entry")
        return deck

    def generated(self) -> bool:
        """Whether the entry holds the deck's generated questions (a chosen deck's)."""
        return len(self.sections) == 3 and bool(self.sections[1])

    def questions(self) -> tuple[Question, ...]:
        """The deck's generated questions (decoded now: the larger part of the entry)."""
        if len(self.sections) != 3:
            raise ValueError("not a deck entry")
        [questions] = self._values(1)
        if not isinstance(questions, tuple):
            raise ValueError("not a deck entry")
        return cast("tuple[Question, ...]", questions)

    def json(self, section: int) -> Any:
        return json.loads(zlib.decompress(self.sections[section])) if self.sections[section] else None

    def deck_digest(self) -> str:
        """A digest of the deck section as stored (what a parse entry's ``_DeckRef`` pins)."""
        return _section_digest(self.sections[0])


_DeckRef = tuple[str, str]
"""Where a parse entry's deck is: the deck entry's name and its deck section's digest."""


class _File(NamedTuple):
    """A deck file as this load read it (or found it parsed in the cache)."""

    digest: str | None
    """None when its contents changed while it was read: then it is not cached."""
    parsed: ParsedFile
    cached: bool
    ref: _DeckRef | None = None
    """Where its cached parse entry found the deck (None: in the entry itself)."""


class _Write(NamedTuple):
    """A deck entry to (re)write."""

    slot: str
    deck: Deck
    questions: tuple[Question, ...] | None
    trace: dict[str, Any] | None


@dataclass
class PendingBank:
    """A bank about to be loaded (see ``prepare_bank``)."""

    paths: list[Path]
    names: list[str]
    seed: int
    warm: bool = False
    _folder: Folder | None = None
    _dir: Path | None = None
    _key: list[Any] | None = None
    _key_text: str = ""
    _files: list[list[str]] | None = None
    _stats: dict[str, list[int]] = field(default_factory=dict)
    _stamp: int = 0
    _rehashed: bool = False
    """Whether a deck file had to be hashed (its status changed, or was too recent)."""
    _index: dict[str, Any] | None = None
    _entries: dict[str, _Entry | None] = field(default_factory=dict)
    _lazy: threading.RLock = field(default_factory=threading.RLock)
    _generated: dict[str, tuple[Question, ...]] = field(default_factory=dict)
    _repair: tuple[Library, dict[str, tuple[Question, ...]]] | None = None

    def look_up(self, cache_dir: Path) -> None:
        self._folder = Folder.open(cache_dir)
        if self._folder is None:
            return
        try:
            files = deck_file_names([*self.paths, bundled_decks_dir()])
            code = _code_stamp()
        except OSError:
            self._folder = None  # a deck that cannot be read: the loader says why
            return
        self._key = [FORMAT, __version__, list(sys.version_info[:2]), self.seed, code]
        self._key_text = _dump(self._key)
        self._dir = self._folder.sub(_bank_name(self.paths, self.names, self.seed))
        if self._dir is None:
            self._folder = None
            return
        index = self._read_json(self._dir / _INDEX)
        if index is not None and index.get("key") != self._key:
            index = None
        try:
            self._files, self._stats, self._stamp, self._rehashed = _hash(files, index)
        except OSError:
            self._folder = None
            return
        if index is None:
            return
        self._index = index
        self.warm = index.get("files") == self._files

    def load(self) -> Bank:
        # A bank is hundreds of thousands of small acyclic objects: the cycle collector
        # would rescan them again and again for nothing while they are made.
        enabled = gc.isenabled()
        gc.disable()
        try:
            if self._folder is None:
                return self._fresh()
            if self.warm:
                bank = self._from_cache()
                if bank is not None:
                    if not self._restamp():
                        _touch(self._dir / _INDEX)  # type: ignore[operator]
                    return bank
            return self._rebuild()
        finally:
            if enabled:
                gc.enable()

    # --- without a cache ------------------------------------------------------------
    def _fresh(self) -> Bank:
        from quizzer.decks import load_library
        from quizzer.generate import generate

        library, selected = load_library(self.paths)
        chosen = select(library, selected, paths=bool(self.paths), names=self.names)
        return Bank(library, chosen, generate(library, chosen, seed=self.seed))

    # --- a warm start: every file as in the index ------------------------------------
    def _from_cache(self) -> Bank | None:
        """The bank as the index and the key tables file give it; every deck entry is read
        (and its signature checked against the index's) only when its deck or questions
        are first needed, but those with hand-written questions, read now."""
        assert self._index is not None
        try:
            chosen = list(self._index["selected"])
            wanted = set(chosen)
            tables = self._tables()
            if tables is None:
                return None
            rows: list[tuple[str, str, str]] = []
            about: list[tuple[str, str, str | None]] = []
            parts: list[tuple[str, KeyTable, Reader]] = []
            written: list[Question] = []
            for slot, signature, deck_id, name, region, own in self._index["decks"]:
                slot, signature, deck_id = str(slot), str(signature), str(deck_id)
                rows.append((slot, signature, deck_id))
                about.append((deck_id, str(name), None if region is None else str(region)))
                if deck_id in wanted:
                    table = tables.get(deck_id)
                    if table is None:
                        return None
                    parts.append((deck_id, table, partial(self._questions, slot, signature, deck_id)))
                    if own:  # hand-written questions: in the deck itself
                        entry = self._checked(slot, signature)
                        if entry is None:
                            return None
                        written += entry.deck().questions

            def library() -> Library:
                return self._library(rows)

            return Bank(library, chosen, QuestionSet(parts, written), about)
        except (ValueError, TypeError, KeyError, zlib.error):
            return None

    def _tables(self) -> dict[str, KeyTable] | None:
        """Every chosen deck's key table, from the file the index names (one read and one
        signature for the whole bank)."""
        assert self._index is not None and self._folder is not None and self._dir is not None
        read = self._folder.read_signed(self._dir / _TABLES)
        if read is None or read[1] != self._index.get("tables"):
            return None
        values = codec.decode(zlib.decompress(read[0]), _MODEL)
        if len(values) != 2 or values[0] != self._key_text or not isinstance(values[1], list):
            return None
        out: dict[str, KeyTable] = {}
        for deck_id, table in values[1]:
            if not (
                isinstance(deck_id, str)
                and isinstance(table, tuple)
                and len(table) == 4
                and isinstance(table[3], str)
            ):
                return None
            out[deck_id] = _expanded(table)
        return out

    def _checked(self, slot: str, signature: str) -> _Entry | None:
        """The deck entry the index names, if it still is the one it signed."""
        entry = self._entry(slot + _DECK)
        return entry if entry is not None and entry.signature == signature else None

    def _questions(self, slot: str, signature: str, deck_id: str) -> tuple[Question, ...]:
        """A deck's generated questions (read when one of them is first asked for)."""
        with self._lazy:
            entry = self._checked(slot, signature)
            if entry is not None:
                try:
                    return entry.questions()
                except (ValueError, TypeError, zlib.error):
                    pass
            found = self._repaired()[1].get(deck_id)
            if found is None:
                raise ValueError(f"deck {deck_id!r} is gone from the deck files")
            return found

    def _library(self, rows: Sequence[tuple[str, str, str]]) -> Library:
        """Every deck (read when the library is first needed)."""
        with self._lazy:
            try:
                decks = []
                for slot, signature, _ in rows:
                    entry = self._checked(slot, signature)
                    if entry is None:
                        raise ValueError("a deck entry changed")
                    decks.append(entry.deck())
                if [deck.id for deck in decks] != [deck_id for _, _, deck_id in rows]:
                    raise ValueError("a deck entry that does not match the index")
                return Library(tuple(decks))
            except (ValueError, TypeError, zlib.error):
                return self._repaired()[0]

    def _repaired(self) -> tuple[Library, dict[str, tuple[Question, ...]]]:
        """A deck entry read after the start was missing, damaged or replaced (the cache
        deleted, or rebuilt by another Quizzer since): the bank is rebuilt as after a
        change (what still holds reused, the rest made again and written back), once."""
        if self._repair is None:
            self._entries.clear()
            enabled = gc.isenabled()
            gc.disable()
            try:
                library = self._rebuild().library
            finally:
                if enabled:
                    gc.enable()
            self._repair = (library, self._generated)
        return self._repair

    # --- something changed: reuse what still holds -----------------------------------
    def _rebuild(self) -> Bank:
        from quizzer.bank.trace import Digests, Recorder, holds
        from quizzer.decks import load_library
        from quizzer.generate import Pools, generate_deck

        files: dict[str, _File] = {}

        def read(path: Path, bundled: bool) -> ParsedFile:
            from quizzer.decks import parse_file

            digest = _digest_or_none(path)
            name = _parse_name(digest, path, bundled) + _PARSE if digest is not None else None
            restored = _restore(self._entry(name), self._entry) if name is not None else None
            if restored is not None:
                files[str(path)] = _File(digest, restored[0], True, restored[1])
                return restored[0]
            parsed = parse_file(path, bundled)
            if digest is not None and _digest_or_none(path) != digest:
                digest = None  # changed while it was read: not cached
            files[str(path)] = _File(digest, parsed, False)
            return parsed

        library, selected = load_library(self.paths, read=read)
        chosen = select(library, selected, paths=bool(self.paths), names=self.names)
        pools = Pools(library)
        # A deck file's muscles are what its contents made of them: its digest stands
        # for them (decks made by question files have no muscles).
        digests = Digests(
            {
                deck.id: file.digest
                for deck in library.decks
                if (file := files.get(deck.path)) is not None and file.digest is not None
            }
        )
        wanted = set(chosen)
        generated: list[tuple[Question, ...]] = []
        tables: list[list[Any]] = []
        writes: list[_Write] = []
        for deck in library.decks:
            slot = _slot(deck)
            entry = self._entry(slot + _DECK)
            # Mostly the very deck its file's parse entry was restored with (the same object).
            same = (cached := _cached_deck(entry)) is not None and (cached is deck or cached == deck)
            if deck.id not in wanted:
                if not same:
                    writes.append(_Write(slot, deck, None, None))
                continue
            if same and entry is not None and entry.generated():
                trace = _trace(entry)
                reused = _cached_questions(entry)
                if trace is not None and reused is not None and holds(trace, deck, pools, digests):
                    generated.append(reused)
                    tables.append([deck.id, key_table(reused)])
                    continue
            recorder = Recorder(pools, digests)
            questions = tuple(generate_deck(cast("Pools", recorder), deck, self.seed))
            generated.append(questions)
            tables.append([deck.id, key_table(questions)])
            writes.append(_Write(slot, deck, questions, recorder.trace(deck)))
        out = with_written([d for d in library.decks if d.id in wanted], generated)
        self._generated = {deck_id: part for (deck_id, _), part in zip(tables, generated, strict=True)}
        self._save(library, chosen, files, writes, tables)
        return Bank(library, chosen, out)

    def _save(
        self,
        library: Library,
        chosen: list[str],
        files: dict[str, _File],
        writes: list[_Write],
        tables: list[list[Any]],
    ) -> None:
        """Write the files parsed afresh and the changed decks, then the index naming each
        deck entry's signature; best effort (the index is written last and only when all
        went well: the next start rebuilds whatever is missing). Nothing is written when
        it would leave less than ``ROOM`` free on the disk: progress needs it more."""
        from quizzer.files import nearly_full

        folder, where = self._folder, self._dir
        assert folder is not None and where is not None
        hashed = {path: digest for path, digest in self._files or ()}
        keep = {_INDEX, _TABLES}
        decks = {write.slot + _DECK: _deck_sections(self._key_text, write) for write in writes}
        loaded = {_slot(deck) + _DECK: deck for deck in library.decks}
        bodies: list[tuple[str, bytes | None]] = []
        for path, file in files.items():
            if file.digest is None or file.digest != hashed.get(path):
                return  # changed since it was hashed: the index would not describe it
            name = _parse_name(file.digest, Path(path), file.parsed.deck.bundled) + _PARSE
            keep.add(name)
            ref = self._deck_ref(file.parsed.deck, loaded, decks)
            if not file.cached or file.ref != ref:
                bodies.append((name, _parse_body(self._key_text, file.parsed, ref)))
        bodies += [(name, None if parts is None else _join(parts)) for name, parts in decks.items()]
        try:
            bodies.append(
                (
                    _TABLES,
                    _compress(
                        codec.encode(
                            [self._key_text, [[deck, _compact(table)] for deck, table in tables]],
                            _model_types(),
                        )
                    ),
                )
            )
        except TypeError:
            return
        if any(body is None for _, body in bodies) or nearly_full(
            where, margin=sum(len(body or b"") for _, body in bodies) + ROOM
        ):
            return
        try:
            signatures: dict[str, str | None] = {
                name: folder.write(where / name, body) for name, body in bodies if body
            }
            from quizzer.regions import deck_region

            rows = []
            for deck in library.decks:
                name = _slot(deck) + _DECK
                signature = (
                    signatures[name]
                    if name in signatures
                    else (entry.signature if (entry := self._entry(name)) else None)
                )
                if signature is None or any(s is None for s in signatures.values()):
                    return
                rows.append(
                    [
                        _slot(deck),
                        signature,
                        deck.id,
                        deck.name,
                        deck_region(deck, library),
                        bool(deck.questions),
                    ]
                )
                keep.add(name)
            index = {
                "key": self._key,
                "files": self._files,
                "decks": rows,
                "selected": chosen,
                "tables": signatures[_TABLES],
                "stats": self._stats,
                "stamp": self._stamp,
            }
            if folder.write(where / _INDEX, json.dumps(index).encode()) is None:
                return
            remove_leftovers(where, keep)
            _forget_old_banks(folder.path)
        except (OSError, TypeError, ValueError):
            pass

    def _deck_ref(
        self, parsed: Deck, loaded: dict[str, Deck], decks: dict[str, list[bytes] | None]
    ) -> _DeckRef | None:
        """Where a parse entry will find its deck: the entry of the deck loaded from it, if
        that deck is the one parsed (not changed by question files, or a bundled deck given
        by path); None to keep the deck in the parse entry."""
        name = _slot(parsed) + _DECK
        deck = loaded.get(name)
        if deck is None or not (deck is parsed or deck == parsed):
            return None
        if name in decks:  # written now
            parts = decks[name]
            return None if parts is None else (name, _section_digest(parts[0]))
        entry = self._entry(name)  # kept: it holds this very deck
        return None if entry is None else (name, entry.deck_digest())

    def _restamp(self) -> bool:
        """After a warm start that had to hash files whose status changed (or was too
        recent to vouch for them), record their new status in the index, so that the next
        start need not hash them again; best effort. Whether the index was written."""
        index = self._index
        assert index is not None and self._folder is not None and self._dir is not None
        if not self._rehashed and index.get("stats") == self._stats:
            return False
        index = {**index, "stats": self._stats, "stamp": self._stamp}
        try:
            return self._folder.write(self._dir / _INDEX, json.dumps(index).encode()) is not None
        except (OSError, TypeError, ValueError):
            return False

    # --- reading the cache ------------------------------------------------------------
    def _read_json(self, path: Path) -> dict[str, Any] | None:
        assert self._folder is not None
        data = self._folder.read(path)
        if data is None:
            return None
        try:
            value = json.loads(data)
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _entry(self, name: str | None) -> _Entry | None:
        """The entry of that file name, read once (None if missing, foreign or damaged)."""
        if name is None or self._folder is None or self._dir is None:
            return None
        if name not in self._entries:
            read = self._folder.read_signed(self._dir / name)
            sections = _sections(read[0]) if read is not None else None
            self._entries[name] = (
                _Entry(self._key_text, read[1], sections)
                if read is not None and sections is not None
                else None
            )
        return self._entries[name]


def _cached_deck(entry: _Entry | None) -> Deck | None:
    try:
        return entry.deck() if entry is not None else None
    except (ValueError, TypeError, zlib.error):
        return None


def _cached_questions(entry: _Entry | None) -> tuple[Question, ...] | None:
    try:
        return entry.questions() if entry is not None else None
    except (ValueError, TypeError, zlib.error):
        return None


def _trace(entry: _Entry | None) -> dict[str, Any] | None:
    try:
        found = entry.json(2) if entry is not None else None
    except (ValueError, zlib.error):
        return None
    return found if isinstance(found, dict) else None


def _restore(
    entry: _Entry | None, lookup: Callable[[str], _Entry | None]
) -> tuple[ParsedFile, _DeckRef | None] | None:
    """The parsed file a parse entry holds (as parsing it would give), its deck looked up in
    the deck entry it names if it does (``_DeckRef``); None if it cannot be had."""
    from quizzer import decks as reader

    if entry is None:
        return None
    try:
        [values] = entry.content(_registry())
        deck, ref = values["deck"], None
        if isinstance(deck, tuple):
            ref = (name, digest) = deck
            found = lookup(name) if _is_deck_name(name) else None
            if found is None or found.deck_digest() != digest:
                return None  # that deck entry is gone or holds another deck now
            values = {**values, "deck": found.deck()}
        [checks] = codec.decode(zlib.decompress(entry.sections[1]), _registry())
        checker = reader.FileChecker(values["deck"].path)
        for name, value in checks.items():
            setattr(checker, name, value)
        parsed = reader.ParsedFile(checker=checker, **values)
    except (ValueError, TypeError, KeyError, AttributeError, zlib.error):
        return None
    return (parsed, ref) if isinstance(parsed.deck, Deck) else None


def _is_deck_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and name.endswith(_DECK)
        and len(name) == 32 + len(_DECK)
        and all(c in "0123456789abcdef" for c in name[:32])
    )


@cache
def _registry() -> dict[str, type]:
    """The classes cache files may name: the model's, the deck reader's (its cross-file
    facts) and those of hand-written questions (their drafts)."""
    from quizzer import decks, questions

    return {**_model_types(), **codec.registry_of(decks, questions)}


def _parse_body(key: str, parsed: ParsedFile, ref: _DeckRef | None) -> bytes | None:
    """A parse entry: [key, the parsed file's fields but the checker (the deck as ``ref``
    when there is one)], the checker's facts."""
    values: dict[str, Any] = {f.name: getattr(parsed, f.name) for f in fields(parsed) if f.name != "checker"}
    if ref is not None:
        values["deck"] = ref
    checks = {
        name: value
        for name, value in vars(parsed.checker).items()
        if name not in ("path", "source") and _plain(value)
    }
    try:
        # Read only when something changed, written only when the file did: packed tighter.
        parts = [
            _compress(codec.encode([key, values], _registry()), level=6),
            _compress(codec.encode([checks], _registry()), level=6),
        ]
    except TypeError:
        return None
    return _join(parts)


def _deck_sections(key: str, write: _Write) -> list[bytes] | None:
    """A deck entry's sections: [key, the deck], [key, its questions] (empty: not
    generated), the trace of their generation."""
    questions = write.questions
    try:
        types = _model_types()
        deck = _compress(codec.encode([key, write.deck], types), level=ENTRY_LEVEL)
        body = (
            b"" if questions is None else _compress(codec.encode([key, questions], types), level=ENTRY_LEVEL)
        )
    except TypeError:
        return None
    traced = (
        _compress(json.dumps(write.trace).encode(), level=ENTRY_LEVEL) if write.trace is not None else b""
    )
    return [deck, body, traced]


def _join(parts: Sequence[bytes]) -> bytes:
    return b"".join(len(part).to_bytes(4, "little") + part for part in parts)


def _section_digest(section: bytes) -> str:
    return blake2b(section, digest_size=16).hexdigest()


def _slot(deck: Deck) -> str:
    """A deck entry's name: where the deck comes from and its id (a question file can make
    several decks)."""
    return blake2b(f"{deck.path}\0{deck.id}".encode(), digest_size=16).hexdigest()


def _parse_name(digest: str, path: Path, bundled: bool) -> str:
    """A parse entry's name: a file's contents, path and bundled flag (what parsing reads)."""
    return blake2b(f"{digest}\0{path}\0{bundled}".encode(), digest_size=16).hexdigest()


ENTRY_LEVEL = 4
"""zlib's level for a deck entry (its deck, questions and trace): for 600 decks of one
muscle their questions take 5.1 MB instead of 5.7 MB at level 1 (4.9 MB at the default 6),
for about 0.08 s more of a first start's 12 s of CPU (0.2 s at 6); reading is as fast at
any level. An entry is written again only when its deck or questions change."""


def _compact(table: KeyTable) -> KeyTable:
    """A key table as the tables file keeps it: each id as what follows its fact
    (``/mcq``, ``/flashcard/which-muscle``). At 600 muscles that leaves 2.3 MB of text to
    inflate and split at every start instead of 4.7 MB (the file: 0.31 MB, not 0.56)."""
    ids, facts, topics, flags = table
    # Storage only: nothing is read from the ids (``QuestionKey`` writes an id as its fact
    # and its kind); each is checked to come back whole from its fact and its ending.
    ends = tuple(qid[len(fact) :] for qid, fact in zip(ids, facts, strict=True))
    if list(map(str.__add__, facts, ends)) != list(ids):
        raise TypeError("a question id that is not its fact and an ending")
    return ends, facts, topics, flags


def _expanded(table: KeyTable) -> KeyTable:
    """The key table ``_compact`` kept (ValueError or TypeError if it is not one)."""
    ends, facts, topics, flags = table
    if len(ends) != len(facts):
        raise ValueError("a damaged key table")
    return tuple(map(str.__add__, facts, ends)), facts, topics, flags


def _compress(data: bytes, *, level: int = 1) -> bytes:
    # Level 1 for the key tables, written again after any change.
    return zlib.compress(data, level)


def _dump(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _sections(data: bytes) -> list[bytes] | None:
    out: list[bytes] = []
    at = 0
    while at < len(data):
        size = int.from_bytes(data[at : at + 4], "little")
        out.append(data[at + 4 : at + 4 + size])
        at += 4 + size
    # Two sections in a parse entry, three in a deck entry.
    return out if at == len(data) and len(out) in (2, 3) else None


def _plain(value: object) -> bool:
    """Whether ``value`` is data the codec can store (no parser objects inside)."""
    if value is None or isinstance(value, str | int | float):
        return True
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if hasattr(value, "__dataclass_fields__") and type(value).__module__.startswith("quizzer."):
        return all(_plain(getattr(value, name)) for name in value.__dataclass_fields__)
    return False


def _bank_name(paths: Sequence[Path], names: Sequence[str], seed: int) -> str:
    # One folder per set of deck arguments and per installation (the bundled decks'
    # folder): a user switching between two deck folders, or between two installs sharing
    # a data folder, keeps each bank warm instead of rebuilding on every switch.
    where = "\0".join([str(_PACKAGE), str(seed), *(str(p) for p in paths), "\0", *names])
    return blake2b(where.encode(), digest_size=8).hexdigest()


def _digest(path: Path | str) -> str:
    """A digest of a regular file's contents; OSError for anything else (a FIFO would
    block, a device never end)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    handle = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path}: not a regular file")
        digest = blake2b(digest_size=16)
        while chunk := os.read(handle, 1 << 20):
            digest.update(chunk)
        return digest.hexdigest()
    finally:
        os.close(handle)


RECENT_NS = 2_000_000_000
"""A file changed less than this before its status was taken is hashed again at the next
start (coarse file-system clocks, a clock a little off on a network file system)."""


def _status(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, info.st_mode]


def _hash(
    files: Sequence[str],
    index: dict[str, Any] | None,
) -> tuple[list[list[str]], dict[str, list[int]], int, bool]:
    """Each deck file's path and digest, the status (size, times, inode) it was hashed
    with, when the statuses were taken (ns), and whether any file was hashed (not vouched
    for by the index).

    A file whose status is the one the index recorded, and whose change time was then
    ``RECENT_NS`` in the past, keeps the digest the index gives it; any other is read and
    hashed. Sizes and modification times alone would not do (``cp -p`` or ``rsync -t`` put
    a same-length edit's old time back), but the change time cannot be set back: writing
    a file, or setting its times, makes it now. The status is taken before the contents
    are read, so an edit in between makes it differ at the next start.
    """
    import time

    stamp = time.time_ns()
    known: dict[str, Any] = {}
    digests: dict[str, Any] = {}
    before = 0
    if index is not None:
        found, listed = index.get("stats"), index.get("files")
        if isinstance(found, dict) and isinstance(listed, list) and isinstance(index.get("stamp"), int):
            known = found
            digests = {
                str(entry[0]): entry[1] for entry in listed if isinstance(entry, list) and len(entry) == 2
            }
            before = index["stamp"] - RECENT_NS
    out: list[list[str]] = []
    stats: dict[str, list[int]] = {}
    rehashed = False
    for path in files:
        name = str(path)
        status = _status(os.stat(name))
        stats[name] = status
        digest = digests.get(name)
        if not (
            isinstance(digest, str)
            and known.get(name) == status
            and status[1] < before
            and status[2] < before
        ):
            digest = _digest(name)
            rehashed = True
        out.append([name, digest])
    return out, stats, stamp, rehashed


def _digest_or_none(path: Path) -> str | None:
    try:
        return _digest(path)
    except OSError:
        return None


def _code_stamp() -> str:
    digest = blake2b(digest_size=16)
    for folder in _CODE_FOLDERS:
        with os.scandir(_PACKAGE / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith((".py", ".json")) and entry.is_file():
                    digest.update(f"{folder}/{entry.name}\0{_digest(entry.path)}\0".encode())
    return digest.hexdigest()


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _is_bank_name(name: str) -> bool:
    return len(name) == 16 and all(c in "0123456789abcdef" for c in name)


def _forget_old_banks(root: Path) -> None:
    """Keep the ``KEEP_BANKS`` banks used last; drop older ones and an older Quizzer's
    pickled cache files (``bank-*.pickle``)."""
    remove_leftovers(root, prefix="bank-")
    banks: list[tuple[float, Path]] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if _is_bank_name(entry.name) and entry.is_dir(follow_symlinks=False):
            try:
                used = os.stat(Path(entry.path) / _INDEX).st_mtime
            except OSError:
                used = 0.0
            banks.append((used, Path(entry.path)))
    banks.sort(reverse=True)
    for _, path in banks[KEEP_BANKS:]:
        remove_tree(path)
