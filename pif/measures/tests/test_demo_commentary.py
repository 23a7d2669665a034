"""The demo's commentary sentences are keyed by the status vocabulary (ADR 0011)."""

from pif.measures.demo import commentary
from pif.spc.vocabulary import Rag, Variation


def test_every_variation_has_a_sentence_keyed_by_the_vocabulary():
    assert list(commentary.VARIATION_SENTENCES) == list(Variation)
    assert all(type(key) is Variation for key in commentary.VARIATION_SENTENCES)


def test_every_rag_has_a_verdict_keyed_by_the_vocabulary():
    assert list(commentary.RAG_VERDICTS) == list(Rag)
    assert all(type(key) is Rag for key in commentary.RAG_VERDICTS)
