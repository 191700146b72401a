"""A deck folder at atlas size for tests of the app's lists: 148 decks in a folder per exam
region, one muscle or group per file, plus a question file with no region.

The names, aliases, regions and group members are the real ones (what the home screen,
Browse and the command palette list and find); every fact in the decks is a placeholder
("Fixture origin of …"), so this is no content to learn from. ``write_atlas_decks(folder)``
writes the files and returns the folder.
"""

from __future__ import annotations

from pathlib import Path

# (folder, muscle region, zone drawn for its referral pattern) per exam region, head to foot.
_REGIONS = {
    "head": ("head", "temple"),
    "neck": ("neck", "lateral-neck"),
    "shoulder": ("shoulder", "posterior-shoulder"),
    "arm": ("arm", "anterior-arm"),
    "forearm-hand": ("forearm", "posterior-forearm"),
    "back": ("back", "mid-back"),
    "thorax-abdomen": ("abdomen", "upper-abdomen"),
    "hip": ("gluteal", "buttock"),
    "thigh": ("thigh", "anterior-thigh"),
    "leg": ("leg", "posterior-calf"),
    "foot": ("foot", "plantar-foot"),
}

MUSCLES: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "head": (
        ("digastric", "Digastric", ()),
        ("lateral-pterygoid", "Lateral pterygoid", ()),
        ("masseter", "Masseter", ()),
        ("medial-pterygoid", "Medial pterygoid", ()),
        ("occipitofrontalis", "Occipitofrontalis", ("epicranius",)),
        ("temporalis", "Temporalis", ()),
    ),
    "neck": (
        ("anterior-scalene", "Anterior scalene", ()),
        ("levator-scapulae", "Levator scapulae", ("levator scap",)),
        ("longus-capitis", "Longus capitis", ()),
        ("longus-colli", "Longus colli", ()),
        ("middle-scalene", "Middle scalene", ()),
        ("obliquus-capitis-inferior", "Obliquus capitis inferior", ("OCI",)),
        ("obliquus-capitis-superior", "Obliquus capitis superior", ("OCS",)),
        ("platysma", "Platysma", ()),
        ("posterior-scalene", "Posterior scalene", ()),
        ("rectus-capitis-posterior-major", "Rectus capitis posterior major", ()),
        ("rectus-capitis-posterior-minor", "Rectus capitis posterior minor", ()),
        ("semispinalis-capitis", "Semispinalis capitis", ()),
        ("splenius-capitis", "Splenius capitis", ()),
        ("splenius-cervicis", "Splenius cervicis", ()),
        ("sternocleidomastoid", "Sternocleidomastoid", ("SCM", "sternomastoid")),
    ),
    "shoulder": (
        ("coracobrachialis", "Coracobrachialis", ()),
        ("deltoid", "Deltoid", ("delts",)),
        ("infraspinatus", "Infraspinatus", ()),
        ("latissimus-dorsi", "Latissimus dorsi", ("lats", "lat")),
        ("pectoralis-major", "Pectoralis major", ("pec major", "pecs")),
        ("pectoralis-minor", "Pectoralis minor", ("pec minor",)),
        ("rhomboid-major", "Rhomboid major", ()),
        ("rhomboid-minor", "Rhomboid minor", ()),
        ("serratus-anterior", "Serratus anterior", ()),
        ("subclavius", "Subclavius", ()),
        ("subscapularis", "Subscapularis", ("subscap",)),
        ("supraspinatus", "Supraspinatus", ()),
        ("teres-major", "Teres major", ()),
        ("teres-minor", "Teres minor", ()),
        ("trapezius", "Trapezius", ("traps",)),
    ),
    "arm": (
        ("anconeus", "Anconeus", ()),
        ("biceps-brachii", "Biceps brachii", ("biceps",)),
        ("brachialis", "Brachialis", ()),
        ("triceps-brachii", "Triceps brachii", ("triceps",)),
    ),
    "forearm-hand": tuple(
        (mid, name, aliases)
        for mid, name, aliases in (
            ("abductor-digiti-minimi-hand", "Abductor digiti minimi (hand)", ("ADM",)),
            ("abductor-pollicis-brevis", "Abductor pollicis brevis", ("APB",)),
            ("abductor-pollicis-longus", "Abductor pollicis longus", ("APL",)),
            ("adductor-pollicis", "Adductor pollicis", ()),
            ("brachioradialis", "Brachioradialis", ()),
            ("dorsal-interossei-hand", "Dorsal interossei (hand)", ()),
            ("extensor-carpi-radialis-brevis", "Extensor carpi radialis brevis", ("ECRB",)),
            ("extensor-carpi-radialis-longus", "Extensor carpi radialis longus", ("ECRL",)),
            ("extensor-carpi-ulnaris", "Extensor carpi ulnaris", ("ECU",)),
            ("extensor-digiti-minimi", "Extensor digiti minimi", ("EDM",)),
            ("extensor-digitorum", "Extensor digitorum", ("EDC",)),
            ("extensor-indicis", "Extensor indicis", ("EIP",)),
            ("extensor-pollicis-brevis", "Extensor pollicis brevis", ("EPB",)),
            ("extensor-pollicis-longus", "Extensor pollicis longus", ("EPL",)),
            ("flexor-carpi-radialis", "Flexor carpi radialis", ("FCR",)),
            ("flexor-carpi-ulnaris", "Flexor carpi ulnaris", ("FCU",)),
            ("flexor-digiti-minimi-brevis-hand", "Flexor digiti minimi brevis (hand)", ()),
            ("flexor-digitorum-profundus", "Flexor digitorum profundus", ("FDP",)),
            ("flexor-digitorum-superficialis", "Flexor digitorum superficialis", ("FDS",)),
            ("flexor-pollicis-brevis", "Flexor pollicis brevis", ("FPB",)),
            ("flexor-pollicis-longus", "Flexor pollicis longus", ("FPL",)),
            ("lumbricals-hand", "Lumbricals (hand)", ()),
            ("opponens-digiti-minimi", "Opponens digiti minimi", ()),
            ("opponens-pollicis", "Opponens pollicis", ()),
            ("palmar-interossei", "Palmar interossei", ()),
            ("palmaris-longus", "Palmaris longus", ()),
            ("pronator-quadratus", "Pronator quadratus", ()),
            ("pronator-teres", "Pronator teres", ()),
            ("supinator", "Supinator", ()),
        )
    ),
    "back": (
        ("iliocostalis", "Iliocostalis", ()),
        ("longissimus", "Longissimus", ()),
        ("multifidus", "Multifidus", ()),
        ("quadratus-lumborum", "Quadratus lumborum", ("QL",)),
        ("rotatores", "Rotatores", ()),
        ("semispinalis-thoracis", "Semispinalis thoracis", ()),
        ("serratus-posterior-inferior", "Serratus posterior inferior", ()),
        ("serratus-posterior-superior", "Serratus posterior superior", ()),
        ("spinalis", "Spinalis", ()),
    ),
    "thorax-abdomen": (
        ("diaphragm", "Diaphragm", ()),
        ("external-intercostals", "External intercostals", ()),
        ("external-oblique", "External oblique", ()),
        ("internal-intercostals", "Internal intercostals", ()),
        ("internal-oblique", "Internal oblique", ()),
        ("rectus-abdominis", "Rectus abdominis", ("six-pack",)),
        ("transversus-abdominis", "Transversus abdominis", ("TA",)),
    ),
    "hip": (
        ("gluteus-maximus", "Gluteus maximus", ("glute max",)),
        ("gluteus-medius", "Gluteus medius", ("glute med",)),
        ("gluteus-minimus", "Gluteus minimus", ("glute min",)),
        ("iliacus", "Iliacus", ()),
        ("inferior-gemellus", "Inferior gemellus", ()),
        ("obturator-externus", "Obturator externus", ()),
        ("obturator-internus", "Obturator internus", ()),
        ("piriformis", "Piriformis", ()),
        ("psoas-major", "Psoas major", ("psoas",)),
        ("psoas-minor", "Psoas minor", ()),
        ("quadratus-femoris", "Quadratus femoris", ()),
        ("superior-gemellus", "Superior gemellus", ()),
        ("tensor-fasciae-latae", "Tensor fasciae latae", ("TFL",)),
    ),
    "thigh": (
        ("adductor-brevis", "Adductor brevis", ()),
        ("adductor-longus", "Adductor longus", ()),
        ("adductor-magnus", "Adductor magnus", ()),
        ("biceps-femoris", "Biceps femoris", ()),
        ("gracilis", "Gracilis", ()),
        ("pectineus", "Pectineus", ()),
        ("rectus-femoris", "Rectus femoris", ("RF",)),
        ("sartorius", "Sartorius", ("tailor's muscle",)),
        ("semimembranosus", "Semimembranosus", ()),
        ("semitendinosus", "Semitendinosus", ()),
        ("vastus-intermedius", "Vastus intermedius", ("VI",)),
        ("vastus-lateralis", "Vastus lateralis", ("VL",)),
        ("vastus-medialis", "Vastus medialis", ("VM",)),
    ),
    "leg": (
        ("extensor-digitorum-longus", "Extensor digitorum longus", ("EDL",)),
        ("extensor-hallucis-longus", "Extensor hallucis longus", ("EHL",)),
        ("fibularis-brevis", "Fibularis brevis", ("peroneus brevis",)),
        ("fibularis-longus", "Fibularis longus", ("peroneus longus",)),
        ("fibularis-tertius", "Fibularis tertius", ("peroneus tertius",)),
        ("flexor-digitorum-longus", "Flexor digitorum longus", ("FDL",)),
        ("flexor-hallucis-longus", "Flexor hallucis longus", ("FHL",)),
        ("gastrocnemius", "Gastrocnemius", ("gastroc",)),
        ("plantaris", "Plantaris", ()),
        ("popliteus", "Popliteus", ()),
        ("soleus", "Soleus", ()),
        ("tibialis-anterior", "Tibialis anterior", ()),
        ("tibialis-posterior", "Tibialis posterior", ()),
    ),
    "foot": (
        ("abductor-digiti-minimi-foot", "Abductor digiti minimi (foot)", ()),
        ("abductor-hallucis", "Abductor hallucis", ()),
        ("extensor-digitorum-brevis", "Extensor digitorum brevis", ("EDB",)),
        ("extensor-hallucis-brevis", "Extensor hallucis brevis", ("EHB",)),
        ("flexor-digitorum-brevis", "Flexor digitorum brevis", ("FDB",)),
        ("quadratus-plantae", "Quadratus plantae", ()),
    ),
}
"""Exam region → (muscle id, name, aliases): one deck file each."""

FOLDER_OF = {"brachioradialis": "arm"}
"""Deck files kept in another region's folder (as the bundled atlas keeps brachioradialis, a
forearm muscle, with the arm's): the home screen goes by the muscle's region."""

GROUPS: dict[str, tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]] = {
    "head": (
        (
            "muscles-of-mastication",
            "Muscles of mastication",
            ("chewing muscles",),
            ("temporalis", "masseter", "medial-pterygoid", "lateral-pterygoid"),
        ),
    ),
    "neck": (
        (
            "scalenes",
            "Scalenes",
            ("scalene muscles",),
            ("anterior-scalene", "middle-scalene", "posterior-scalene"),
        ),
        (
            "suboccipitals",
            "Suboccipitals",
            ("suboccipital muscles",),
            (
                "rectus-capitis-posterior-major",
                "rectus-capitis-posterior-minor",
                "obliquus-capitis-superior",
                "obliquus-capitis-inferior",
            ),
        ),
    ),
    "shoulder": (
        (
            "rotator-cuff",
            "Rotator cuff",
            ("SITS muscles",),
            ("supraspinatus", "infraspinatus", "teres-minor", "subscapularis"),
        ),
    ),
    "forearm-hand": (
        (
            "thenar",
            "Thenar group",
            ("thenar muscles",),
            ("abductor-pollicis-brevis", "flexor-pollicis-brevis", "opponens-pollicis"),
        ),
        (
            "hypothenar",
            "Hypothenar group",
            ("hypothenar muscles",),
            ("abductor-digiti-minimi-hand", "flexor-digiti-minimi-brevis-hand", "opponens-digiti-minimi"),
        ),
    ),
    "back": (
        ("erector-spinae", "Erector spinae", ("sacrospinalis",), ("iliocostalis", "longissimus", "spinalis")),
    ),
    "thorax-abdomen": (
        (
            "abdominal-wall",
            "Abdominal wall",
            ("abdominals",),
            ("rectus-abdominis", "external-oblique", "internal-oblique", "transversus-abdominis"),
        ),
    ),
    "hip": (
        (
            "deep-six",
            "Deep six lateral rotators",
            ("deep six",),
            (
                "piriformis",
                "superior-gemellus",
                "obturator-internus",
                "inferior-gemellus",
                "obturator-externus",
                "quadratus-femoris",
            ),
        ),
    ),
    "thigh": (
        (
            "hamstrings",
            "Hamstrings",
            ("hamstring group",),
            ("biceps-femoris", "semitendinosus", "semimembranosus"),
        ),
        (
            "quadriceps",
            "Quadriceps",
            ("quads",),
            ("rectus-femoris", "vastus-lateralis", "vastus-medialis", "vastus-intermedius"),
        ),
    ),
    "leg": (("triceps-surae", "Triceps surae", ("calf muscles",), ("gastrocnemius", "soleus")),),
}
"""Exam region → (group id, name, aliases, member ids): one deck file each."""

_SOURCE = "    sources: [{id: fixture, title: Test fixture (placeholder facts)}]\n"


def _muscle(mid: str, name: str, aliases: tuple[str, ...], region: str, zone: str, number: int) -> str:
    alias_line = f"    aliases: [{', '.join(aliases)}]\n" if aliases else ""
    return (
        f'deck: {{id: {mid}, name: "{name}"}}\n'
        "muscles:\n"
        f"  - id: {mid}\n"
        f'    name: "{name}"\n' + alias_line + f"    region: {region}\n"
        f"    location: Fixture location of {name}.\n"
        f"    origin: [{{id: origin-{number}, text: Fixture origin {number}}}]\n"
        f"    insertion: [{{id: insertion-{number}, text: Fixture insertion {number}}}]\n"
        "    actions:\n"
        f"      - {{id: action-{number % 17}, text: Fixture action {number % 17}}}\n"
        f"      - {{id: action-{(number + 5) % 17 + 17}, text: Fixture action {(number + 5) % 17 + 17}}}\n"
        "    innervation:\n"
        f"      nerve: {{id: nerve-{number % 23}, text: Fixture nerve {number % 23}}}\n"
        "      roots: [C5, C6]\n"
        f"    blood_supply: [{{id: artery-{number % 19}, text: Fixture artery {number % 19}}}]\n"
        "    trigger_points:\n"
        "      referral:\n"
        "        description: Fixture referral pattern.\n"
        f"        zones: [{{region: {zone}, zone: essential}}]\n" + _SOURCE
    )


def _group(gid: str, name: str, aliases: tuple[str, ...], members: tuple[str, ...]) -> str:
    return (
        f'deck: {{id: {gid}, name: "{name}"}}\n'
        "groups:\n"
        f"  - id: {gid}\n"
        f'    name: "{name}"\n'
        f"    aliases: [{', '.join(aliases)}]\n"
        f"    description: Fixture description of the {name.lower()}.\n"
        f"    members: [{', '.join(members)}]\n"
        f"    actions: [{{id: {gid}-action, text: Fixture shared action of the {name.lower()}}}]\n"
        f"    mnemonic: {{id: {gid}-mnemonic, text: Fixture mnemonic of the {name.lower()}}}\n" + _SOURCE
    )


QUESTION_FILE = (
    "question,option A,option B,option C,option D,correct,topic,muscle,id\n"
    "Fixture class question one?,Right,Wrong,Wrong too,Also wrong,A,actions,,class-one\n"
    "Fixture class question two?,Wrong,Right,Wrong too,Also wrong,B,actions,,class-two\n"
)
"""An instructor's question file: a deck with no exam region ("Other decks")."""


def write_atlas_decks(folder: Path) -> Path:
    """Write the decks (a folder per exam region) and ``class-questions.csv``; return ``folder``."""
    number = 0
    for region, muscles in MUSCLES.items():
        muscle_region, zone = _REGIONS[region]
        (folder / region).mkdir(parents=True, exist_ok=True)
        for mid, name, aliases in muscles:
            number += 1
            text = _muscle(mid, name, aliases, muscle_region, zone, number)
            where = folder / FOLDER_OF.get(mid, region)
            where.mkdir(parents=True, exist_ok=True)
            (where / f"{mid}.yaml").write_text(text, encoding="utf-8")
    for region, groups in GROUPS.items():
        for gid, name, aliases, members in groups:
            (folder / region / f"{gid}.yaml").write_text(
                _group(gid, name, aliases, members), encoding="utf-8"
            )
    (folder / "class-questions.csv").write_text(QUESTION_FILE, encoding="utf-8")
    return folder
