"""Closed vocabularies of the deck schema besides body regions: joints, positions, plexuses.

Deck files name these by id; questions show the labels. Like body regions, a fixed
vocabulary lets the generator prove a wrong option false (a muscle that does not list a
joint does not cross it).
"""

from __future__ import annotations

JOINTS: dict[str, str] = {
    "tmj": "Temporomandibular joint",
    "atlanto-occipital": "Atlanto-occipital joint",
    "atlantoaxial": "Atlantoaxial joint",
    "cervical-spine": "Joints of the cervical spine",
    "thoracic-spine": "Joints of the thoracic spine",
    "lumbar-spine": "Joints of the lumbar spine",
    "ribs": "Joints of the ribs (costovertebral and costochondral)",
    "sternoclavicular": "Sternoclavicular joint",
    "acromioclavicular": "Acromioclavicular joint",
    "scapulothoracic": "Scapulothoracic joint (scapula on the rib cage)",
    "glenohumeral": "Glenohumeral (shoulder) joint",
    "elbow": "Elbow joint",
    "radioulnar": "Radioulnar joints",
    "wrist": "Wrist (radiocarpal and midcarpal) joints",
    "carpometacarpal": "Carpometacarpal joints of the fingers",
    "metacarpophalangeal": "Metacarpophalangeal joints of the fingers",
    "interphalangeal-hand": "Interphalangeal joints of the fingers",
    "thumb-cmc": "Carpometacarpal joint of the thumb",
    "thumb-mcp": "Metacarpophalangeal joint of the thumb",
    "thumb-ip": "Interphalangeal joint of the thumb",
    "lumbosacral": "Lumbosacral joint",
    "sacroiliac": "Sacroiliac joint",
    "hip": "Hip joint",
    "knee": "Knee joint",
    "ankle": "Ankle (talocrural) joint",
    "subtalar": "Subtalar joint",
    "midtarsal": "Transverse tarsal (midtarsal) joints",
    "tarsometatarsal": "Tarsometatarsal joints",
    "metatarsophalangeal": "Metatarsophalangeal joints",
    "interphalangeal-foot": "Interphalangeal joints of the toes",
}
"""Joint id → label: the ``joints`` a muscle crosses."""

POSITIONS: dict[str, str] = {
    "supine": "Supine",
    "prone": "Prone",
    "side-lying": "Side-lying",
    "seated": "Seated",
    "standing": "Standing",
}
"""Client positions for palpation."""

PLEXUSES: dict[str, str] = {
    "cranial": "Cranial nerve",
    "cervical": "Cervical plexus",
    "brachial": "Brachial plexus",
    "thoracic": "Thoracic spinal nerves (intercostal and subcostal)",
    "lumbar": "Lumbar plexus",
    "sacral": "Sacral plexus",
    "dorsal-rami": "Dorsal (posterior) rami of spinal nerves",
}
"""Where a muscle's nerve comes from: wrong nerve options from the same family are the
confusable ones."""

TEST_TYPES: dict[str, str] = {
    "test": "Clinical test",
    "gait": "Gait sign",
    "posture": "Postural sign",
    "sign": "Clinical sign",
}
"""The kinds of ``clinical_tests`` entry: tests the examiner performs, gait and postural
signs the examiner sees (signs are objective; what the client reports is a symptom)."""
