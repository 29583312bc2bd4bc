from core.text import search_document, search_terms, unaccent


def test_unaccent_lowers_and_strips_accents_and_ligatures():
    assert unaccent("Pâtes FRAÎCHES aux Œufs") == "pates fraiches aux oeufs"


def test_word_forms_share_a_stem():
    assert search_terms("pates fraiches") == search_terms("Pâtes fraîches")
    assert search_terms("fromages") == search_terms("fromage")
    assert search_terms("légume") == search_terms("Légumes")


def test_search_document_is_space_delimited_for_word_prefix_matching():
    document = search_document("Pâtes fraîches", "aux œufs")
    assert document.startswith(" ") and document.endswith(" ")
    assert " pat" in document and " fraich" in document and " oeuf" in document


def test_empty_text_gives_empty_document():
    assert search_document("", None) == ""
