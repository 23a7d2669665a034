from pif.lib.text_width import text_width, wrap_to_width


def test_wider_letters_measure_wider():
    assert text_width("WWW", 13) > text_width("iii", 13) * 3
    assert text_width("abc", 26) == text_width("abc", 13) * 2


def test_wrapping_keeps_every_word_and_each_line_fits():
    text = "Children and young people in Loch Arden grow up loved, safe and respected"
    lines = wrap_to_width(text, 120, 13)
    assert " ".join(lines) == text
    assert len(lines) > 1
    assert all(text_width(line, 13) <= 120 for line in lines)


def test_a_word_longer_than_the_line_is_broken_not_cut():
    lines = wrap_to_width("Supercalifragilisticexpialidocious", 60, 13)
    assert "".join(lines) == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, 13) <= 60 for line in lines)


def test_a_word_that_fits_on_its_own_line_is_not_broken():
    assert wrap_to_width("a enormously", 75, 13) == ["a", "enormously"]


def test_empty_text_is_one_empty_line():
    assert wrap_to_width("", 100, 13) == [""]
