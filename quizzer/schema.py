"""The deck file schema: one description that validates decks, writes JSON Schema and docs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizzer.regions import BODY_REGIONS, MUSCLE_REGIONS
from quizzer.vocab import JOINTS, PLEXUSES, POSITIONS, TEST_TYPES

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ROOT = r"^[CTLS][0-9]{1,2}$"


@dataclass(frozen=True)
class Str:
    description: str = ""
    pattern: str | None = None
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Int:
    description: str = ""
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Bool:
    description: str = ""


@dataclass(frozen=True)
class MuscleRef:
    """A muscle id that must resolve to a muscle in the loaded decks."""

    description: str = "A muscle id."


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False
    description: str = ""


@dataclass(frozen=True)
class Obj:
    fields: dict[str, Field]
    description: str = ""


@dataclass(frozen=True)
class List:
    item: Spec
    description: str = ""
    min_items: int = 0
    unique_ids: bool = False
    """Items are objects whose ``id`` must be unique within the list."""
    unique: bool = False
    """Items are scalars that must be unique within the list."""


@dataclass(frozen=True)
class KeyedMap:
    """A mapping whose keys come from a fixed set and whose values share one spec."""

    keys: tuple[str, ...]
    value: Spec
    description: str = ""


Spec = Str | Int | Bool | MuscleRef | Obj | List | KeyedMap

RESERVED_IDS = frozenset({"all"})


def _id(description: str = "A stable slug id: keep it when you reword the text.") -> Field:
    return Field(Str(description, pattern=SLUG), required=True)


ITEM_FIELDS: dict[str, Field] = {
    "id": _id(),
    "text": Field(Str("The fact, in a few words."), required=True),
    "cloze": Field(Str("The same fact with gaps marked {{like this}}: makes a cloze card.")),
    "note": Field(Str("A remark shown with the answer, e.g. where references disagree.")),
    "disputed": Field(Bool("References disagree: shown, but never used as a right or wrong option.")),
    "partial": Field(
        Bool(
            "True of this muscle only in part (a caution over part of a region it covers): "
            'shown marked "(in part)", but never used as a right or wrong option.'
        )
    ),
    "source": Field(Str("The id of one of this muscle's sources.", pattern=SLUG)),
    "distinctive": Field(
        Bool(
            "No other muscle (in any book, not only in these decks) has this attachment: "
            'allows a "which muscle?" flashcard.'
        )
    ),
    "qualifier": Field(
        Str(
            'True only with this qualifier ("assists", "lower fibers", "with the hip '
            'flexed"): asked with it, never offered as a wrong option.'
        )
    ),
}


def _item(description: str, **extra: Field) -> Obj:
    return Obj({**ITEM_FIELDS, **extra}, description)


def _items(description: str, *, required: bool = False, **extra: Field) -> Field:
    return Field(
        List(_item(description, **extra), description, min_items=1, unique_ids=True),
        required=required,
        description=description,
    )


def _refs(description: str) -> Field:
    return Field(List(MuscleRef(), description, unique=True), description=description)


DISTRACTOR_FACETS = (
    "origin",
    "insertion",
    "actions",
    "innervation",
    "blood-supply",
    "fibers",
    "clinical-tests",
    "cautions",
    "conditions",
    "tp-symptoms",
    "tp-causes",
    "tp-prevention",
    "self-treatment",
    "professional-help",
    "time-to-relief",
    "diagnostic-signs",
    "differential",
    "strain-symptoms",
    "strain-causes",
    "strain-activities",
    "strain-treatment",
)

_DISTRACTOR = Obj(
    {
        "id": _id(),
        "text": Field(Str("A plausible statement that is false for this muscle."), required=True),
        "why": Field(Str("Why it is false: shown as the explanation."), required=True),
        "opposes": Field(
            List(
                Str("An item id of this facet.", pattern=SLUG),
                "Ids of this facet's true items that this wrong option contradicts: never "
                "shown in one question with them, since the pair would give the answer away.",
                min_items=1,
                unique=True,
            ),
            description="Ids of this facet's true items that this wrong option contradicts: "
            "never shown in one question with them, since the pair would give the answer away.",
        ),
    },
    "A curated wrong option.",
)

TRIGGER_POINTS = Obj(
    {
        "sites": _items(
            "Where the trigger points lie in the muscle.",
            region=Field(
                Str("The body region the site lies in (where the map draws its ×).", enum=tuple(BODY_REGIONS))
            ),
        ),
        "referral": Field(
            Obj(
                {
                    "description": Field(Str("The referral pattern in prose."), required=True),
                    "source": Field(
                        ITEM_FIELDS["source"].spec,
                        description="The id of one of this muscle's sources, for the pattern "
                        "(default: travell-simons when the muscle cites it, else all its sources).",
                    ),
                    "zones": Field(
                        List(
                            Obj(
                                {
                                    "region": Field(
                                        Str("A body region id.", enum=tuple(BODY_REGIONS)),
                                        required=True,
                                    ),
                                    "zone": Field(
                                        Str(
                                            "essential (always) or spillover (sometimes).",
                                            enum=("essential", "spillover"),
                                        ),
                                        required=True,
                                    ),
                                }
                            ),
                            "Body regions that receive referred pain.",
                            min_items=1,
                        ),
                        required=True,
                    ),
                }
            ),
            description="Where trigger points refer pain.",
        ),
        "symptoms": _items("Symptoms of trigger points in this muscle."),
        "causes": _items("Causes and perpetuating factors."),
        "prevention": _items("How to avoid developing trigger points."),
        "self_treatment": _items(
            "Self-treatment methods.",
            tool=Field(Str("The tool used.")),
            technique=Field(Str("How to use it.")),
            duration=Field(Str("How long one treatment lasts.")),
            frequency=Field(Str("How often to treat.")),
        ),
        "professional_help": _items("Who can help and how."),
        "time_to_relief": _items("How soon treatment helps."),
        "diagnostic_signs": _items("Key signs that point to this muscle."),
        "differential": _items("Conditions its pain is confused with."),
        "satellites": _refs("Muscles that often develop satellite trigger points."),
        "similar_patterns": _refs("Muscles with similar pain patterns."),
    },
    "Trigger points: referral, symptoms, causes, treatment.",
)

STRAIN = Obj(
    {
        "mechanism": _items(
            "How strains happen.",
            type=Field(Str("overuse or acute.", enum=("overuse", "acute")), required=True),
        ),
        "symptoms": _items("Symptoms of a strain."),
        "causes": _items("Causes of a strain."),
        "activities": _items("Sports and activities at risk."),
        "treatment": _items("Treatment: rest, heat and cold, TENS ..."),
        "rice": _items(
            "The RICE protocol, in order.",
            letter=Field(Str("R, I, C or E.", enum=("R", "I", "C", "E")), required=True),
        ),
        "grades": _items(
            "Strain grades, in order of severity.",
            grade=Field(Int("1, 2 or 3.", minimum=1, maximum=3), required=True),
            name=Field(Str("mild, moderate or severe.")),
            tear=Field(Str("How much of the muscle is torn.")),
            symptoms=Field(Str("What the person feels.")),
            healing=Field(Str("How long it takes to heal.")),
            see_doctor=Field(Str("When to see a doctor.")),
        ),
    },
    "Muscle strain: mechanism, symptoms, causes, treatment, grades.",
)


def _sources(description: str) -> Field:
    return Field(
        List(
            Obj(
                {
                    "id": _id(),
                    "title": Field(Str("The reference."), required=True),
                    "url": Field(Str("A link, if any.")),
                }
            ),
            description,
            min_items=1,
            unique_ids=True,
        ),
        required=True,
    )


def _relation(description: str) -> Field:
    return Field(
        List(
            Obj(
                {
                    "action": Field(
                        Str("The id of one of this muscle's actions.", pattern=SLUG), required=True
                    ),
                    "muscles": Field(
                        List(MuscleRef(), "The muscles, by id.", min_items=1, unique=True),
                        required=True,
                    ),
                    "one_way": Field(
                        List(
                            MuscleRef(),
                            "Muscles of this entry that need not list this "
                            "muscle back; give the reason in note.",
                            min_items=1,
                            unique=True,
                        )
                    ),
                    "note": Field(Str("A remark shown with the answer (or why it is one-way).")),
                    "source": ITEM_FIELDS["source"],
                }
            ),
            description,
            min_items=1,
        ),
        description=description,
    )


PALPATION = Obj(
    {
        "position": Field(Str("The client's position.", enum=tuple(POSITIONS)), required=True),
        "text": Field(Str("How to find the muscle, step by step, in your own words."), required=True),
        "landmarks": Field(List(Str(), "Bony landmarks used to locate it.", min_items=1, unique=True)),
        "resisted": Field(
            Str(
                "The id of one of this muscle's actions: resisting it makes the muscle stand "
                "out under the fingers.",
                pattern=SLUG,
            )
        ),
        "note": Field(Str("A remark shown with the answer.")),
        "source": ITEM_FIELDS["source"],
    },
    "How to palpate the muscle.",
)

STRETCH = Obj(
    {
        "text": Field(Str("How to stretch it, in your own words."), required=True),
        "movements": Field(
            List(
                Str("An action id (of any muscle), e.g. hip-adduction.", pattern=SLUG),
                "The joint movements that lengthen it: action ids used in the decks.",
                min_items=1,
                unique=True,
            ),
            required=True,
        ),
        "note": Field(Str("A remark shown with the answer.")),
        "source": ITEM_FIELDS["source"],
    },
    "How the muscle is stretched.",
)

MUSCLE = Obj(
    {
        "id": _id("The muscle's slug id, unique across all decks."),
        "name": Field(Str("The muscle's name."), required=True),
        "aliases": Field(List(Str(), "Other names.", unique=True)),
        "region": Field(Str("Where the muscle lies.", enum=tuple(MUSCLE_REGIONS)), required=True),
        "location": Field(Str("Where the muscle lies, in prose."), required=True),
        "depth": Field(
            Obj(
                {
                    "deep_to": _refs("Muscles that lie over this one."),
                    "superficial_to": _refs("Muscles that lie under this one."),
                }
            ),
            description="Depth relations.",
        ),
        "origin": _items("Where the muscle starts.", required=True),
        "insertion": _items("Where the muscle ends.", required=True),
        "actions": _items("What the muscle does.", required=True),
        "innervation": Field(
            Obj(
                {
                    "nerve": Field(_item("The nerve."), required=True),
                    "other_nerves": _items(
                        "Further nerves that supply part of it (all true; never wrong options)."
                    ),
                    "plexus": Field(
                        Str(
                            "Where the nerve comes from: wrong nerve options from the same "
                            "family are the confusable ones.",
                            enum=tuple(PLEXUSES),
                        )
                    ),
                    "roots": Field(
                        List(
                            Str(pattern=ROOT),
                            "Spinal roots, e.g. L4 ([] only for a cranial nerve, with plexus: cranial).",
                            unique=True,
                        ),
                        required=True,
                    ),
                    "note": Field(Str("E.g. where sources give other roots.")),
                }
            ),
            required=True,
            description="The nerve and its spinal roots.",
        ),
        "blood_supply": _items("The arteries.", required=True),
        "fibers": _items("Fiber direction and arrangement (e.g. vertical, multipennate)."),
        "joints": Field(
            List(
                Str("A joint id.", enum=tuple(JOINTS)),
                "The joints the muscle crosses ([] for none).",
                unique=True,
            ),
            description="The joints the muscle crosses ([] when it crosses none).",
        ),
        "synergists": _relation("Muscles that help with one of its actions, by action."),
        "antagonists": _relation("Muscles that oppose one of its actions, by action."),
        "palpation": Field(PALPATION, description=PALPATION.description),
        "stretch": Field(STRETCH, description=STRETCH.description),
        "clinical_tests": _items(
            "Clinical tests, gait and postural signs that involve it (e.g. Trendelenburg sign).",
            type=Field(Str("test, gait, posture or sign.", enum=tuple(TEST_TYPES)), required=True),
        ),
        "cautions": _items("Cautions and endangerment sites when working on it."),
        "conditions": _items("Common conditions it is involved in."),
        "trigger_points": Field(TRIGGER_POINTS, description=TRIGGER_POINTS.description),
        "strain": Field(STRAIN, description=STRAIN.description),
        "distractors": Field(
            KeyedMap(
                DISTRACTOR_FACETS,
                List(_DISTRACTOR, "Curated wrong options.", min_items=1, unique_ids=True),
                "Curated wrong options, keyed by facet id.",
            ),
            description="Curated wrong options, keyed by facet id.",
        ),
        "sources": _sources("References for this muscle."),
    },
    "One muscle.",
)

GROUP = Obj(
    {
        "id": _id("The group's slug id, unique across all decks (and distinct from muscle ids)."),
        "name": Field(Str("The group's name, e.g. Rotator cuff."), required=True),
        "aliases": Field(List(Str(), "Other names.", unique=True)),
        "description": Field(Str("What the members have in common, in one or two sentences."), required=True),
        "members": Field(
            List(MuscleRef(), "The member muscles, by id.", min_items=2, unique=True),
            required=True,
        ),
        "borderline": Field(
            List(
                MuscleRef(),
                "Muscles that some texts count in the group: never offered as "
                "outside it (give the reason in note).",
                min_items=1,
                unique=True,
            )
        ),
        "actions": _items("Actions the members share."),
        "mnemonic": Field(_item("The standard mnemonic, if there is one.")),
        "note": Field(Str("A remark shown with the answer, e.g. where references disagree.")),
        "sources": _sources("References for this group."),
    },
    "A group of muscles the exam names (rotator cuff, hamstrings, deep six ...).",
)

QUESTION = Obj(
    {
        "id": _id(
            "A stable slug id: keep it when you reword the question, so that progress "
            "and Anki notes survive the edit."
        ),
        "question": Field(
            Str("The question; for a cloze, the text with gaps marked {{c1::like this}} or {{like this}}."),
            required=True,
        ),
        "options": Field(
            List(Str("An option."), "The options, A first (2 to 8).", min_items=2),
            description="The options, A first (2 to 8).",
        ),
        "correct": Field(
            Str("The right letters: B, or A, C for several; for order, every letter, first to last.")
        ),
        "kind": Field(
            Str(
                "mcq, multi, not, order, basic or cloze (default: mcq or multi with "
                "options, cloze with gaps, else basic).",
                enum=("mcq", "multi", "not", "order", "basic", "reverse", "cloze"),
            )
        ),
        "answer": Field(Str("The answer: required for basic; for choices, the right options by default.")),
        "explanation": Field(Str("Why: shown after the answer.")),
        "source": Field(Str("Where the fact comes from (a book, a page).")),
        "topic": Field(
            Str(
                "A facet id or title (origin, Actions, …); any other words file "
                "the question under Other topics."
            )
        ),
        "muscle": Field(MuscleRef("The muscle the question is about, if any (a muscle id).")),
    },
    "A question written by hand, asked as written.",
)

DECK = Obj(
    {
        "deck": Field(
            Obj(
                {
                    "id": _id("The deck's slug id."),
                    "name": Field(Str("The deck's display name."), required=True),
                    "description": Field(Str("One line about the deck.")),
                }
            ),
            required=True,
        ),
        "muscles": Field(
            List(
                MUSCLE,
                "The muscles of the deck (a deck needs muscles, groups or questions).",
                min_items=1,
                unique_ids=True,
            )
        ),
        "groups": Field(List(GROUP, "Groups of muscles.", min_items=1, unique_ids=True)),
        "questions": Field(
            List(QUESTION, "Questions written by hand.", min_items=1, unique_ids=True),
            description="Questions written by hand, asked as written.",
        ),
    },
    "A Quizzer deck file.",
)


def json_schema() -> dict[str, Any]:
    """The deck schema as JSON Schema (draft 2020-12), for editors."""
    schema = _to_json(DECK)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizzer.invalid/deck.schema.json",
        "title": "Quizzer deck",
        **schema,
    }


def _to_json(spec: Spec) -> dict[str, Any]:
    out: dict[str, Any]
    if isinstance(spec, Str):
        out = {"type": "string", "minLength": 1}
        if spec.pattern:
            out["pattern"] = spec.pattern
        if spec.enum:
            out["enum"] = list(spec.enum)
    elif isinstance(spec, Int):
        out = {"type": "integer"}
        if spec.minimum is not None:
            out["minimum"] = spec.minimum
        if spec.maximum is not None:
            out["maximum"] = spec.maximum
    elif isinstance(spec, Bool):
        out = {"type": "boolean"}
    elif isinstance(spec, MuscleRef):
        out = {"type": "string", "pattern": SLUG}
    elif isinstance(spec, List):
        out = {"type": "array", "items": _to_json(spec.item)}
        if spec.min_items:
            out["minItems"] = spec.min_items
        if spec.unique:
            out["uniqueItems"] = True
    elif isinstance(spec, KeyedMap):
        out = {
            "type": "object",
            "propertyNames": {"enum": list(spec.keys)},
            "additionalProperties": _to_json(spec.value),
        }
    else:
        out = {
            "type": "object",
            "properties": {},
            "additionalProperties": False,
        }
        required = [name for name, f in spec.fields.items() if f.required]
        if required:
            out["required"] = required
        for name, f in spec.fields.items():
            prop = _to_json(f.spec)
            description = f.description or getattr(f.spec, "description", "")
            if description:
                prop = {"description": description, **prop}
            out["properties"][name] = prop
    description = getattr(spec, "description", "")
    if description and "description" not in out:
        out = {"description": description, **out}
    return out


def field_reference() -> str:
    """A Markdown table of every field, for decks/SCHEMA.md."""
    rows = ["| key path | type | required | meaning |", "| --- | --- | --- | --- |"]
    _rows(DECK, "", rows)
    return "\n".join(rows) + "\n"


def _type_name(spec: Spec) -> str:
    if isinstance(spec, Str):
        if spec.enum:
            return "one of " + ", ".join(f"`{v}`" for v in spec.enum)
        return "slug" if spec.pattern == SLUG else "text"
    if isinstance(spec, Int):
        return f"integer {spec.minimum}–{spec.maximum}"
    if isinstance(spec, Bool):
        return "true/false"
    if isinstance(spec, MuscleRef):
        return "muscle id"
    if isinstance(spec, List):
        return f"list of {_type_name(spec.item)}"
    if isinstance(spec, KeyedMap):
        return "map: facet id → list"
    return "mapping"


def _rows(spec: Spec, prefix: str, rows: list[str]) -> None:
    if isinstance(spec, List):
        _rows(spec.item, prefix + "[]", rows)
        return
    if isinstance(spec, KeyedMap):
        _rows(spec.value, prefix + ".<facet>", rows)
        return
    if not isinstance(spec, Obj):
        return
    for name, f in spec.fields.items():
        path = f"{prefix}.{name}" if prefix else name
        meaning = f.description or getattr(f.spec, "description", "")
        rows.append(f"| `{path}` | {_type_name(f.spec)} | {'yes' if f.required else ''} | {meaning} |")
        _rows(f.spec, path, rows)


def write_files(decks_dir: Path) -> None:
    """Write ``schema.json`` and the field table in ``SCHEMA.md`` from this one schema."""
    (decks_dir / "schema.json").write_text(
        json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    doc = decks_dir / "SCHEMA.md"
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Deck file format\n"
    table = f"{TABLE_START}\n{field_reference()}{TABLE_END}"
    if TABLE_START in text and TABLE_END in text:
        before, rest = text.split(TABLE_START, 1)
        text = before + table + rest.split(TABLE_END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n## Every field\n\n" + table + "\n"
    doc.write_text(text, encoding="utf-8")


TABLE_START = "<!-- fields: generated by `python -m quizzer.schema`; do not edit by hand -->"
TABLE_END = "<!-- end of generated fields -->"


def main() -> None:
    """``python -m quizzer.schema``: in a source checkout, rewrite ``decks/schema.json`` and the
    field table of ``decks/SCHEMA.md``; in an installed Quizzer (no checkout to write into),
    print the JSON Schema on standard output instead, with one line saying so on stderr."""
    import sys

    checkout = Path(__file__).resolve().parent.parent
    decks_dir = checkout / "decks"
    if (checkout / "pyproject.toml").is_file() and (decks_dir / "SCHEMA.md").is_file():
        write_files(decks_dir)
        print(f"wrote {decks_dir / 'schema.json'} and the field table of {decks_dir / 'SCHEMA.md'}")
        return
    print(
        "quizzer: not a source checkout (nothing to rewrite): the deck schema follows as JSON",
        file=sys.stderr,
    )
    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
