"""One exam per folder: written whole under its name with a manifest, never a mix of two runs."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizzer.cli import cli
from quizzer.export import exam_folder
from tests import smalldisk

MINI = Path(__file__).resolve().parents[1] / "data" / "mini.yaml"

# Command plumbing: the bundled decks' content does not matter, eight stand in for the atlas.
pytestmark = pytest.mark.usefixtures("eight_bundled")


def _exam(out: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["exam", str(MINI), "-n", "8", *args, "-o", str(out)])
    return result.exit_code, result.stdout, result.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_one_run(folder: Path) -> dict[str, object]:
    """Every file in ``folder`` is listed in its manifest with its exact bytes, and no other."""
    files = _files(folder)
    manifest = json.loads(files.pop("manifest.json"))
    assert manifest["made_by"] == "quizzer exam"
    assert set(files) == set(manifest["files"])
    for name, data in files.items():
        assert manifest["files"][name] == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}, (
            name
        )
    run = manifest["run"]
    assert isinstance(run, dict)
    return run


def test_the_manifest_names_the_run_and_every_file(tmp_path: Path) -> None:
    code, out, err = _exam(tmp_path / "exam", "--seed", "4", "--versions", "2", "--format", "html,csv")
    assert code == 0, err
    run = _assert_one_run(tmp_path / "exam")
    assert run["seed"] == 4 and run["versions"] == ["A", "B"] and run["count"] == 8
    assert run["formats"] == ["html", "csv"] and run["decks"] == ["mini"]
    assert isinstance(run["deck_files"], dict)
    assert set(run["deck_files"]) >= {"mini", "gluteus-minimus"}  # every deck gives options
    assert out.splitlines()[-1] == f"  {tmp_path / 'exam' / 'manifest.json'}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]  # nothing left beside it


def test_a_rerun_of_the_same_exam_replaces_it_byte_for_byte(tmp_path: Path) -> None:
    assert _exam(tmp_path / "exam", "--versions", "2")[0] == 0
    before = _files(tmp_path / "exam")
    code, out, err = _exam(tmp_path / "exam", "--versions", "2")
    assert code == 0, err and "replaced" not in out
    assert _files(tmp_path / "exam") == before


def test_a_rerun_with_fewer_versions_is_refused_then_leaves_no_file_of_the_old_run(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    assert _exam(folder, "--versions", "3")[0] == 0
    before = _files(folder)
    code, _, err = _exam(folder, "--versions", "2")
    assert code == 1
    assert err == (
        f"quizzer: {folder} holds another exam (it differs in versions); pass "
        "--replace to replace it whole (its papers and keys go), or choose another "
        "folder with -o\n"
    )
    assert _files(folder) == before
    code, out, err = _exam(folder, "--versions", "2", "--replace")
    assert code == 0, err
    assert "(the earlier exam in the folder was replaced)" in out
    run = _assert_one_run(folder)
    assert run["versions"] == ["A", "B"]
    assert not [name for name in _files(folder) if name.startswith("exam-C")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]


def test_a_changed_deck_makes_another_exam(tmp_path: Path) -> None:
    deck = tmp_path / "mini.yaml"
    deck.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "exam"
    assert CliRunner().invoke(cli, ["exam", str(deck), "-n", "4", "-o", str(folder)]).exit_code == 0
    deck.write_text(
        MINI.read_text(encoding="utf-8").replace("Abducts the hip", "Abducts hip"), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["exam", str(deck), "-n", "4", "-o", str(folder)])
    assert result.exit_code == 1 and "it differs in the decks' contents" in result.stderr


def test_a_folder_of_other_files_is_never_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "letter.txt").write_text("mine", encoding="utf-8")
    for extra in ([], ["--replace"]):
        code, _, err = _exam(folder, *extra)
        assert code == 1
        assert err == (
            f"quizzer: {folder} holds files that are not a Quizzer exam (e.g. "
            "letter.txt); an exam gets a folder of its own: choose a new or empty "
            "folder with -o\n"
        )
    assert _files(folder) == {"letter.txt": b"mine"}


def test_a_file_added_to_an_exam_folder_is_not_thrown_away(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    assert _exam(folder)[0] == 0
    (folder / "grades.xlsx").write_bytes(b"marks")
    code, _, err = _exam(folder, "--seed", "3", "--replace")
    assert code == 1 and "holds files that are not part of its exam (e.g. grades.xlsx)" in err
    assert (folder / "grades.xlsx").read_bytes() == b"marks"


def test_an_exam_from_before_manifests_is_replaced_only_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    folder.mkdir()
    for name in ("exam-A-paper.html", "exam-A-key.html", "exam-B.csv", "exam-versions.csv"):
        (folder / name).write_text("old", encoding="utf-8")
    code, _, err = _exam(folder)
    assert code == 1 and "holds an exam written by an earlier Quizzer (no manifest)" in err
    assert _exam(folder, "--replace")[0] == 0
    assert "exam-B.csv" not in _files(folder)
    _assert_one_run(folder)


def test_an_empty_folder_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    folder.mkdir()
    assert _exam(folder)[0] == 0
    _assert_one_run(folder)


def test_the_current_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _exam(Path("."))
    assert code == 1 and "name a folder for it (e.g. -o exam)" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failure_half_way_leaves_the_old_exam_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "exam"
    assert _exam(folder, "--versions", "2")[0] == 0
    before = _files(folder)
    real_write = exam_folder._write
    written: list[Path] = []

    def fail_on_the_fifth(target: Path, text: bytes) -> None:
        if len(written) == 4:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        written.append(target)
        real_write(target, text)

    monkeypatch.setattr(exam_folder, "_write", fail_on_the_fifth)
    code, _, err = _exam(folder, "--versions", "3", "--replace")
    assert code == 1
    assert err.startswith(f"quizzer: cannot write {folder}/exam-A")
    assert err.endswith(f": the disk is full; {folder} was left as it was\n")
    assert _files(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]


def test_a_run_killed_between_its_two_renames_is_put_right_by_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    assert _exam(folder, "--versions", "2")[0] == 0
    before = _files(folder)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    pid = int(dead.stdout)
    # The state a kill leaves after "folder → aside" and before "new → folder".
    os.rename(folder, tmp_path / f".exam.quizzer-old-{pid}")
    (tmp_path / f".exam.quizzer-tmp-{pid}").mkdir()
    (tmp_path / f".exam.quizzer-tmp-{pid}" / "exam-A.csv").write_text("half", encoding="utf-8")
    code, _, err = _exam(folder, "--versions", "3")
    assert code == 1 and "differs in versions" in err  # the old exam is back and protected
    assert _files(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exam"]


@pytest.mark.slow
def test_killed_at_any_moment_the_folder_holds_one_whole_run(tmp_path: Path) -> None:
    folder = tmp_path / "exam"
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    rng = random.Random(5)
    started = time.monotonic()
    command = [sys.executable, "-m", "quizzer", "exam", str(MINI), "-n", "12", "-o", str(folder), "--replace"]
    subprocess.run([*command, "--versions", "1"], env=env, check=True, capture_output=True)
    one_run = time.monotonic() - started
    seen: set[int] = set()
    for attempt in range(8):
        versions = 1 + attempt % 4
        proc = subprocess.Popen(
            [*command, "--versions", str(versions)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Early, mid-write and late kills alike: a run's start is mostly imports.
        time.sleep(rng.uniform(0.3, 1.6) * one_run)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if folder.exists():  # it may be aside, between the two renames: the next run restores it
            seen.add(len(_assert_one_run(folder)["versions"]))  # type: ignore[arg-type]
    done = subprocess.run([*command, "--versions", "2"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _assert_one_run(folder)["versions"] == ["A", "B"]
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no leftovers
    assert len(seen) >= 2  # kills landed both before and after some runs finished


@smalldisk.needs_small_disk()
def test_a_full_disk_leaves_the_old_exam_and_says_the_disk_is_full(tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert _exam(first / "exam", "--versions", "1", "--format", "csv")[0] == 0
    env = {**os.environ, "QUIZZER_HOME": str(tmp_path / "home")}
    results, after = smalldisk.on_small_disk(
        tmp_path / "small",
        kib=256,
        before=first,
        fill_to_kib=40,
        env=env,
        commands=[
            [
                sys.executable,
                "-m",
                "quizzer",
                "exam",
                str(MINI),
                "-n",
                "12",
                "--versions",
                "4",
                "-o",
                "exam",
                "--replace",
            ]
        ],
    )
    (ran,) = results
    assert ran.code == 1, ran
    assert ran.stderr.startswith("quizzer: cannot write exam/")
    assert ran.stderr.endswith(": the disk is full; exam was left as it was\n")
    assert "Traceback" not in ran.stderr
    assert _files(after / "exam") == _files(first / "exam")
    assert sorted(p.name for p in after.iterdir()) == ["exam"]


def test_files_hold_no_control_or_bidi_characters(tmp_path: Path) -> None:
    # The loader refuses them in decks; text from anywhere else must still come out inert.
    folder = tmp_path / "exam"
    exam_folder.write_exam_folder(folder, {"exam-A.csv": "a,b\r\nx\x1b[2J\u202ey,\x9b1\tz\r\n"}, {"seed": 0})
    assert (folder / "exam-A.csv").read_bytes() == b"a,b\r\nx[2Jy,1\tz\r\n"
    _assert_one_run(folder)
