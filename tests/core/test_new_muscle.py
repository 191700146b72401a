"""``quizzer new muscle``: a skeleton with every field of the schema that validates once filled."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from quizzer import schema as s
from quizzer.cli import main
from quizzer.decks import DeckError, load_library
from quizzer.generate import generate
from quizzer.skeleton import muscle_skeleton

NAME = "Articularis genus"  # not a bundled muscle (nor on the core list)
_OPTIONAL = re.compile(r"^(\s*)# (?=- |-$|-  #|[a-z_]+:)")


def _main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def uncomment(text: str) -> str:
    """The skeleton with every optional field switched on (its "# " removed)."""
    return "\n".join(_OPTIONAL.sub(r"\1", line) for line in text.splitlines()) + "\n"


def spec_paths(spec: s.Spec, prefix: str = "") -> set[str]:
    if isinstance(spec, s.List):
        return spec_paths(spec.item, prefix + "[]")
    if isinstance(spec, s.KeyedMap):
        return spec_paths(spec.value, prefix + ".<key>")
    if not isinstance(spec, s.Obj):
        return set()
    out: set[str] = set()
    for name, f in spec.fields.items():
        path = f"{prefix}.{name}"
        out |= {path} | spec_paths(f.spec, path)
    return out


def data_paths(value: Any, spec: s.Spec, prefix: str = "") -> set[str]:
    if isinstance(spec, s.List) and isinstance(value, list):
        return set().union(*(data_paths(v, spec.item, prefix + "[]") for v in value))
    if isinstance(spec, s.KeyedMap) and isinstance(value, dict):
        return set().union(*(data_paths(v, spec.value, prefix + ".<key>") for v in value.values()))
    if not (isinstance(spec, s.Obj) and isinstance(value, dict)):
        return set()
    out: set[str] = set()
    for name, v in value.items():
        path = f"{prefix}.{name}"
        out |= {path} | data_paths(v, spec.fields[name].spec, path)
    return out


class Filler:
    """Fills every blank with a value of its field's type, as an instructor would."""

    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def fill(self, value: Any, spec: s.Spec, key: str = "") -> Any:
        if isinstance(spec, s.Obj) and isinstance(value, dict):
            return {k: self.fill(v, spec.fields[k].spec, k) for k, v in value.items()}
        if isinstance(spec, s.List) and isinstance(value, list):
            return [self.fill(v, spec.item, key) for v in value]
        if isinstance(spec, s.KeyedMap) and isinstance(value, dict):
            return {k: self.fill(v, spec.value, k) for k, v in value.items()}
        if value is not None:
            return value
        n = next(self.counter)
        if isinstance(spec, s.Str):
            if spec.enum:
                return spec.enum[0]
            if spec.pattern == s.SLUG:
                return f"filled-{n}"
            if spec.pattern == s.ROOT:
                return "L4"
            if key == "cloze":
                return f"A {{{{gap {n}}}}} here"
            if key == "correct":
                return "A"
            return f"Filled text {n}"
        if isinstance(spec, s.Int):
            return spec.minimum if spec.minimum is not None else 1
        if isinstance(spec, s.Bool):
            return False
        if isinstance(spec, s.MuscleRef):  # bundled muscles, a different one each time
            return ("piriformis", "gluteus-medius", "gluteus-maximus")[n % 3]
        raise AssertionError(f"no filler for {spec}")


def filled_deck(text: str) -> dict[str, Any]:
    data: dict[str, Any] = Filler().fill(yaml.safe_load(text), s.DECK)
    # What ties fields together: an item's source names one of the muscle's sources, a
    # curated wrong option opposes a true item of its facet.
    for muscle in data["muscles"]:
        source = muscle["sources"][0]["id"]

        def tie(node: Any, muscle: dict[str, Any] = muscle, source: str = source) -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "source" and isinstance(v, str):
                        node[k] = source
                    elif k == "opposes":
                        node[k] = [muscle["origin"][0]["id"]]
                    elif k in ("action", "resisted"):  # one of the muscle's own actions
                        node[k] = muscle["actions"][0]["id"]
                    elif k == "movements":  # an action some muscle in the decks has
                        node[k] = ["hip-abduction"]
                    elif k == "one_way":  # the bundled muscles do not list it back
                        node[k] = list(node["muscles"])
                        node["note"] = "A filled note."
                    else:
                        tie(v)
            elif isinstance(node, list):
                for v in node:
                    tie(v)

        for key, value in muscle.items():
            if key != "sources":
                tie(value)
    for group in data.get("groups", []):  # a group's items cite the group's own sources
        for key in ("actions", "mnemonic"):
            for item in group.get(key) if isinstance(group.get(key), list) else [group.get(key)]:
                if isinstance(item, dict) and "source" in item:
                    item["source"] = group["sources"][0]["id"]
    return data


def test_the_skeleton_has_every_field_of_the_schema() -> None:
    data = yaml.safe_load(uncomment(muscle_skeleton(NAME)))
    assert data_paths(data, s.DECK) == spec_paths(s.DECK)
    muscle_fields = {p for p in spec_paths(s.DECK) if p.startswith(".muscles[].")}
    assert len(muscle_fields) > 60


def test_the_blanks_are_reported_until_filled(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    path.write_text(muscle_skeleton(NAME, file=str(path)), encoding="utf-8")
    with pytest.raises(DeckError) as caught:
        load_library([path])
    messages = [str(p) for p in caught.value.problems]
    assert any(
        re.match(rf"{re.escape(str(path))}:\d+:\d+: muscles\[0\]\.region: missing value", m) for m in messages
    )


@pytest.mark.parametrize("optional", [False, True], ids=["required fields", "every field"])
def test_the_skeleton_validates_once_filled(tmp_path: Path, optional: bool) -> None:
    text = muscle_skeleton(NAME)
    data = filled_deck(uncomment(text) if optional else text)
    path = tmp_path / "articularis-genus.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    library, selected = load_library([path])
    assert selected == ["articularis-genus"]
    assert library.muscle("articularis-genus").name == NAME
    assert generate(library, selected)


@pytest.mark.slow  # about 2 s: the command run over the bundled decks
def test_the_command_writes_refuses_to_overwrite_and_knows_bundled_muscles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _main(["new", "muscle", NAME], capsys)
    assert (code, err) == (0, "")
    written = tmp_path / "articularis-genus.yaml"
    assert out == (
        "wrote articularis-genus.yaml: fill in its blanks, then run "
        "`quizzer validate articularis-genus.yaml`\n"
    )
    before = written.read_text(encoding="utf-8")
    assert before.startswith("# yaml-language-server: $schema=file://")
    code, _, err = _main(["new", "muscle", NAME], capsys)
    assert code == 1 and "already exists; nothing was written" in err
    assert written.read_text(encoding="utf-8") == before
    code, _, err = _main(["new", "muscle", "Piriformis", "-o", "p.yaml"], capsys)
    assert code == 1 and "is already in the deck" in err and not (tmp_path / "p.yaml").exists()
    code, out, _ = _main(["new", "muscle", "Gemellus superior", "-o", "-"], capsys)
    assert code == 0 and "  - id: gemellus-superior" in out
