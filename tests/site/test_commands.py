"""Management commands: create_user, export_votes, import_images (on the real CMU faces too)."""
from __future__ import annotations

import csv
import io
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import PIL.Image
import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from annotation_site.accounts.models import User
from annotation_site.labeling import services
from annotation_site.labeling.models import Image, Vote
from tests.shared_data import REPO_ROOT, require_shared
from tests.site.conftest import PASSWORD, UserFactory, png_bytes

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def manage(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "annotation_site.settings_test"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


# --- create_user --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["annotator", "admin", "researcher"])
def test_create_user(role):
    out, _ = run("create_user", "alice", "--password", PASSWORD, "--role", role)
    assert out.strip() == f"created {role} alice"
    user = User.objects.get(username="alice")
    assert user.role == role and user.check_password(PASSWORD)
    assert user.is_staff is (role == "admin")


def test_create_user_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="invalid choice: 'boss'"):
        run("create_user", "alice", "--password", PASSWORD, "--role", "boss")
    assert not User.objects.exists()


def test_create_user_refuses_a_duplicate():
    UserFactory(username="alice")
    with pytest.raises(CommandError, match="user 'alice' already exists") as refused:
        run("create_user", "alice", "--password", "another-long-passphrase", "--role", "admin")
    assert refused.value.returncode == 2
    alice = User.objects.get(username="alice")
    assert alice.role == "annotator" and alice.check_password(PASSWORD)


@pytest.mark.parametrize(("password", "reason"), [("Xy7!", "too short"), ("password123", "too common")])
def test_create_user_refuses_a_weak_password(password, reason):
    with pytest.raises(CommandError, match=reason) as refused:
        run("create_user", "alice", "--password", password, "--role", "annotator")
    assert refused.value.returncode == 2
    assert not User.objects.exists()


# --- export_votes ---------------------------------------------------------------------------


def _vote(annotator, label: int) -> Vote:
    lease = services.task_next(annotator=annotator)
    return services.vote_submit(annotator=annotator, image_id=lease.image_id, label=label)


def test_export_votes_writes_every_vote_with_class_names(make_images, tmp_path):
    make_images(2)
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    votes = [_vote(alice, 4), _vote(bob, 7), _vote(alice, 1)]
    out_path = tmp_path / "votes.csv"
    stdout, _ = run("export_votes", str(out_path))
    assert stdout.strip() == f"wrote 3 votes to {out_path}"
    with out_path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["item", "worker", "label", "created_at"]
    names = ["happiness", "neutral", "surprise"]
    expected = [[str(v.image_id), v.annotator.username, name] for v, name in zip(votes, names)]
    assert [row[:3] for row in rows[1:]] == expected
    assert [datetime.fromisoformat(row[3]) for row in rows[1:]] == [v.created_at for v in votes]
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["votes.csv"]


class _FailingVotes:
    """Stands in for the export query: two rows, then the database connection drops."""

    def iterator(self, chunk_size):
        yield from [(1, "alice", 4, datetime(2026, 1, 1)), (2, "bob", 7, datetime(2026, 1, 1))]
        raise OperationalError("server closed the connection unexpectedly")


def test_export_votes_leaves_no_partial_file(monkeypatch, tmp_path):
    monkeypatch.setattr(
        "annotation_site.labeling.management.commands.export_votes.votes_for_export", lambda: _FailingVotes()
    )
    previous = tmp_path / "votes.csv"
    previous.write_text("item,worker,label,created_at\n9,carol,fear,2025-01-01T00:00:00+00:00\n")
    with pytest.raises(CommandError, match="cannot read the votes from the database: server closed") as failed:
        run("export_votes", str(previous))
    assert failed.value.returncode == 2
    assert previous.read_text().endswith("9,carol,fear,2025-01-01T00:00:00+00:00\n")  # untouched
    fresh = tmp_path / "fresh.csv"
    with pytest.raises(CommandError, match="cannot read the votes"):
        run("export_votes", str(fresh))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["votes.csv"]  # no temporary files either


def _unwritable_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    if os.access(folder, os.W_OK):  # root ignores permissions; /sys is read-only to everyone
        return Path("/sys")
    return folder


def test_export_votes_exits_2_when_it_cannot_write(tmp_path):
    with pytest.raises(CommandError, match="does not exist") as missing:
        run("export_votes", str(tmp_path / "no-such-folder" / "votes.csv"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError, match="cannot write") as unwritable:
        run("export_votes", str(_unwritable_folder(tmp_path) / "votes.csv"))
    assert unwritable.value.returncode == 2
    assert "\n" not in str(unwritable.value)


def test_export_votes_on_an_unmigrated_database_exits_2_with_one_line(tmp_path):
    out = tmp_path / "votes.csv"
    result = subprocess.run(
        [sys.executable, "manage.py", "export_votes", str(out)], cwd=REPO_ROOT, capture_output=True, text=True,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "annotation_site.settings_test",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "manage.py migrate" in result.stderr
    assert list(tmp_path.glob("*votes.csv*")) == []


# --- import_images: the real CMU faces --------------------------------------------------------


def _media_files(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


def test_import_the_real_cmu_faces_twice(settings, tmp_path):
    images = require_shared("data", "cmu-faces-crowd", "images")
    settings.MEDIA_ROOT = tmp_path / "media"
    first, _ = run("import_images", str(images), "--source", "cmu/")
    assert first.strip() == "imported 584, duplicates 0, rejected 0"
    assert Image.objects.count() == 584 and len(_media_files(settings.MEDIA_ROOT)) == 584
    one = Image.objects.get(source="cmu/1.png")
    assert (one.width, one.height, one.label_target) == (128, 120, settings.FACECROWD["LABELS_PER_IMAGE"])
    assert one.file.open("rb").read() == (images / "1.png").read_bytes()
    second, _ = run("import_images", str(images))
    assert second.strip() == "imported 0, duplicates 584, rejected 0"
    assert Image.objects.count() == 584 and len(_media_files(settings.MEDIA_ROOT)) == 584


# --- import_images: bad files ---------------------------------------------------------------


def _noise(fmt: str, size: tuple[int, int]) -> bytes:
    rng = random.Random(size[0])
    image = PIL.Image.frombytes("L", size, bytes(rng.randrange(256) for _ in range(size[0] * size[1])))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _bad_files() -> dict[str, tuple[bytes, str]]:
    """name -> (content, words the one-line reason must contain), under a 60 kB / 1 Mpx limit."""
    png, jpeg = _noise("PNG", (120, 120)), _noise("JPEG", (120, 120))
    gif = io.BytesIO()
    PIL.Image.new("L", (8, 8)).save(gif, format="GIF")
    return {
        "notes.txt": (b"these are not the faces you are looking for\n", "not an image"),
        "empty.png": (b"", "empty file"),
        "cut.png": (png[: len(png) // 2], "truncated"),
        "cut.jpg": (jpeg[: len(jpeg) // 2], "truncated"),
        "bomb.png": (_png_claiming(100_000, 100_000), "decompression bomb"),
        "wide.png": (png_bytes(7, size=1100), "over the limit of 1000000"),  # 1.21 Mpx, only 5 kB
        "huge.png": (_noise("PNG", (300, 300)), "over the limit of 60000"),
        "anim.gif": (gif.getvalue(), "format GIF is not accepted"),
    }


def _write_folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("container", ["folder", "zip"])
def test_import_rejects_each_bad_file_with_a_reason_and_stores_nothing(settings, tmp_path, container):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FACECROWD = {**settings.FACECROWD, "MAX_IMAGE_BYTES": 60_000, "MAX_IMAGE_PIXELS": 1_000_000}
    bad = _bad_files()
    files = {"faces/good.png": png_bytes(1), **{f"faces/{name}": data for name, (data, _) in bad.items()}}
    if container == "folder":
        path = _write_folder(tmp_path / "upload", files)
    else:
        path = _write_zip(tmp_path / "upload.zip", files)
    out, err = run("import_images", str(path))
    assert out.strip() == f"imported 1, duplicates 0, rejected {len(bad)}"
    reasons = dict(line.removeprefix("rejected ").split(": ", 1) for line in err.splitlines())
    assert len(err.splitlines()) == len(bad)  # one line each
    for name, (_, words) in bad.items():
        assert words in reasons[f"faces/{name}"], (name, reasons.get(f"faces/{name}"))
    assert list(Image.objects.values_list("source", flat=True)) == ["faces/good.png"]
    assert len(_media_files(settings.MEDIA_ROOT)) == 1


def _damaged_zip(path: Path) -> Path:
    """a.png's compressed bytes overwritten, b.png intact."""
    _write_zip(path, {"a.png": _noise("PNG", (64, 64)), "b.png": png_bytes(2)})
    blob = bytearray(path.read_bytes())
    start = blob.index(b"a.png") + len(b"a.png") + 40
    blob[start : start + 8] = bytes(8)
    return path.write_bytes(bytes(blob)) and path


def _lying_zip(path: Path) -> Path:
    """a.png's headers claim 100 bytes; it inflates to 2 MB (a zip bomb's trick), b.png intact."""
    _write_zip(path, {"a.png": _png_claiming(64, 64) + bytes(2_000_000), "b.png": png_bytes(2)})
    blob = bytearray(path.read_bytes())
    local, central = blob.index(b"PK\x03\x04"), blob.index(b"PK\x01\x02")
    blob[local + 22 : local + 26] = blob[central + 24 : central + 28] = struct.pack("<I", 100)
    return path.write_bytes(bytes(blob)) and path


@pytest.mark.parametrize("make_zip", [_damaged_zip, _lying_zip])
def test_import_rejects_a_bad_zip_member_and_goes_on(settings, tmp_path, make_zip):
    settings.MEDIA_ROOT = tmp_path / "media"
    out, err = run("import_images", str(make_zip(tmp_path / "upload.zip")))
    assert out.strip() == "imported 1, duplicates 0, rejected 1"
    assert err.startswith("rejected a.png: unreadable zip member") and len(err.strip().splitlines()) == 1
    assert list(Image.objects.values_list("source", flat=True)) == ["b.png"]
    assert len(_media_files(settings.MEDIA_ROOT)) == 1


def test_import_never_reads_an_oversized_file_into_memory(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = tmp_path / "upload"
    folder.mkdir()
    with (folder / "video.png").open("wb") as handle:
        handle.truncate(settings.FACECROWD["MAX_IMAGE_BYTES"] + 1)  # sparse: costs no disk
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or original(self))
    out, err = run("import_images", str(folder))
    assert out.strip() == "imported 0, duplicates 0, rejected 1"
    assert "over the limit" in err and read == []


def test_import_refuses_a_path_that_is_not_a_folder_or_zip(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    single = tmp_path / "face.png"
    single.write_bytes(png_bytes(3))
    with pytest.raises(CommandError, match="neither a folder nor a .zip") as refused:
        run("import_images", str(single))
    assert refused.value.returncode == 2
    broken = _write_zip(tmp_path / "broken.zip", {"a.png": png_bytes(4)})
    broken.write_bytes(broken.read_bytes().replace(b"PK\x01\x02", b"XX\x01\x02"))  # central directory
    with pytest.raises(CommandError, match="damaged .zip archive") as damaged:
        run("import_images", str(broken))
    assert damaged.value.returncode == 2
    assert not Image.objects.exists()


def test_import_of_a_missing_path_exits_2_with_one_line(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(CommandError, match="does not exist") as refused:
        run("import_images", str(missing))
    assert refused.value.returncode == 2
    process = manage("import_images", str(missing))  # as a shell user sees it
    assert process.returncode == 2
    assert process.stderr.strip() == f"CommandError: {missing} does not exist"
    assert process.stdout == ""
