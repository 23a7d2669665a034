import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pif.lib.text_encoding import TextEncodingError, decode_upload

POUND_CSV = "Area,Spend\nLeeds,£1,234\n"


def test_it_reads_a_pound_sign_in_utf_8():
    assert "£".encode() == b"\xc2\xa3"
    assert decode_upload(POUND_CSV.encode("utf-8")) == POUND_CSV


def test_it_reads_utf_8_with_a_byte_order_mark_and_removes_the_mark():
    data = codecs.BOM_UTF8 + POUND_CSV.encode("utf-8")
    assert decode_upload(data) == POUND_CSV


def test_it_reads_a_pound_sign_in_windows_1252():
    assert "£".encode("cp1252") == b"\xa3"
    assert decode_upload(POUND_CSV.encode("cp1252")) == POUND_CSV


def test_it_reads_curly_quotes_and_dashes_from_windows_1252():
    text = "\u201cQ1\u201d \u2013 \u2018note\u2019 \u20ac5"
    assert decode_upload(text.encode("cp1252")) == text


def test_bytes_undefined_in_windows_1252_fall_back_to_latin_1_one_by_one():
    # 0x81 means nothing in Windows-1252; the curly quotes around it must survive.
    data = b"\x93quoted\x94 \x81 \xa3"
    assert decode_upload(data) == "\u201cquoted\u201d \x81 £"


@pytest.mark.parametrize("byte", [0x81, 0x8D, 0x8F, 0x90, 0x9D])
def test_every_undefined_windows_1252_byte_decodes_as_its_latin_1_character(byte):
    assert decode_upload(bytes([byte])) == chr(byte)


def test_a_file_marked_as_utf_8_that_is_not_keeps_no_stray_mark():
    data = codecs.BOM_UTF8 + "£5".encode("cp1252")
    assert decode_upload(data) == "£5"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_it_reads_utf_16_with_a_byte_order_mark_as_excel_unicode_text_saves(encoding):
    bom = {"utf-16": b"", "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    data = bom[encoding] + POUND_CSV.encode(encoding)
    assert decode_upload(data) == POUND_CSV


def test_it_explains_a_file_marked_as_utf_16_that_is_not():
    with pytest.raises(TextEncodingError, match="starts with a UTF-16 marker but is not valid"):
        decode_upload(codecs.BOM_UTF16_LE + b"\x00\xd8")


def test_it_reads_an_empty_file_as_empty_text():
    assert decode_upload(b"") == ""
    assert decode_upload(codecs.BOM_UTF8) == ""


def test_it_accepts_bytearrays_and_memoryviews():
    data = POUND_CSV.encode()
    assert decode_upload(bytearray(data)) == POUND_CSV
    assert decode_upload(memoryview(data)) == POUND_CSV


def test_it_refuses_text_that_is_already_decoded():
    with pytest.raises(TypeError, match="needs bytes, not str"):
        decode_upload("£5")  # type: ignore[arg-type]


def test_text_encoding_errors_are_value_errors():
    assert issubclass(TextEncodingError, ValueError)


@given(st.text())
def test_any_text_round_trips_through_utf_8(text):
    # A leading U+FEFF is indistinguishable from a byte order mark, so it is removed.
    assert decode_upload(text.encode("utf-8")) == text.removeprefix("\ufeff")


@given(st.text())
def test_any_text_round_trips_through_utf_8_with_a_byte_order_mark(text):
    assert decode_upload(codecs.BOM_UTF8 + text.encode("utf-8")) == text


@given(st.binary())
def test_any_bytes_decode_without_error(data):
    try:
        decode_upload(data)
    except TextEncodingError:
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


@given(st.text(alphabet=st.characters(codec="cp1252")))
def test_windows_1252_text_round_trips_when_it_is_not_also_valid_utf_8(text):
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        assert decode_upload(data) == text
