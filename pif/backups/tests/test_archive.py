"""The encrypted file (pif/backups/archive.py): chunks cannot be moved between files."""

import pytest
from cryptography.fernet import Fernet
from django.core.management.base import CommandError

from pif.backups import archive

from .helpers import KEY


def chunks(path):
    """The header (MAGIC and file id) and each length-prefixed token of an encrypted file."""
    data = path.read_bytes()
    start = len(archive.MAGIC) + archive._FILE_ID_BYTES
    header, parts, at = data[:start], [], start
    while at < len(data):
        length = archive._LENGTH.unpack(data[at:at + archive._LENGTH.size])[0]
        end = at + archive._LENGTH.size + length
        parts.append(data[at:end])
        at = end
    return header, parts


def test_chunks_spliced_from_two_backups_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "CHUNK_BYTES", 16)
    fernet = Fernet(KEY)
    for name in ("a", "b"):
        (tmp_path / f"{name}.zip").write_bytes(name.encode() * 40)
        archive.encrypt_file(tmp_path / f"{name}.zip", tmp_path / f"{name}.sealed", fernet)
    header_a, chunks_a = chunks(tmp_path / "a.sealed")
    _header_b, chunks_b = chunks(tmp_path / "b.sealed")
    assert len(chunks_a) == len(chunks_b) == 3
    spliced = tmp_path / "spliced.sealed"
    spliced.write_bytes(header_a + chunks_a[0] + b"".join(chunks_b[1:]))

    with pytest.raises(CommandError, match="is damaged or cut short"):
        archive.decrypt_file(spliced, tmp_path / "out.zip", fernet)
    archive.decrypt_file(tmp_path / "a.sealed", tmp_path / "a.out", fernet)
    assert (tmp_path / "a.out").read_bytes() == b"a" * 40
