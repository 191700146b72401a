"""A QTI 1.2 package reader for the tests, following the spec as an LMS importer does.

It knows nothing of Quizzer's writer: it opens the zip, finds the assessment through
``imsmanifest.xml`` (resource type ``imsqti_xmlv1p2``), and reads each item's type, stem,
choices and what scores (``respcondition``s that set or add to SCORE). The tests check it
against packages that text2qti (a well-kept Canvas QTI writer) makes, then read ours.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET


@dataclass
class Item:
    ident: str
    type: str
    stem: str
    choices: dict[str, str] = field(default_factory=dict)
    """Label ident → text, in order."""
    right: list[str] = field(default_factory=list)
    """Texts of the right choices (for matching: "left → right" pairs, in presentation order)."""
    accepted: list[str] = field(default_factory=list)
    """Short-answer texts that score."""
    feedback: str = ""
    metadata: dict[str, str] = field(default_factory=dict)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in element if _local(e.tag) == name]


def text_of(element: ET.Element) -> str:
    """The plain text of the first ``mattext`` under ``element`` (HTML tags dropped)."""
    mattexts = _find(element, "mattext")
    if not mattexts:
        return ""
    raw = mattexts[0].text or ""
    if mattexts[0].get("texttype", "text/plain") == "text/html":
        raw = re.sub(r"<br\s*/?>", "\n", raw)
        raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return raw.strip()


def read_package(data: bytes) -> tuple[str, list[Item]]:
    """The assessment title and its items."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        manifest = ET.fromstring(package.read("imsmanifest.xml"))
        hrefs = [
            f.get("href", "")
            for r in _find(manifest, "resource")
            if r.get("type") == "imsqti_xmlv1p2"
            for f in _children(r, "file")
        ]
        assert len(hrefs) == 1, hrefs
        root = ET.fromstring(package.read(hrefs[0]))
    assert _local(root.tag) == "questestinterop"
    (assessment,) = _children(root, "assessment")
    return assessment.get("title", ""), [_item(e) for e in _find(assessment, "item")]


def _item(element: ET.Element) -> Item:
    metadata = {}
    for entry in _find(element, "qtimetadatafield"):
        label = _children(entry, "fieldlabel")[0].text or ""
        metadata[label] = _children(entry, "fieldentry")[0].text or ""
    (presentation,) = _children(element, "presentation")
    stem = text_of(_children(presentation, "material")[0])
    item = Item(element.get("ident", ""), metadata.get("question_type", ""), stem, metadata=metadata)
    lids = _children(presentation, "response_lid")
    left: dict[str, str] = {}
    for lid in lids:
        if _children(lid, "material"):  # matching: the left side of each pair
            left[lid.get("ident", "")] = text_of(_children(lid, "material")[0])
        for option in _find(lid, "response_label"):
            item.choices[option.get("ident", "")] = text_of(option)
    for processing in _children(element, "resprocessing"):
        for condition in _children(processing, "respcondition"):
            scores = [
                s
                for s in _children(condition, "setvar")
                if s.get("varname", "SCORE") == "SCORE" and float(s.text or 0) > 0
            ]
            if not scores:
                continue
            (var,) = _children(condition, "conditionvar")
            conj = _children(var, "and")
            tests = [e for e in conj[0]] if conj else [e for e in var]
            for test in tests:
                if _local(test.tag) != "varequal":
                    continue  # a <not> names a wrong choice
                value = test.text or ""
                respident = test.get("respident", "")
                if respident in left:
                    item.right.append(f"{left[respident]} → {item.choices[value]}")
                elif value in item.choices:
                    item.right.append(item.choices[value])
                else:
                    item.accepted.append(value)
    for feedback in _children(element, "itemfeedback"):
        item.feedback += text_of(feedback)
    return item
