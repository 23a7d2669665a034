"""Decode uploaded text files (mainly CSV) whatever tool saved them.

Files reach PIF from Excel, LibreOffice and reporting systems. Most are UTF-8,
sometimes with a byte order mark (Excel's "CSV UTF-8"); older Windows tools
write Windows-1252 (cp1252), where "£" is the single byte 0xA3.

The order is:

1. a UTF-16 byte order mark: UTF-16, as Excel's "Unicode Text" saves;
2. UTF-8, with or without a byte order mark, which is removed;
3. otherwise Windows-1252. Five byte values (0x81, 0x8D, 0x8F, 0x90 and
   0x9D) mean nothing in Windows-1252, so Python's decoder fails on them.
   Only those bytes fall back to Latin-1, becoming the invisible control
   characters U+0081 and so on, as web browsers do. Falling back for the
   whole file instead would turn every curly quote and dash (0x91 to 0x97)
   into control characters because of one stray byte.

Apart from the UTF-16 case, decoding never fails: a wrongly guessed
encoding shows as odd characters that a person can see and fix.
"""

from __future__ import annotations

import codecs

__all__ = ["TextEncodingError", "decode_upload"]


class TextEncodingError(ValueError):
    """An upload could not be decoded; the message is fit to show to users."""


_ERROR_HANDLER = "pif-latin-1-for-undefined-cp1252"


def _latin_1_for_undefined_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    undecodable = error.object[error.start : error.end]
    return undecodable.decode("latin-1"), error.end


codecs.register_error(_ERROR_HANDLER, _latin_1_for_undefined_bytes)


def decode_upload(data: bytes) -> str:
    """Decode an uploaded file's bytes to text (see the module notes for the order tried)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"decode_upload needs bytes, not {type(data).__name__}")
    data = bytes(data)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")  # reads and removes the byte order mark
        except UnicodeDecodeError as error:
            raise TextEncodingError(
                "The file starts with a UTF-16 marker but is not valid UTF-16 "
                f"(byte {error.start} is wrong). Save it again as CSV UTF-8 and upload that"
            ) from None
    try:
        return data.decode("utf-8-sig")  # removes a byte order mark if there is one
    except UnicodeDecodeError:
        pass
    if data.startswith(codecs.BOM_UTF8):
        # Marked as UTF-8 but not all UTF-8: drop the mark rather than show it as "ï»¿".
        data = data[len(codecs.BOM_UTF8) :]
    return data.decode("cp1252", errors=_ERROR_HANDLER)
