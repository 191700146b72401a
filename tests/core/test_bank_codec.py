"""The cache's codec: values come back equal, numbers take the narrowest width that holds
them, and a file that does not fit is refused (``ValueError``), never half read."""

from __future__ import annotations

import json

import pytest

from quizzer import model
from quizzer.bank import codec
from quizzer.model import Facet, Kind, Question, QuestionKey

REGISTRY = codec.registry_of(model)


def _header(data: bytes) -> tuple[dict[str, object], int]:
    """The header and the size of the numbers that follow it and the strings."""
    size = int.from_bytes(data[:4], "little")
    header = json.loads(data[4 : 4 + size])
    blob = int.from_bytes(data[4 + size : 8 + size], "little")
    return header, len(data) - (8 + size + blob)


def _question(n: int) -> Question:
    key = QuestionKey("deck", "muscle", Facet.ACTIONS, f"item-{n}", Kind.MCQ)
    return Question(key, f"Question {n}?", "Right", ("Right", "Wrong"), (0,), tags=("a", "b"))


@pytest.mark.parametrize(("count", "width"), [(3, 1), (100, 2), (20_000, 4)])
def test_numbers_take_the_narrowest_width_that_holds_them(count: int, width: int) -> None:
    questions = tuple(_question(n) for n in range(count))
    data = codec.encode(["key", questions], REGISTRY)
    header, numbers = _header(data)
    assert header["width"] == width
    assert numbers % width == 0
    assert codec.decode(data, REGISTRY) == ["key", questions]


def test_a_long_tuple_of_few_values_counts_its_length() -> None:
    # A length, not only an index, can be the largest number.
    values = ("same",) * 70_000
    data = codec.encode([values], REGISTRY)
    assert _header(data)[0]["width"] == 4
    assert codec.decode(data, REGISTRY) == [values]


@pytest.mark.parametrize("width", [3, 8, "2", None])
def test_a_width_that_is_not_one_of_the_codecs_is_refused(width: object) -> None:
    data = codec.encode([tuple(_question(n) for n in range(100))], REGISTRY)
    size = int.from_bytes(data[:4], "little")
    header = json.loads(data[4 : 4 + size])
    header["width"] = width
    text = json.dumps(header).encode()
    with pytest.raises(ValueError):
        codec.decode(len(text).to_bytes(4, "little") + text + data[4 + size :], REGISTRY)


def test_numbers_cut_short_are_refused() -> None:
    data = codec.encode([tuple(_question(n) for n in range(100))], REGISTRY)
    assert _header(data)[0]["width"] == 2
    for cut in (1, 2, 3):
        with pytest.raises(ValueError):
            codec.decode(data[:-cut], REGISTRY)
