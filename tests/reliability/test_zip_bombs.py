"""Issue 9, point 8: zip bombs are refused without being read whole (a memory bound, not a time bound).

Before, a 600 KB bundle with a 512 MB manifest took 1.1 GB of memory before it was refused: every
small member was read whole with `ZipFile.read`. Now the zip header's size is checked first (the
manifest and datapackage are capped at 1 MB, every CSV must be the size the signed datapackage
states) and members are streamed with a read limit. Here the huge members are 64 MB of one repeated
byte (a few hundred KB deflated); tracemalloc's peak during the refused import must stay under 8 MB.
"""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.keys import export_key
from neodesk.models import Database, open_database
from tests.reliability.tampered_bundles import record_counts

HUGE = 64 << 20
PEAK_LIMIT = 8 << 20


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bomb-desk")
    desk = open_database(folder / "desk.sqlite3")
    generate_demo(desk, 3, 5)
    path = export_bundle(desk, folder / "b.zip").path
    export_key(folder / "desk.pem")
    desk.close()
    return path


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "central.sqlite3")
    yield db
    db.close()


def _with_huge_member(src: Path, dst: Path, name: str, size: int = HUGE, fill: bytes = b" ") -> Path:
    """`src` with member `name` replaced by `size` bytes (streamed into the zip, never held whole)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != name:
                zout.writestr(info.filename, zin.read(info.filename))
                continue
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(info, "w") as member:
                chunk = fill * (1 << 20)
                for _ in range(size >> 20):
                    member.write(chunk)
    return dst


def _lie_about_size(path: Path, name: str, declared: int) -> None:
    """Patch the uncompressed size of `name` in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local, directory = zf.getinfo(name).header_offset, zf.start_dir  # type: ignore[attr-defined]
    assert data[local : local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02", directory)
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name.encode():
            struct.pack_into("<I", data, central + 24, declared)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(name).file_size == declared


def _refused_within_memory(central: Database, path: Path, trust: Path) -> str:
    tracemalloc.start()
    try:
        with pytest.raises(BundleRefused) as refused:
            import_bundle(central, path, trust=trust)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < PEAK_LIMIT, f"peak {peak:,} bytes while refusing"
    assert record_counts(central) == (0, 0, 0, 0)
    return str(refused.value)


@pytest.mark.parametrize("member", ["manifest.json", "datapackage.json", "manifest.sig"])
def test_a_huge_compressible_small_member_is_refused_by_its_header(
    bundle: Path, central: Database, tmp_path: Path, member: str
) -> None:
    bomb = _with_huge_member(bundle, tmp_path / "bomb.zip", member)
    assert bomb.stat().st_size < 2 << 20  # a small file that would expand to 64 MB
    message = _refused_within_memory(central, bomb, bundle.parent / "desk.pem")
    assert member in message


def test_a_csv_larger_than_the_signed_datapackage_says_is_refused_before_reading(
    bundle: Path, central: Database, tmp_path: Path
) -> None:
    bomb = _with_huge_member(bundle, tmp_path / "bomb.zip", "client.csv")
    message = _refused_within_memory(central, bomb, bundle.parent / "desk.pem")
    assert "client.csv is not the size the desk signed" in message


@pytest.mark.parametrize("member", ["manifest.json", "client.csv"])
def test_a_zip_header_that_lies_about_the_size_is_not_followed(
    bundle: Path, central: Database, tmp_path: Path, member: str
) -> None:
    # The header claims the size the desk signed (or a small manifest) while the data inflates to 64 MB.
    with zipfile.ZipFile(bundle) as zf:
        real = zf.getinfo(member).file_size
    bomb = _with_huge_member(bundle, tmp_path / "bomb.zip", member)
    _lie_about_size(bomb, member, real)
    _refused_within_memory(central, bomb, bundle.parent / "desk.pem")
