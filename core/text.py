"""Text helpers: normalisation for search (case, accents, French word forms), the rich-text allowlist, and
CSV cells that a spreadsheet cannot run as formulas."""

import html
import re
import unicodedata
from functools import lru_cache

import nh3
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
    for word in search_words(text):
        seen.setdefault(stem(word), None)
    return list(seen)


def search_words(text: str) -> list[str]:
    """The words of ``text`` without case or accents, in order: « Pâtes fraîches » gives pates, fraiches."""
    return _WORD.findall(unaccent(text or ""))


_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def edits_one(word: str) -> set[str]:
    """Every word one typo away from ``word`` (Damerau-Levenshtein distance 1): a letter replaced, added or
    removed, or two neighbours swapped; over the letters and digits search keeps (see ``search_words``)."""
    splits = [(word[:index], word[index:]) for index in range(len(word) + 1)]
    removed = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    replaced = {left + letter + right[1:] for left, right in splits if right for letter in _LETTERS}
    added = {left + letter + right for left, right in splits for letter in _LETTERS}
    return (removed | swapped | replaced | added) - {word}


def search_document(*parts: str) -> str:
    """A space-delimited string of stems, so that ``LIKE '% stem%'`` matches a word's beginning."""
    terms = search_terms(" ".join(part for part in parts if part))
    return f" {' '.join(terms)} " if terms else ""


# Rich text (product, merchant and category descriptions): what a shop's presentation needs and nothing that runs,
# loads or restyles anything. No images: an <img> is how a description would track its readers or call a script.
RICH_TEXT_TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "blockquote"})
RICH_TEXT_ATTRIBUTES = {"a": {"href", "title"}}
RICH_TEXT_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def html_sanitise(markup: str | None) -> str:
    """The HTML cut down to the rich-text allowlist: scripts and styles go with their content, other tags and
    every attribute but a link's href and title are dropped, links get rel="noopener noreferrer nofollow"."""
    if not markup:
        return ""
    return nh3.clean(
        markup,
        tags=set(RICH_TEXT_TAGS),
        attributes={tag: set(names) for tag, names in RICH_TEXT_ATTRIBUTES.items()},
        url_schemes=set(RICH_TEXT_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def html_text(markup: str | None) -> str:
    """The words of some HTML, without tags or entities: what search indexes of a description."""
    if not markup:
        return ""
    return html.unescape(nh3.clean(markup, tags=set()))


# A spreadsheet runs a cell starting with one of these as a formula (OWASP's "CSV injection"); the quotes before
# them are part of the match so that csv_cell_restore undoes csv_cell_neutralise exactly, whatever the text.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")


def csv_cell_neutralise(value: str) -> str:
    """A CSV cell shown as text by a spreadsheet: a ' before a value starting with =, +, -, @, a tab or a CR."""
    return f"'{value}" if _FORMULA_START.match(value) else value


def csv_cell_restore(cell: str) -> str:
    """The value csv_cell_neutralise was given: its ' removed."""
    return cell[1:] if cell.startswith("'") and _FORMULA_START.match(cell, 1) else cell


def is_ascii_number(value: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts « ² » or Arabic-Indic digits, which ``int`` then refuses or reads."""
    return bool(value) and value.isascii() and value.isdigit()
