"""Text normalisation for search: case, accents and French word forms."""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_WORD = re.compile(r"[a-z0-9]+")
_stemmer = snowballstemmer.stemmer("french")


def unaccent(text: str) -> str:
    """Lower-cases and strips accents: « Pâtes fraîches » becomes « pates fraiches »."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def search_terms(text: str) -> list[str]:
    """The stems of the words in ``text``, in order, without duplicates."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(unaccent(text or "")):
        seen.setdefault(stem(word), None)
    return list(seen)


def search_document(*parts: str) -> str:
    """A space-delimited string of stems, so that ``LIKE '% stem%'`` matches a word's beginning."""
    terms = search_terms(" ".join(part for part in parts if part))
    return f" {' '.join(terms)} " if terms else ""
