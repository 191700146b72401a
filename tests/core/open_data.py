"""The cross-check of our muscles against open data (Uberon and MyoSuite's myo-sim): the checker.

Used by ``test_open_data.py`` over the bundled decks; run it as a script to see where a decks
folder disagrees, as entries ready for ``tests/data/open-data/disagreements.yaml``::

    python tests/core/open_data.py [DECKS-FOLDER]

What "agree" means (the data and its reviewed maps are in ``tests/data/open-data/``):

* Bones. Our attachments map to bones through ``landmarks.yaml``, Uberon's terms and myo-sim's
  bodies through ``sources.yaml``; two bones agree when they are the same or one is part of the
  other. Every bone Uberon gives as an origin (insertion) must agree with a bone of one of our
  origins (insertions); a relation Uberon leaves out is no disagreement. Where Uberon names a
  landmark (its ``text``), one of our items on that end must name it too.
* Nerves. Every nerve Uberon gives must be ours or a nerve we name must be its branch (among
  our nerve and other nerves), and our main nerve must be among those Uberon gives, when it
  gives any.
* myo-sim. Each unit's two bodies must lie one on our origins and one on our insertions (in
  either order: the arm model lists many units from insertion to origin); the abdominal wall
  is no bone.
"""

from __future__ import annotations

import fnmatch
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from quizzer.decks import is_question_file
from quizzer.discovery import bundled_decks_dir, deck_files
from quizzer.model import bracketed

DATA = Path(__file__).resolve().parent.parent / "data" / "open-data"
KINDS = ("source-error", "ours-to-fix", "granularity")
"""What a listed disagreement is: the open source is wrong; our deck is wrong (to be fixed by
the writers); or both are right at different detail (a model that merges bones, a generic term)."""


def _qualified(item: dict[str, Any]) -> str:
    text = str(item["text"])
    return bracketed(text, str(item["qualifier"])) if item.get("qualifier") else text


@dataclass(frozen=True)
class Ours:
    """What our decks say of one muscle, as far as the cross-check needs."""

    id: str
    file: str
    origin: tuple[tuple[str, str], ...]
    """(item id, text) of each origin, disputed ones included (we teach them too)."""
    insertion: tuple[tuple[str, str], ...]
    nerves: tuple[str, ...]
    """The nerve first, then the other nerves."""


@dataclass(frozen=True, order=True)
class Disagreement:
    muscle: str
    source: str
    """uberon or myosim."""
    fact: str
    """origin, insertion, origin-landmark, insertion-landmark, nerve (Uberon) or bones (myo-sim)."""
    value: str
    """What the source says: Uberon's term, Uberon's nerves, or myo-sim's two bodies."""
    detail: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.muscle, self.source, self.fact, self.value)


def load_decks(folder: Path) -> dict[str, Ours]:
    """Every muscle of the deck files in ``folder`` (read as plain YAML: the check needs no more)."""
    out: dict[str, Ours] = {}
    for path in deck_files([folder]):
        if is_question_file(path):
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for raw in (data or {}).get("muscles") or ():
            inn = raw.get("innervation") or {}
            nerves = [inn["nerve"]["id"]] if inn.get("nerve") else []
            nerves += [n["id"] for n in inn.get("other_nerves") or ()]
            out[raw["id"]] = Ours(
                id=raw["id"],
                file=str(path.relative_to(folder)),
                # With its qualifier: "Spinous processes of the cervical vertebrae (C2, the
                # axis)" names the axis.
                origin=tuple((i["id"], _qualified(i)) for i in raw.get("origin") or ()),
                insertion=tuple((i["id"], _qualified(i)) for i in raw.get("insertion") or ()),
                nerves=tuple(nerves),
            )
    return out


@cache
def bundled() -> dict[str, Ours]:
    return load_decks(bundled_decks_dir())


def _yaml(name: str) -> Any:
    return yaml.load((DATA / name).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@dataclass(frozen=True)
class Term:
    label: str
    bones: tuple[str, ...]
    text: re.Pattern[str] | None


class OpenData:
    """The extracts and the reviewed maps, loaded once."""

    def __init__(self) -> None:
        marks = _yaml("landmarks.yaml")
        self.parent: dict[str, str | None] = marks["bones"]
        self.landmarks: dict[tuple[str, ...], tuple[str, ...]] = {
            tuple(k.split("-")): tuple(v) for k, v in marks["landmarks"].items()
        }
        self.soft = {tuple(k.split("-")) for k in marks["soft"]}
        self.attachments: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in marks["attachments"].items()}
        sources = _yaml("sources.yaml")
        self.terms = {
            k: Term(
                v["label"], tuple(v["bones"]), re.compile(v["text"], re.IGNORECASE) if v.get("text") else None
            )
            for k, v in sources["uberon_terms"].items()
        }
        self.nerves: dict[str, tuple[str, ...]] = {
            k: tuple(v["ours"]) for k, v in sources["uberon_nerves"].items()
        }
        self.bodies: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in sources["myosim_bodies"].items()}
        self.muscles: dict[str, dict[str, list[str]]] = _yaml("muscles.yaml")
        self.uberon: dict[str, dict[str, Any]] = json.loads(
            (DATA / "uberon-muscle-relations.json").read_text(encoding="utf-8")
        )["muscles"]
        self.units: dict[str, dict[str, str]] = json.loads(
            (DATA / "myosim-bone-pairs.json").read_text(encoding="utf-8")
        )["units"]
        self._longest = max(len(k) for k in [*self.landmarks, *self.soft])

    # --- bones -----------------------------------------------------------------------------

    def ancestors(self, bone: str) -> list[str]:
        out = []
        up = self.parent[bone]
        while up is not None:
            out.append(up)
            up = self.parent[up]
        return out

    def agree(self, a: str, b: str) -> bool:
        """The same bone, or one is part of the other."""
        return a == b or a in self.ancestors(b) or b in self.ancestors(a)

    def attachment_bones(self, item_id: str) -> frozenset[str] | None:
        """The bones an attachment of ours lies on: empty for soft tissue, None when unknown."""
        if item_id in self.attachments:
            return frozenset(self.attachments[item_id])
        words = item_id.split("-")
        bones: set[str] = set()
        soft = False
        i = 0
        while i < len(words):
            for size in range(min(self._longest, len(words) - i), 0, -1):
                piece = tuple(words[i : i + size])
                if piece in self.landmarks or piece in self.soft:
                    bones.update(self.landmarks.get(piece, ()))
                    soft = soft or piece in self.soft
                    i += size
                    break
            else:
                i += 1
        if not bones:
            return frozenset() if soft else None
        # "lumbar-vertebral-bodies" names the lumbar vertebrae, not any vertebra.
        return frozenset(b for b in bones if not any(b in self.ancestors(o) for o in bones))

    def end_bones(self, items: Iterable[tuple[str, str]]) -> frozenset[str]:
        bones: set[str] = set()
        for item_id, _text in items:
            bones |= self.attachment_bones(item_id) or frozenset()
        return frozenset(bones)

    def units_of(self, muscle: str) -> list[str]:
        patterns = self.muscles.get(muscle, {}).get("myosim") or []
        return sorted(u for u in self.units if any(fnmatch.fnmatchcase(u, p) for p in patterns))

    # --- the review's own consistency --------------------------------------------------------

    def problems(self, ours: Mapping[str, Ours]) -> list[str]:
        """What keeps the check from being complete: each is a gap in the reviewed maps."""
        out = []
        for mid in sorted(set(ours) - set(self.muscles)):
            out.append(
                f"{mid} ({ours[mid].file}) is not in muscles.yaml: map it to its Uberon "
                "classes and myo-sim units (or [] for none)"
            )
        for m in ours.values():
            for item_id, text in (*m.origin, *m.insertion):
                if self.attachment_bones(item_id) is None:
                    out.append(
                        f"{m.id}: attachment {item_id} ({text!r}) names no landmark or soft "
                        "tissue in landmarks.yaml: add its landmark (or the whole id)"
                    )
        for mid, entry in self.muscles.items():
            for uid in entry.get("uberon") or []:
                if uid not in self.uberon:
                    out.append(f"muscles.yaml: {mid}: {uid} is not in uberon-muscle-relations.json")
                    continue
                rec = self.uberon[uid]
                for end in ("origin", "insertion"):
                    out += [
                        f"{uid} {rec['label']}: {end} {t['id']} ({t['label']}) is not in "
                        "sources.yaml uberon_terms"
                        for t in rec[end]
                        if t["id"] not in self.terms
                    ]
                out += [
                    f"{uid} {rec['label']}: nerve {t['id']} ({t['label']}) is not in "
                    "sources.yaml uberon_nerves"
                    for t in rec["innervated_by"]
                    if t["id"] not in self.nerves
                ]
            for pattern in entry.get("myosim") or []:
                if not any(fnmatch.fnmatchcase(u, pattern) for u in self.units):
                    out.append(f"muscles.yaml: {mid}: myo-sim pattern {pattern} matches no unit")
        claimed: dict[str, list[str]] = {}
        for mid in self.muscles:
            for unit in self.units_of(mid):
                claimed.setdefault(unit, []).append(mid)
        for unit, info in self.units.items():
            owners = claimed.get(unit, [])
            if len(owners) != 1:
                out.append(f"myo-sim unit {unit} belongs to {len(owners)} muscles {owners} in muscles.yaml")
            for body in (info["origin_body"], info["insertion_body"]):
                if body not in self.bodies:
                    out.append(f"myo-sim body {body} ({unit}) is not in sources.yaml myosim_bodies")
        for bones in [
            *self.landmarks.values(),
            *self.attachments.values(),
            *(t.bones for t in self.terms.values()),
            *self.bodies.values(),
        ]:
            out += [f"bone {b} is not in landmarks.yaml bones" for b in bones if b not in self.parent]
        return sorted(set(out))

    # --- the comparison ----------------------------------------------------------------------

    def disagreements(self, m: Ours) -> list[Disagreement]:
        entry = self.muscles.get(m.id, {})
        found: list[Disagreement] = []
        ends = {"origin": m.origin, "insertion": m.insertion}
        bones = {end: self.end_bones(items) for end, items in ends.items()}
        records = [self.uberon[u] for u in entry.get("uberon") or [] if u in self.uberon]
        for rec in records:
            for end, items in ends.items():
                for t in rec[end]:
                    term = self.terms[t["id"]]
                    if not term.bones:
                        continue
                    if not any(self.agree(b, o) for b in term.bones for o in bones[end]):
                        found.append(
                            Disagreement(
                                m.id,
                                "uberon",
                                end,
                                t["label"],
                                f"Uberon's {end} {t['label']} ({', '.join(term.bones)}); our {end} bones: "
                                f"{', '.join(sorted(bones[end])) or 'none'}",
                            )
                        )
                    elif term.text and not any(term.text.search(text) for _i, text in items):
                        found.append(
                            Disagreement(
                                m.id,
                                "uberon",
                                f"{end}-landmark",
                                t["label"],
                                f"none of our {end} items names {t['label']!r}",
                            )
                        )
        given = [t for rec in records for t in rec["innervated_by"]]
        if given and m.nerves:
            covered = {n for t in given for n in self.nerves[t["id"]]}
            extra = [t["label"] for t in given if not set(self.nerves[t["id"]]) & set(m.nerves)]
            missing = m.nerves[0] not in covered
            if extra or missing:
                labels = ", ".join(sorted({t["label"] for t in given}))
                why = []
                if extra:
                    why.append(f"Uberon's {', '.join(extra)} is none of ours ({', '.join(m.nerves)})")
                if missing:
                    why.append(f"our nerve {m.nerves[0]} is none of Uberon's")
                found.append(Disagreement(m.id, "uberon", "nerve", labels, "; ".join(why)))
        pairs: dict[str, list[str]] = {}
        for unit in self.units_of(m.id):
            info = self.units[unit]
            a, b = info["origin_body"], info["insertion_body"]
            if not self._pair_agrees(self.bodies[a], self.bodies[b], bones):
                pairs.setdefault(f"{_body(a)}–{_body(b)}", []).append(unit)
        named = {end: ", ".join(sorted(b)) or "none" for end, b in bones.items()}
        for value, units in pairs.items():
            found.append(
                Disagreement(
                    m.id,
                    "myosim",
                    "bones",
                    value,
                    f"units {', '.join(units)}; our origin bones: {named['origin']}; "
                    f"insertion bones: {named['insertion']}",
                )
            )
        return found

    def _pair_agrees(
        self, a: tuple[str, ...], b: tuple[str, ...], bones: Mapping[str, frozenset[str]]
    ) -> bool:
        def on(body: tuple[str, ...], end: str) -> bool:
            return not body or any(self.agree(x, o) for x in body for o in bones[end])

        return (on(a, "origin") and on(b, "insertion")) or (on(a, "insertion") and on(b, "origin"))

    def checked(self, m: Ours) -> bool:
        """Whether any source says anything of this muscle."""
        entry = self.muscles.get(m.id, {})
        said = any(
            self.uberon[u][k]
            for u in entry.get("uberon") or []
            if u in self.uberon
            for k in ("origin", "insertion", "innervated_by")
        )
        return said or bool(self.units_of(m.id))


def _body(name: str) -> str:
    """A body as a disagreement names it: no side, and lumbar1–5 as one lumbar body."""
    return re.sub(r"(?<=lumbar)\d$", "", name.removesuffix("_r"))


@cache
def open_data() -> OpenData:
    return OpenData()


@dataclass(frozen=True)
class Listed:
    muscle: str
    source: str
    fact: str
    value: str
    kind: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.muscle, self.source, self.fact, self.value)


def listed() -> list[Listed]:
    """The reviewed disagreements."""
    return [Listed(**entry) for entry in _yaml("disagreements.yaml") or ()]


def as_entry(d: Disagreement) -> str:
    """A disagreement as an entry of disagreements.yaml, kind and reason to be filled in."""
    return (
        f"- muscle: {d.muscle}\n  source: {d.source}\n  fact: {d.fact}\n"
        f"  value: {json.dumps(d.value, ensure_ascii=False)}\n  kind: \n  reason: {d.detail}\n"
    )


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else bundled_decks_dir()
    ours = load_decks(folder)
    data = open_data()
    for problem in data.problems(ours):
        print("#", problem)
    found = sorted(d for m in ours.values() for d in data.disagreements(m))
    keys = {x.key: x for x in listed()}
    for d in found:
        if d.key not in keys:
            print(as_entry(d))
    stale = set(keys) - {d.key for d in found}
    for key in sorted(stale):
        print("# stale:", key)
    checked = [m for m in ours.values() if data.checked(m)]
    with_any = {d.muscle for d in found}
    print(
        f"# {len(ours)} muscles, {len(checked)} checked, "
        f"{len([m for m in checked if m.id not in with_any])} agree, {len(found)} disagreements"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
