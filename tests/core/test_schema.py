"""One schema: the loader, decks/schema.json and decks/SCHEMA.md agree, and the decks pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from quizzer import schema
from quizzer.cli import cli
from quizzer.discovery import bundled_decks_dir, deck_files

DECKS = Path(__file__).resolve().parent.parent.parent / "decks"
BUNDLED = deck_files([DECKS])
SCHEMA = schema.json_schema()
# One validator for every deck (``jsonschema.validate`` checks the schema itself on each call,
# which took most of this module's time with ~130 deck files); the schema is checked once below.
VALIDATOR = jsonschema.validators.validator_for(SCHEMA)(SCHEMA)


def _yaml(text: str) -> Any:
    """``yaml.safe_load`` with libyaml's C parser (the same safe loader, about ten times faster)."""
    return yaml.load(text, Loader=yaml.CSafeLoader)


def test_schema_json_is_a_valid_json_schema() -> None:
    type(VALIDATOR).check_schema(SCHEMA)


def test_schema_json_is_generated_from_the_schema() -> None:
    on_disk = json.loads((DECKS / "schema.json").read_text(encoding="utf-8"))
    assert on_disk == schema.json_schema(), "run: python -m quizzer.schema"


def test_schema_md_has_the_current_field_table() -> None:
    text = (DECKS / "SCHEMA.md").read_text(encoding="utf-8")
    assert schema.TABLE_START + "\n" + schema.field_reference() + schema.TABLE_END in text, (
        "run: python -m quizzer.schema"
    )


def test_bundled_decks_are_found() -> None:
    assert bundled_decks_dir() == DECKS
    assert len(BUNDLED) >= 8


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_deck_passes_json_schema(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    relative = "../" * (len(path.relative_to(DECKS).parts) - 1) + "schema.json"
    assert text.startswith(f"# yaml-language-server: $schema={relative}\n")
    VALIDATOR.validate(_yaml(text))


@pytest.mark.slow  # the command on the whole atlas, in a new process
def test_quizzer_validate_decks_passes() -> None:
    result = CliRunner().invoke(cli, ["validate", str(DECKS)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: ")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["muscles"][0].update(colour="red"),
        lambda d: d["muscles"][0].update(region="elbow-ish"),
        lambda d: d["muscles"][0]["origin"].clear(),
        lambda d: d["muscles"][0].pop("name"),
        lambda d: d["muscles"][0]["innervation"].update(roots=["X9"]),
    ],
    ids=["unknown key", "bad enum", "empty list", "missing key", "bad root"],
)
def test_json_schema_rejects_what_the_loader_rejects(mutate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = _yaml((DECKS / "hip" / "gluteus-minimus.yaml").read_text(encoding="utf-8"))
    mutate(data)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)
    path = tmp_path / "x.yaml"
    data["deck"]["id"] = "x-copy"
    data["muscles"][0]["id"] = "x-copy"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:")
