"""Exam papers: question selection, versions with shuffled options, answer keys (pure, seeded)."""

from __future__ import annotations

import heapq
import random
from collections import Counter, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import TypeVar

from quizzer.export import maps
from quizzer.model import Facet, Kind, Library, Muscle, Question
from quizzer.overlap import Taken as _Taken
from quizzer.overlap import (
    conflicts,  # noqa: F401  (re-exported: the exam's overlap rule)
    overlapping_others,
)

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
    spread: tuple[tuple[str, int], ...] = ()
    """Muscle ids and how many of this quota's questions each should get. A preference, not
    a rule: when a muscle runs out of compatible questions, others fill its seats. Empty:
    no preference beyond spreading evenly."""
    prefer: frozenset[str] = frozenset()
    """Ids of questions safe to take: a set that fills every quota's ``spread`` together,
    and any question that overlaps no other muscle's question in it. Taken before the others, so that one
    muscle's pick does not take a fact another muscle's seat was planned on. Empty: no
    preference."""


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
    return Exam(
        title=title, seed=seed, questions=tuple(chosen), versions=laid_out, date=date, muscles=muscles
    )


# --- selection -------------------------------------------------------------------------


def _greedy_key(q: Question) -> tuple[bool, str]:
    # Item-level facts first: a facet-level question blocks all of them at once.
    return q.key.whole_facet, q.id


def _capacity(pool: Sequence[Question]) -> int:
    """How many mutually compatible questions ``pool`` holds (greedy, in ``_greedy_key`` order)."""
    return len(_compatible(pool))


def _compatible(pool: Sequence[Question]) -> list[Question]:
    """The questions a greedy pass over ``pool`` keeps, none clashing with another."""
    kept = _Taken()
    out = []
    for q in pool:
        if not kept.clashes(q):
            kept.add(q)
            out.append(q)
    return out


def _pick(
    candidates: Sequence[Question],
    taken: _Taken,
    want: int,
    rng: random.Random,
    spread: Mapping[str, int] | None = None,
    seats: Mapping[str, int] | None = None,
    prefer: frozenset[str] = frozenset(),
) -> list[Question] | None:
    """``want`` questions from ``candidates`` compatible with ``taken`` and each other.

    Fills ``spread`` (this quota's seats per muscle) first, then favours the muscles
    furthest below their ``seats`` on the whole paper (or simply the least asked), and
    spreads over kinds. A plain greedy pass almost always succeeds; when
    it runs dry, a careful pass never makes a choice that leaves the rest of the quota
    impossible while another choice would not (checked greedily). None when short.
    """
    spread, seats = spread or {}, seats or {}
    pool = sorted((q for q in candidates if not taken.clashes(q)), key=_greedy_key)
    # Questions safe to take (``Quota.prefer``) come first among a muscle's.
    rank = {q.id: (q.id not in prefer, i) for i, q in enumerate(rng.sample(pool, len(pool)))}
    fast = _pick_from(pool, taken, want, rank, spread, seats, careful=False)
    return fast if fast is not None else _pick_from(pool, taken, want, rank, spread, seats, careful=True)


def _pick_from(
    pool: list[Question],
    taken: _Taken,
    want: int,
    rank: dict[str, tuple[bool, int]],
    spread: Mapping[str, int],
    seats: Mapping[str, int],
    *,
    careful: bool,
) -> list[Question] | None:
    muscles, kinds = Counter(taken.muscles), Counter(taken.kinds)
    here: Counter[str] = Counter()
    mine = _Taken()
    picked: list[Question] = []
    while len(picked) < want:
        # Muscles still short of their seats in this quota first, then the furthest behind.
        standing = {
            m: (bool(spread) and here[m] >= spread.get(m, 0), muscles[m] - seats.get(m, 0))
            for m in {q.muscle for q in pool}
        }
        order = sorted(pool, key=lambda q: (standing[q.muscle], rank[q.id][0], kinds[q.kind], rank[q.id][1]))
        due = {m: spread.get(m, 0) - here[m] for m in standing}
        choice = _first_fit(order, pool, mine, due, still=want - len(picked) - 1, careful=careful)
        if choice is None:
            return None
        if careful:
            alone = _Taken([choice])
            pool = [r for r in pool if r is not choice and not alone.clashes(r)]
        picked.append(choice)
        mine.add(choice)
        here[choice.muscle] += 1
        muscles[choice.muscle] += 1
        kinds[choice.kind] += 1
    return picked


def _first_fit(
    order: Sequence[Question],
    pool: Sequence[Question],
    mine: _Taken,
    due: Mapping[str, int],
    *,
    still: int,
    careful: bool,
) -> Question | None:
    """The first question of ``order`` that fits with ``mine``; None when none does.

    A question that would cost its muscle the rest of the seats it is ``due`` in this quota
    waits, unless nothing else fits. ``careful``: also keep room for ``still`` more picks.
    """
    for strict in (True, False):
        for q in order:
            if mine.clashes(q) or (strict and _starves(q, pool, mine, due[q.muscle] - 1)):
                continue
            if careful:
                alone = _Taken([q])
                rest = [r for r in pool if r is not q and not alone.clashes(r)]
                if _capacity(rest) < still:
                    continue
            return q
    return None


def _starves(q: Question, pool: Sequence[Question], mine: _Taken, need: int) -> bool:
    """Would picking ``q`` leave its muscle fewer than ``need`` more compatible questions?

    A facet-level question ("select all the origins") blocks every item of that muscle's
    facet, so taken early it would cost the muscle its other seats in this quota.
    """
    if need <= 0:
        return False
    alone = _Taken([q])
    rest = [
        r
        for r in pool
        if r.muscle == q.muscle and r is not q and not alone.clashes(r) and not mine.clashes(r)
    ]
    return _capacity(rest) < need


def _by_facet(pool: Iterable[Question]) -> dict[Facet, list[Question]]:
    out: dict[Facet, list[Question]] = {}
    for q in sorted(pool, key=lambda q: q.id):
        out.setdefault(q.facet, []).append(q)
    return {f: out[f] for f in Facet if f in out}


_K = TypeVar("_K", bound=Hashable)


def _apportion(n: int, weight: Mapping[_K, Fraction | int], room: Mapping[_K, int]) -> dict[_K, int]:
    """Split ``n`` seats in proportion to ``weight``, none above its ``room`` (largest remainders).

    Ties go to the larger weight, then to the earlier key. Exact fractions, so equal shares
    tie exactly. Fewer than ``n`` seats when all rooms together hold fewer.
    """
    counts = dict.fromkeys(weight, 0)
    left = n
    while left:
        open_ = [k for k in weight if counts[k] < room[k] and weight[k] > 0]
        if not open_:
            break
        size = sum(Fraction(weight[k]) for k in open_)
        shares = {k: left * Fraction(weight[k]) / size for k in open_}
        for k in open_:
            counts[k] += min(int(shares[k]), room[k] - counts[k])
        left = n - sum(counts.values())
        # Largest remainders take the seats that whole shares did not fill.
        for k in sorted(open_, key=lambda k: (-(shares[k] - int(shares[k])), -weight[k])):
            if left and counts[k] < room[k]:
                counts[k] += 1
                left -= 1
    return counts


def _facet_rooms(groups: Mapping[Facet, list[Question]], n: int) -> dict[Facet, list[Question]]:
    """Compatible questions of each facet (greedy); ExamError when ``n`` is more than all."""
    kept = {f: _compatible(sorted(qs, key=_greedy_key)) for f, qs in groups.items()}
    room = {f: len(qs) for f, qs in kept.items()}
    total_room = sum(room.values())
    if n > total_room:
        detail = ", ".join(f"{f.value} {r}" for f, r in room.items())
        raise ExamError(
            f"the bank has only {total_room} questions on distinct facts, {n} were asked "
            f"for ({detail or 'no questions match'})"
        )
    return kept


def proportional_quotas(pool: Sequence[Question], n: int) -> list[Quota]:
    """Split ``n`` over facets in proportion to their questions, within what each can give."""
    groups = _by_facet(pool)
    room = {f: len(qs) for f, qs in _facet_rooms(groups, n).items()}
    counts = _apportion(n, {f: len(qs) for f, qs in groups.items()}, room)
    return [Quota(f, c) for f, c in counts.items() if c]


def fair_quotas(pool: Sequence[Question], n: int, rng: random.Random) -> list[Quota]:
    """Split ``n`` over facets so that every muscle gets an equal share of the paper.

    Proportional to the bank alone, the muscle with the most data (most facets, most
    items) would fill the paper. Here each muscle weighs the same: its share of ``n`` is
    spread over its own facets in proportion to its questions, the facets' quotas are the
    sums of those shares, and each quota says how many of its seats each muscle should
    get (``Quota.spread``). With one muscle this is ``proportional_quotas``.
    """
    groups = _by_facet(pool)
    kept = _facet_rooms(groups, n)
    room = {f: len(qs) for f, qs in kept.items()}
    cells: dict[tuple[str, Facet], list[Question]] = {}
    for f, qs in groups.items():
        for q in qs:
            cells.setdefault((q.muscle, f), []).append(q)
    names = sorted({m for m, _ in cells})
    if len(names) > 1:
        # Equal shares leave remainders that would go to the same muscles on every paper.
        names = rng.sample(names, len(names))
    size = Counter({m: 0 for m in names})
    for (m, _), qs in cells.items():
        size[m] += len(qs)
    # What each muscle can surely give in a facet: its questions on distinct facts that
    # no other muscle's question overlaps. (Two muscles listing the same item id share one
    # fact, asked for one of them, and a group's questions overlap its members' "which
    # group?": planned for both, one would lose its seat. The greedy pass that measured
    # the facet's room gave every shared fact to the muscle first in id order, so muscles
    # whose facts are shared, quadratus femoris among the deep six, had no seats at all.)
    cap, prefer = _fair_capacity(cells, rng)
    weight = {
        f: sum((Fraction(len(cells[m, f]), size[m]) for m in names if (m, f) in cells), Fraction(0))
        for f in groups
    }
    # Each facet's seats within what the preferred set holds there (every seat can then
    # go to a muscle), unless that set is too small for the paper.
    fair_room = Counter({f: 0 for f in groups})
    for (_, f), c in cap.items():
        fair_room[f] += c
    counts = _apportion(n, weight, fair_room)
    if sum(counts.values()) < n:
        counts = _apportion(n, weight, room)
    muscle_room = Counter({m: 0 for m in names})
    for (m, _), c in cap.items():
        muscle_room[m] += c
    seats = _apportion(n, dict.fromkeys(names, 1), muscle_room)
    spread = _spread_seats(cells, cap, size, seats, counts, names)
    _move_free_seats(spread, cap, seats, counts, names)
    return [
        Quota(
            f, c, spread=tuple((m, spread[m, f]) for m in sorted(names) if spread.get((m, f))), prefer=prefer
        )
        for f, c in counts.items()
        if c
    ]


def _fair_capacity(
    cells: Mapping[tuple[str, Facet], list[Question]],
    rng: random.Random,
) -> tuple[Counter[tuple[str, Facet]], frozenset[str]]:
    """How many questions each (muscle, facet) can give on one paper, and the questions
    safe to take (``Quota.prefer``): one set that gives all of that at once, and every
    question that overlaps no other muscle's.

    The set is compatible, built a question at a time for the muscle with the fewest kept
    so far (then the one with the fewest questions, then by id), its unshared facts first:
    a fact two muscles share (one item id, or a group and its members' "which group?")
    goes to the one that needs it. (A pass in id order gave every shared fact to the first
    muscle: quadratus femoris, last of the deep six, had no seats at all.) Item-level facts
    first, spread over kinds, in an order drawn from ``rng``, so other seeds differ.
    """
    queues: dict[str, list[Question]] = {}
    for (m, _), qs in cells.items():
        queues.setdefault(m, []).extend(qs)
    ordered: dict[str, deque[Question]] = {}
    for m in sorted(queues):
        qs = sorted(queues[m], key=lambda q: q.id)
        draw = {q.id: i for i, q in enumerate(rng.sample(qs, len(qs)))}
        ordered[m] = deque(sorted(qs, key=lambda q: (_greedy_key(q)[0], draw[q.id])))
    shared = overlapping_others(q for qs in cells.values() for q in qs)
    kept = _Taken()
    got: Counter[tuple[str, Facet]] = Counter()
    ids: set[str] = set()
    heap = [(0, len(queue), m) for m, queue in ordered.items()]
    heapq.heapify(heap)
    while heap:
        count, size, m = heapq.heappop(heap)
        queue = ordered[m] = deque(q for q in ordered[m] if not kept.clashes(q))
        if not queue:
            continue
        # A fact no other muscle has first (a shared one may be all a group has), then
        # item-level facts (a facet-level one blocks all of them), of the kind the set
        # holds fewest of.
        q = min(queue, key=lambda q: (q.id in shared, _greedy_key(q)[0], kept.kinds[q.kind]))
        queue.remove(q)
        kept.add(q)
        ids.add(q.id)
        got[m, q.facet] += 1
        heapq.heappush(heap, (count + 1, size, m))
    # Safe to take: the set's questions, and any that overlaps no other muscle's in it.
    pool = [q for qs in cells.values() for q in qs]
    risky = overlapping_others(pool, [q for q in pool if q.id in ids])
    return got, frozenset(q.id for q in pool if q.id in ids or q.id not in risky)


def _spread_seats(
    cells: Mapping[tuple[str, Facet], list[Question]],
    cap: Counter[tuple[str, Facet]],
    size: Mapping[str, int],
    seats: Mapping[str, int],
    counts: Mapping[Facet, int],
    names: Sequence[str],
) -> dict[tuple[str, Facet], int]:
    """Seats per (muscle, facet): each muscle's ``seats`` within each facet's ``counts``.

    Greedy, largest shortfall first against the ideal ``seats[m] * (cell size / muscle
    size)``; a heap keeps it O(cells log cells) at atlas scale. Seats that no muscle can
    take stay unassigned (the quota then takes whichever muscles remain).
    """
    ideal = {c: seats[c[0]] * Fraction(len(qs), size[c[0]]) for c, qs in cells.items() if seats[c[0]]}
    order = {m: i for i, m in enumerate(names)}
    facet_order = {f: i for i, f in enumerate(Facet)}
    heap = [(-ideal[c], facet_order[c[1]], order[c[0]], c) for c in cells if cap[c] and seats[c[0]]]
    heapq.heapify(heap)
    given: Counter[tuple[str, Facet]] = Counter()
    per_muscle: Counter[str] = Counter()
    per_facet: Counter[Facet] = Counter()
    while heap:
        _, fo, mo, c = heapq.heappop(heap)
        m, f = c
        if per_muscle[m] >= seats[m] or per_facet[f] >= counts.get(f, 0):
            continue  # full rows and columns never reopen
        given[c] += 1
        per_muscle[m] += 1
        per_facet[f] += 1
        if given[c] < cap[c]:
            heapq.heappush(heap, (-(ideal[c] - given[c]), fo, mo, c))
    while _move_a_seat(given, cap, seats, counts, names):
        pass
    return {c: g for c, g in given.items() if g}


def _move_free_seats(
    spread: dict[tuple[str, Facet], int],
    cap: Counter[tuple[str, Facet]],
    seats: Mapping[str, int],
    counts: dict[Facet, int],
    names: Sequence[str],
) -> None:
    """Seats of a facet that no muscle short of its share can reach (the groups' facet,
    say, once every group has its share) move to a facet where such a muscle has questions
    left: a topic's quota gives way by a seat rather than a muscle going without."""
    per_facet: Counter[Facet] = Counter()
    per_muscle: Counter[str] = Counter()
    for (m, f), g in spread.items():
        per_facet[f] += g
        per_muscle[m] += g
    free = {f: counts[f] - per_facet[f] for f in counts if counts[f] > per_facet[f]}
    for m in names:
        while per_muscle[m] < seats[m] and free:
            room = [
                (cap[m, f] - spread.get((m, f), 0), f) for f in Facet if cap[m, f] > spread.get((m, f), 0)
            ]
            if not room:
                break
            to = max(room, key=lambda r: r[0])[1]
            source = max(sorted(free, key=lambda f: f.value), key=lambda f: free[f])
            free[source] -= 1
            if not free[source]:
                del free[source]
            counts[source] -= 1
            counts[to] = counts.get(to, 0) + 1
            spread[m, to] = spread.get((m, to), 0) + 1
            per_muscle[m] += 1


def _move_a_seat(
    given: Counter[tuple[str, Facet]],
    cap: Counter[tuple[str, Facet]],
    seats: Mapping[str, int],
    counts: Mapping[Facet, int],
    names: Sequence[str],
) -> bool:
    """Give one more seat to a muscle short of its ``seats``, shifting others; False if none can.

    The greedy pass can fill a facet with muscles that had other facets to go to, and so
    strand a muscle whose questions are all in that facet. An augmenting path (breadth
    first, as in max-flow) fixes that: the short muscle takes a seat in a facet, a muscle
    seated there moves to another of its facets, and so on until a facet with a free seat.
    """
    per_muscle: Counter[str] = Counter()
    per_facet: Counter[Facet] = Counter()
    for (m, f), g in given.items():
        per_muscle[m] += g
        per_facet[f] += g
    short = [m for m in names if per_muscle[m] < seats[m]]
    if not short:
        return False
    facets_of: dict[str, list[Facet]] = {}
    muscles_in: dict[Facet, list[str]] = {}
    for m, f in sorted(cap, key=lambda c: (c[1].value, c[0])):
        facets_of.setdefault(m, []).append(f)
        muscles_in.setdefault(f, []).append(m)
    came_from: dict[str, Facet | None] = dict.fromkeys(short)  # muscle: the facet it leaves
    taken_by: dict[Facet, str] = {}  # facet: the muscle that takes a seat in it
    queue = deque(short)
    while queue:
        m = queue.popleft()
        for f in facets_of.get(m, []):
            if f in taken_by or given[m, f] >= cap[m, f]:
                continue
            taken_by[f] = m
            if per_facet[f] < counts.get(f, 0):
                while True:  # walk the path back, moving one seat per step
                    m = taken_by[f]
                    given[m, f] += 1
                    left = came_from[m]
                    if left is None:
                        return True
                    given[m, left] -= 1
                    f = left
            for other in muscles_in[f]:
                if other not in came_from and given[other, f] > 0:
                    came_from[other] = f
                    queue.append(other)
    return False


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
        quotas = fair_quotas(pool, n, rng)
    groups = _by_facet(pool)
    seats: Counter[str] = Counter()
    for quota in quotas:
        seats.update(dict(quota.spread))
    chosen: list[Question] = []
    taken = _Taken()
    for quota in quotas:
        candidates = [q for q in groups.get(quota.facet, []) if quota.kinds is None or q.kind in quota.kinds]
        got = _pick(candidates, taken, quota.count, rng, dict(quota.spread), seats, quota.prefer)
        if got is None:
            have = _capacity(sorted((q for q in candidates if not taken.clashes(q)), key=_greedy_key))
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
