"""Refused bundles: any changed byte, a swapped or unknown key, a removed or added member; nothing written."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select

from neodesk.cli import run
from neodesk.demo import generate_demo
from neodesk.exchange.bundle_export import export_bundle
from neodesk.exchange.bundle_format import member_names
from neodesk.exchange.bundle_import import BundleRefused, import_bundle
from neodesk.exchange.keys import DESK_ID_FILE, export_key, keys_dir, public_pem
from neodesk.models import BundleImport, Client, Database, DeskKey, FundingSource, open_database


@pytest.fixture
def bundle(tmp_path: Path) -> Iterator[Path]:
    desk = open_database(tmp_path / "desk.sqlite3")
    generate_demo(desk, 4, 5)
    path = export_bundle(desk, tmp_path / "b.zip").path
    desk.close()
    return path


@pytest.fixture
def key(tmp_path: Path) -> Path:
    return export_key(tmp_path / "desk.pem")


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "central.sqlite3")
    yield db
    db.close()


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None], add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = change.get(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def _nothing_written(db: Database) -> None:
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Client)) == 0
        assert s.scalar(select(func.count()).select_from(BundleImport)) == 0
        assert s.scalar(select(func.count()).select_from(DeskKey)) == 0


@pytest.mark.parametrize("member", sorted(member_names()))
def test_one_changed_byte_in_any_member_is_refused(
    bundle: Path, key: Path, central: Database, member: str, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as zf:
        original = zf.read(member)
    for at in sorted({0, len(original) // 2, len(original) - 1}):  # first, middle and last byte
        data = bytearray(original)
        data[at] ^= 0x01
        tampered = _rewrite(bundle, tmp_path / f"t{at}.zip", {member: bytes(data)})
        with pytest.raises(BundleRefused):
            import_bundle(central, tampered, trust=key)
        _nothing_written(central)


@pytest.mark.parametrize(
    "change",
    [
        "newline to space",
        "newline to !",
        "prefix *",
        "no newline",
        "two newlines",
        "non-canonical last character",
        "CRLF",
    ],
)
def test_a_signature_text_not_exactly_as_written_is_refused(
    bundle: Path, key: Path, central: Database, change: str, tmp_path: Path
) -> None:
    with zipfile.ZipFile(bundle) as zf:
        sig = zf.read("manifest.sig")
    assert sig.endswith(b"==\n")
    assert len(sig) == 89
    body = sig[:-1]
    alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    # The character before "==" carries 4 unused bits: a lenient decoder gives the same signature.
    last = alphabet.index(body[-3:-2]) ^ 0x01
    tampered = {
        "newline to space": body + b" ",
        "newline to !": body + b"!",
        "prefix *": b"*" + sig,
        "no newline": body,
        "two newlines": sig + b"\n",
        "CRLF": body + b"\r\n",
        "non-canonical last character": body[:-3] + alphabet[last : last + 1] + b"==\n",
    }[change]
    with pytest.raises(BundleRefused, match="signature"):
        import_bundle(central, _rewrite(bundle, tmp_path / "s.zip", {"manifest.sig": tampered}), trust=key)
    _nothing_written(central)


def test_a_damaged_zip_is_refused(bundle: Path, key: Path, central: Database, tmp_path: Path) -> None:
    raw = bytearray(bundle.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    damaged = tmp_path / "d.zip"
    damaged.write_bytes(bytes(raw))
    with pytest.raises(BundleRefused):
        import_bundle(central, damaged, trust=key)
    _nothing_written(central)


@pytest.mark.parametrize("member", ["client.csv", "manifest.sig", "datapackage.json"])
def test_a_removed_member_is_refused(bundle: Path, key: Path, central: Database, member: str, tmp_path: Path) -> None:
    with pytest.raises(BundleRefused, match="missing file"):
        import_bundle(central, _rewrite(bundle, tmp_path / "r.zip", {member: None}), trust=key)
    _nothing_written(central)


def test_an_added_member_is_refused(bundle: Path, key: Path, central: Database, tmp_path: Path) -> None:
    with pytest.raises(BundleRefused, match="extra file"):
        import_bundle(central, _rewrite(bundle, tmp_path / "a.zip", {}, {"extra.csv": b"id\r\n1\r\n"}), trust=key)
    _nothing_written(central)


def test_an_unknown_desk_is_refused(bundle: Path, central: Database) -> None:
    with pytest.raises(BundleRefused, match="not registered"):
        import_bundle(central, bundle)
    _nothing_written(central)


def test_a_swapped_key_is_refused(bundle: Path, central: Database, tmp_path: Path) -> None:
    desk_id = (keys_dir() / DESK_ID_FILE).read_text().strip()
    other = tmp_path / "other.pem"
    other.write_text(f"NeoDesk desk {desk_id}\n{public_pem(Ed25519PrivateKey.generate().public_key())}")
    with pytest.raises(BundleRefused, match="signature"):
        import_bundle(central, bundle, trust=other)
    _nothing_written(central)


def test_a_key_file_of_another_desk_is_refused(bundle: Path, key: Path, central: Database, tmp_path: Path) -> None:
    other = tmp_path / "other.pem"
    pem = key.read_text().split("\n", 1)[1]
    other.write_text(f"NeoDesk desk 00000000-0000-0000-0000-000000000001\n{pem}")
    with pytest.raises(BundleRefused, match="is for desk"):
        import_bundle(central, bundle, trust=other)
    _nothing_written(central)


def test_a_registered_desk_cannot_be_given_another_key(
    bundle: Path, key: Path, central: Database, tmp_path: Path
) -> None:
    import_bundle(central, bundle, trust=key)
    desk_id = (keys_dir() / DESK_ID_FILE).read_text().strip()
    other = tmp_path / "other.pem"
    other.write_text(f"NeoDesk desk {desk_id}\n{public_pem(Ed25519PrivateKey.generate().public_key())}")
    with pytest.raises(BundleRefused, match="another key"):
        import_bundle(central, bundle, trust=other)


def test_cli_end_to_end_and_refusal_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    desk, central = str(tmp_path / "a.sqlite3"), str(tmp_path / "central.sqlite3")
    assert run(["--db", desk, "demo", "--clients", "5"]) == 0
    assert run(["--db", desk, "export", "bundle", "--out", str(tmp_path / "b.zip")]) == 0
    assert run(["--db", desk, "export", "bundle", "--out", str(tmp_path / "none.zip")]) == 0
    assert "Nothing changed" in capsys.readouterr().out
    assert not (tmp_path / "none.zip").exists()
    assert run(["--db", desk, "export", "key", "--out", str(tmp_path / "key.pem")]) == 0
    assert run(["--db", central, "import", "bundle", str(tmp_path / "b.zip")]) == 1
    err = capsys.readouterr().err
    assert "not registered" in err
    assert err.count("\n") == 1
    trust = ["--trust", str(tmp_path / "key.pem")]
    assert run(["--db", central, "import", "bundle", str(tmp_path / "b.zip"), *trust]) == 0
    assert run(["--db", central, "import", "bundle", str(tmp_path / "b.zip")]) == 0
    assert "already imported" in capsys.readouterr().out
    assert run(["--db", desk, "export", "bundle", "--all", "--out", str(tmp_path / "all.zip")]) == 0
    assert (tmp_path / "all.zip").exists()


def test_cli_import_of_a_conflicting_bundle_is_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk_path, central_path = tmp_path / "a.sqlite3", tmp_path / "central.sqlite3"
    desk, central = open_database(desk_path), open_database(central_path)
    with central.unit_of_work() as s:
        s.add(FundingSource(code="XCENTRAL", name="State grant (central)", active=True))
    with desk.unit_of_work() as s:
        s.add(FundingSource(code="XDESK", name="Local grant", active=True))
    generate_demo(desk, 2, 5)
    db, cdb = ["--db", str(desk_path)], ["--db", str(central_path)]
    assert run([*db, "export", "bundle", "--out", str(tmp_path / "b1.zip")]) == 0
    assert run([*db, "export", "key", "--out", str(tmp_path / "key.pem")]) == 0
    assert run([*cdb, "import", "bundle", str(tmp_path / "b1.zip"), "--trust", str(tmp_path / "key.pem")]) == 0
    with desk.unit_of_work() as s:  # a code the central office already gives another funding source
        s.scalars(select(FundingSource).where(FundingSource.code == "XDESK")).one().code = "XCENTRAL"
        s.scalars(select(Client).order_by(Client.client_no)).first().city = "Changed"  # type: ignore[union-attr]
    assert run([*db, "export", "bundle", "--out", str(tmp_path / "b2.zip")]) == 0
    capsys.readouterr()
    assert run([*cdb, "import", "bundle", str(tmp_path / "b2.zip")]) == 1
    captured = capsys.readouterr()
    assert "refused" in captured.err
    assert "conflicts with the data here" in captured.err
    assert captured.err.count("\n") == 1
    with central.reading() as s:
        assert s.scalar(select(func.count()).select_from(BundleImport)) == 1
        assert s.scalar(select(func.count()).select_from(Client).where(Client.city == "Changed")) == 0
        codes = set(s.scalars(select(FundingSource.code)))
        assert {"XDESK", "XCENTRAL"} <= codes
    desk.close()
    central.close()
