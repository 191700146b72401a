"""Exam papers: question selection, versions with shuffled options, answer keys (pure, seeded)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from quizzer.export import maps
from quizzer.model import Facet, Kind, Library, Muscle, Question
from quizzer.overlap import Taken as _Taken
from quizzer.overlap import conflicts  # noqa: F401  (re-exported: the exam's overlap rule)
from quizzer.overlap import fact_parts as _fact_parts

MAX_VERSIONS = 26
DEFAULT_KINDS = (Kind.MCQ, Kind.MULTI, Kind.NOT, Kind.ORDER)
"""Auto-gradable kinds: a paper of these needs no hand marking."""


class ExamError(Exception):
    """The request cannot be met (too few questions, bad blueprint); the message says why."""


@dataclass(frozen=True)
class Quota:
    """How many questions a topic (facet) gets, optionally of some kinds only."""

    facet: Facet
    count: int
    kinds: frozenset[Kind] | None = None
    """None: any kind in the pool."""
    where: str = ""
    """``file:line:col`` of the blueprint entry, for error messages."""


@dataclass(frozen=True)
class ExamItem:
    """One question as printed in one version."""

    number: int
    """1-based position in this version."""
    question: Question
    """The question with its options in this version's order and ``correct`` remapped."""
    base: Question
    """The question as selected (version-independent)."""


@dataclass(frozen=True)
class Version:
    letter: str
    items: tuple[ExamItem, ...]

    def position(self, question_id: str) -> int:
        for item in self.items:
            if item.base.id == question_id:
                return item.number
        raise KeyError(question_id)


@dataclass(frozen=True)
class Exam:
    """The selected questions and every version of the paper."""

    title: str
    seed: int
    questions: tuple[Question, ...]
    versions: tuple[Version, ...]
    date: str = ""
    """Printed in the header when given; never the current date (files stay reproducible)."""
    muscles: Mapping[str, Muscle] = field(default_factory=dict, compare=False)
    """The muscles whose referral pain maps the picture questions show, by id."""

    def pictured(self, q: Question, muscle_id: str) -> Muscle:
        """The muscle of a map that ``q`` shows; ExamError when the exam was built without it."""
        try:
            return self.muscles[muscle_id]
        except KeyError:
            raise ExamError(
                f"question {q.id} shows the referral map of {muscle_id!r}: build the exam "
                "with the library that holds that muscle"
            ) from None

    def crossref(self) -> list[tuple[int, str, tuple[int, ...]]]:
        """Rows ``(number in A, question id, positions in every version)`` in A's order."""
        first = self.versions[0]
        return [
            (item.number, item.base.id, tuple(v.position(item.base.id) for v in self.versions))
            for item in first.items
        ]


def build_exam(
    pool: Sequence[Question],
    *,
    n: int | None,
    seed: int,
    versions: int = 1,
    blueprint: Sequence[Quota] | None = None,
    title: str = "Exam",
    date: str = "",
    library: Library | None = None,
) -> Exam:
    """Select questions from ``pool`` and lay out ``versions`` papers; same input, same exam.

    ``library`` (the decks of the pool) draws the pain maps of picture questions; without
    it, an exam that selects one cannot be written.
    """
    if not 1 <= versions <= MAX_VERSIONS:
        raise ExamError(f"--versions must be between 1 and {MAX_VERSIONS}, got {versions}")
    rng = random.Random(f"{seed}|exam|select")
    chosen = select_questions(pool, n=n, rng=rng, blueprint=blueprint)
    laid_out = make_versions(chosen, count=versions, seed=seed)
    try:
        muscles = maps.muscles_for(chosen, library) if library is not None else {}
    except maps.MissingMap as exc:
        raise ExamError(str(exc)) from None
    return Exam(title=title, seed=seed, questions=tuple(chosen), versions=laid_out, date=date,
                muscles=muscles)


# --- selection -------------------------------------------------------------------------


def _greedy_key(q: Question) -> tuple[bool, str]:
    # Item-level facts first: a facet-level question blocks all of them at once.
    return _fact_parts(q)[1] == "all", q.id


def _capacity(pool: Sequence[Question]) -> int:
    """How many mutually compatible questions ``pool`` holds (greedy, in ``_greedy_key`` order)."""
    kept = _Taken()
    for q in pool:
        if not kept.clashes(q):
            kept.add(q)
    return len(kept.ids)


def _pick(candidates: Sequence[Question], taken: _Taken, want: int,
          rng: random.Random) -> list[Question] | None:
    """``want`` questions from ``candidates`` compatible with ``taken`` and each other.

    Spreads picks over muscles and kinds. A plain greedy pass almost always succeeds; when
    it runs dry, a careful pass never makes a choice that leaves the rest of the quota
    impossible while another choice would not (checked greedily). None when short.
    """
    pool = sorted((q for q in candidates if not taken.clashes(q)), key=_greedy_key)
    rank = {q.id: i for i, q in enumerate(rng.sample(pool, len(pool)))}
    fast = _pick_from(pool, taken, want, rank, careful=False)
    return fast if fast is not None else _pick_from(pool, taken, want, rank, careful=True)


def _pick_from(pool: list[Question], taken: _Taken, want: int, rank: dict[str, int], *,
               careful: bool) -> list[Question] | None:
    muscles, kinds = Counter(taken.muscles), Counter(taken.kinds)
    mine = _Taken()
    picked: list[Question] = []
    while len(picked) < want:
        order = sorted(pool, key=lambda q: (muscles[q.muscle], kinds[q.kind], rank[q.id]))
        for q in order:
            if mine.clashes(q):
                continue
            if careful:
                alone = _Taken([q])
                rest = [r for r in pool if r is not q and not alone.clashes(r)]
                if _capacity(rest) < want - len(picked) - 1:
                    continue
                pool = rest
            picked.append(q)
            mine.add(q)
            muscles[q.muscle] += 1
            kinds[q.kind] += 1
            break
        else:
            return None
    return picked


def _by_facet(pool: Iterable[Question]) -> dict[Facet, list[Question]]:
    out: dict[Facet, list[Question]] = {}
    for q in sorted(pool, key=lambda q: q.id):
        out.setdefault(q.facet, []).append(q)
    return {f: out[f] for f in Facet if f in out}


def proportional_quotas(pool: Sequence[Question], n: int) -> list[Quota]:
    """Split ``n`` over facets in proportion to their questions, within what each can give."""
    groups = _by_facet(pool)
    room = {f: _capacity(sorted(qs, key=_greedy_key)) for f, qs in groups.items()}
    total_room = sum(room.values())
    if n > total_room:
        detail = ", ".join(f"{f.value} {r}" for f, r in room.items())
        raise ExamError(
            f"the bank has only {total_room} questions on distinct facts, {n} were asked "
            f"for ({detail or 'no questions match'})"
        )
    counts = dict.fromkeys(groups, 0)
    weight = {f: len(qs) for f, qs in groups.items()}
    left = n
    while left:
        open_ = [f for f in groups if counts[f] < room[f]]
        size = sum(weight[f] for f in open_)
        shares = {f: left * weight[f] / size for f in open_}
        for f in open_:
            counts[f] += min(int(shares[f]), room[f] - counts[f])
        left = n - sum(counts.values())
        # Largest remainders take the seats that whole shares did not fill.
        for f in sorted(open_, key=lambda f: (-(shares[f] - int(shares[f])), -weight[f])):
            if left and counts[f] < room[f]:
                counts[f] += 1
                left -= 1
    return [Quota(f, c) for f, c in counts.items() if c]


def select_questions(
    pool: Sequence[Question],
    *,
    n: int | None,
    rng: random.Random,
    blueprint: Sequence[Quota] | None = None,
) -> list[Question]:
    """The questions of the paper, in topic order; raises ExamError naming what is short."""
    if blueprint is not None:
        total = sum(q.count for q in blueprint)
        if n is not None and n != total:
            raise ExamError(f"-n {n} disagrees with the blueprint, which asks for {total}")
        # The narrowest quotas choose first, so broad ones cannot take what they need.
        quotas = sorted(blueprint, key=lambda q: len(q.kinds) if q.kinds else len(Kind))
    else:
        if n is None or n < 1:
            raise ExamError("say how many questions with -n N (at least 1)")
        quotas = proportional_quotas(pool, n)
    groups = _by_facet(pool)
    chosen: list[Question] = []
    taken = _Taken()
    for quota in quotas:
        candidates = [q for q in groups.get(quota.facet, [])
                      if quota.kinds is None or q.kind in quota.kinds]
        got = _pick(candidates, taken, quota.count, rng)
        if got is None:
            have = _capacity(sorted((q for q in candidates if not taken.clashes(q)),
                                    key=_greedy_key))
            what = "/".join(sorted(k.value for k in quota.kinds)) + " " if quota.kinds else ""
            where = f"{quota.where}: " if quota.where else ""
            raise ExamError(
                f"{where}topic {quota.facet.value!r} is short: {quota.count} {what}questions "
                f"asked for, only {have} on distinct facts available"
            )
        chosen.extend(got)
        for q in got:
            taken.add(q)
    order = {f: i for i, f in enumerate(Facet)}
    return sorted(chosen, key=lambda q: (order[q.facet], q.id))


# --- versions --------------------------------------------------------------------------


def version_letter(index: int) -> str:
    return chr(ord("A") + index)


def shuffle_options(q: Question, rng: random.Random, *, keep: bool = False) -> Question:
    """``q`` with its options permuted and ``correct`` remapped.

    ``keep`` leaves the order alone (the generator already balanced answer positions), but an
    ``order`` question is never shown already in the right order: that would answer it.
    """
    size = len(q.options)
    if size < 2:
        return q
    perm = list(range(size))  # perm[new] = old
    if not keep:
        rng.shuffle(perm)
    if q.kind is Kind.ORDER:
        tries = 0
        while [perm.index(i) for i in q.correct] == list(range(size)) and tries < 50:
            rng.shuffle(perm)
            tries += 1
    new_of = {old: new for new, old in enumerate(perm)}
    correct = tuple(new_of[i] for i in q.correct)
    if q.kind is not Kind.ORDER:
        correct = tuple(sorted(correct))
    return replace(q, options=tuple(q.options[i] for i in perm), correct=correct)


def make_versions(chosen: Sequence[Question], *, count: int, seed: int) -> tuple[Version, ...]:
    """``count`` versions: the same questions, each in its own order with shuffled options."""
    out: list[Version] = []
    orders: list[list[str]] = []
    for index in range(count):
        letter = version_letter(index)
        rng = random.Random(f"{seed}|exam|version|{letter}")
        # Neighbours copy less when no question sits at the same number as in another
        # version: keep the shuffle with the fewest such clashes (tiny papers may not allow 0).
        best: list[Question] = []
        best_clashes = len(chosen) + 1
        for _ in range(50):
            order = list(chosen)
            rng.shuffle(order)
            ids = [q.id for q in order]
            clashes = sum(ids[i] == other[i] for other in orders for i in range(len(ids)))
            if ids in orders and len(chosen) > 1:
                clashes += len(chosen)
            if clashes < best_clashes:
                best, best_clashes = order, clashes
            if clashes == 0:
                break
        order = best
        orders.append([q.id for q in order])
        items = tuple(
            ExamItem(number=i + 1, question=shuffle_options(q, rng, keep=index == 0), base=q)
            for i, q in enumerate(order)
        )
        out.append(Version(letter, items))
    return tuple(out)


def letters(indices: Iterable[int]) -> str:
    """Option indices as letters: ``(0, 2)`` → ``"A, C"``."""
    return ", ".join(chr(ord("A") + i) for i in indices)


def key_text(q: Question) -> str:
    """The answer as the key prints it: letters for choice kinds, else the answer text."""
    if q.kind is Kind.ORDER:
        return " → ".join(chr(ord("A") + i) for i in q.correct)
    if q.kind.is_choice:
        return letters(q.correct)
    if q.kind is Kind.CLOZE:
        gaps = [text for text, gap in cloze_parts(q.question) if gap]
        return " / ".join(gaps) if gaps else q.answer
    return q.answer


def cloze_parts(text: str) -> list[tuple[str, bool]]:
    """Split cloze markup into ``(text, is_gap)`` runs; hints after ``::`` are dropped."""
    out: list[tuple[str, bool]] = []
    rest = text
    while "{{c" in rest:
        start = rest.index("{{c")
        end = rest.find("}}", start)
        sep = rest.find("::", start)
        if end < 0 or sep < 0 or sep > end:
            break
        out.append((rest[:start], False))
        gap = rest[sep + 2 : end].split("::")[0]
        out.append((gap, True))
        rest = rest[end + 2 :]
    out.append((rest, False))
    return [(t, g) for t, g in out if t or g]
