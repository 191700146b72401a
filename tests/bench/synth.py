"""Synthetic decks at atlas scale (600 muscles, about 5 MB of YAML) for benchmarks.

Reused by later benchmarks: ``write_atlas(folder)`` writes the deck files and returns them.
The content is nonsense with realistic shape and sizes; it validates like a real deck.
"""

from __future__ import annotations

import random
from pathlib import Path

from quizzer.regions import BODY_REGIONS, MUSCLE_REGIONS

WORDS = (
    "anterior posterior lateral medial superior inferior surface border crest ridge tendon "
    "fascia aponeurosis ligament tubercle process margin fibres belly head shaft line facet "
    "sitting standing walking running lifting carrying twisting bending reaching holding "
    "pain ache stiffness weakness tenderness numbness tingling swelling cramp spasm"
).split()


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()


def _items(rng: random.Random, prefix: str, count: int, *, cloze: bool = False, shared: int = 0) -> list[str]:
    """Item lines indented for a list at column 0; ``_block`` shifts them.

    Ids are unique to the muscle, or with ``shared`` drawn from a vocabulary of that many
    ids that several muscles use (as real actions, nerves and arteries are).
    """
    lines = []
    ids = rng.sample(range(shared), count) if shared else [rng.randrange(10**9) for _ in range(count)]
    for i in ids:
        text = _sentence(rng, 5, 12)
        line = f"- id: {prefix}-{i}\n  text: {text}\n"
        if cloze:
            line += f'  cloze: "{text} for {{{{{rng.randint(2, 30)} minutes}}}}"\n'
        line += "  source: ref\n"
        lines.append(line)
    return lines


def _block(key: str, items: list[str], indent: str = "    ") -> str:
    body = "".join(items)
    shifted = "".join(indent + "  " + line + "\n" for line in body.splitlines())
    return f"{indent}{key}:\n{shifted}"


def muscle_yaml(rng: random.Random, index: int, total: int) -> str:
    mid = f"synthetic-muscle-{index}"
    others = [f"synthetic-muscle-{j}" for j in rng.sample(range(total), 4) if j != index][:3]
    zones = rng.sample(list(BODY_REGIONS), 5)
    tp = "".join(
        _block(key, _items(rng, key.replace("_", "-"), n, cloze=key == "self_treatment"), "      ")
        for key, n in (
            ("symptoms", 6),
            ("causes", 5),
            ("prevention", 3),
            ("self_treatment", 1),
            ("professional_help", 1),
            ("time_to_relief", 1),
            ("diagnostic_signs", 2),
            ("differential", 6),
        )
    )
    strain = "".join(
        _block(key, _items(rng, key, n), "      ")
        for key, n in (("symptoms", 4), ("causes", 4), ("activities", 5), ("treatment", 3))
    )
    grades = "".join(
        f"        - {{id: grade-{g}, grade: {g}, text: {_sentence(rng, 6, 10)}, "
        f'healing: {_sentence(rng, 3, 6)}, cloze: "Heals in {{{{{g * 3} weeks}}}}"}}\n'
        for g in (1, 2, 3)
    )
    distractors = "".join(
        f"      {facet}:\n"
        + "".join(
            f"        - {{id: wrong-{i}, text: {_sentence(rng, 4, 8)}, why: {_sentence(rng, 6, 12)}}}\n"
            for i in range(5)
        )
        for facet in ("tp-causes", "differential")
    )
    return (
        f"  - id: {mid}\n"
        f"    name: Synthetic muscle {index}\n"
        f"    aliases: [synth {index}]\n"
        f"    region: {rng.choice(list(MUSCLE_REGIONS))}\n"
        f"    location: {_sentence(rng, 10, 20)}\n"
        + _block("origin", _items(rng, "origin", 2))
        + _block("insertion", _items(rng, "insertion", 2))
        + _block("actions", _items(rng, "action", 4, shared=60))
        + "    innervation:\n"
        f"      nerve: {{id: nerve-{index % 40}, text: Nerve {index % 40}}}\n"
        "      roots: [L4, L5, S1]\n"
        + _block("blood_supply", _items(rng, "artery", 2, shared=80))
        + "    trigger_points:\n"
        + _block("sites", _items(rng, "site", 2), "      ")
        + "      referral:\n"
        f"        description: {_sentence(rng, 12, 24)}\n"
        "        zones:\n"
        + "".join(
            f"          - {{region: {z}, zone: {'essential' if k < 3 else 'spillover'}}}\n"
            for k, z in enumerate(zones)
        )
        + tp
        + f"      satellites: [{', '.join(others)}]\n"
        + "    strain:\n"
        + strain
        + "      grades:\n"
        + grades
        + "    distractors:\n"
        + distractors
        + "    sources:\n      - {id: ref, title: Synthetic Reference}\n"
    )


def write_atlas(folder: Path, *, muscles: int = 600, per_file: int = 30, seed: int = 1) -> list[Path]:
    """Write ``muscles`` synthetic muscles into deck files of ``per_file`` each."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, muscles, per_file):
        body = "".join(muscle_yaml(rng, i, muscles) for i in range(start, min(start + per_file, muscles)))
        path = folder / f"synthetic-{start // per_file:03d}.yaml"
        path.write_text(
            f"deck:\n  id: synthetic-{start // per_file:03d}\n  name: Synthetic {start}\nmuscles:\n{body}",
            encoding="utf-8",
        )
        paths.append(path)
    return paths
