"""Words for text similarity: Finnish-aware lemmas and compound parts, Swedish and English too.

Finnish inflects and compounds heavily: *betonituoteyhteenliittymäselvitys* should meet *betonituote*
and *selvitys*, *ilmastohankkeiden* should meet *ilmasto* and *hanke*. An :class:`Analyser` turns a
text into *terms*: each word's lemma and, for a compound, the lemmas of its parts. Word-level TF-IDF
or BM25 over those terms (:mod:`queries.text_similarity`) then compares texts.

Analysers, best first (:data:`ANALYSERS`); :func:`load_analyser` takes the first that loads and says
why it skipped the others:

- ``voikko``: the Finnish morphological analyser (Debian ``libvoikko1`` + ``voikko-fi``, PyPI
  ``libvoikko``): the lemma and the compound structure from a dictionary. Optional: installing it
  needs root. Words it does not know go through ``simplemma``.
- ``simplemma``: pure Python, ships Finnish, Swedish and English dictionaries. Each word is looked up in
  Finnish, then Swedish, then English (a cheap per-word language detection); an unknown Finnish word
  gets simplemma's rule-based lemma. Compounds are split where both ends are dictionary words (an
  earlier part may be a genitive or the *-s* form of a *-nen* word: *kansainvälistymis|hanke*; the
  last part of a word the dictionary lacks may be inflected: *teknologiateollisuus|alojen*).
- ``snowball``: Snowball stemmers (PyPI ``snowballstemmer``), the language chosen per text by its
  stop words; no compound splitting.
- ``plain``: lower-case words as they are (always available).
- ``ngram``: character 3-5-grams of words (the analyser before lemmas; kept to compare against).

Examples
--------
>>> analyser = load_analyser("simplemma")
>>> analyser.name
'simplemma'
>>> sorted(set(analyser.terms("betonituoteyhteenliittymäselvitys")) & set(analyser.terms("Betonituote ja selvitys")))
['betoni', 'selvitys', 'tuote']
>>> analyser.terms("Kiertotalouden yrityksiä kouluissa")
['kiertotalous', 'kierto', 'talous', 'yritys', 'koulu']
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Analyser", "load_analyser", "words", "ANALYSERS", "STOP_WORDS", "MAX_TEXT_CHARS"]

#: Analysers from best to simplest; :func:`load_analyser` falls back along this order.
ANALYSERS = ("voikko", "simplemma", "snowball", "plain")
#: Text longer than this is cut (a 1 MB paste would otherwise take seconds to analyse).
MAX_TEXT_CHARS = 20_000
_NON_WORD = re.compile(r"[\W\d_]+", re.UNICODE)
#: Function words and words every project text has (lemmas too), in fi, sv and en.
STOP_WORDS = frozenset("""
ja sekä tai on ovat oli olla ei että joka jotka jonka mikä kuin myös sen sitä siitä se ne niiden tämä tämän
nämä hanke hankkeen hankkeessa hankkeet kanssa osaksi yhdessä uusia uusi eri
och eller är som att det den de ett en för med till från av på projekt projektet
and or the a an of to in for on with by from is are was were this that these it its as at be
project projects new
""".split())
_MIN_PART = 4   # the last part of a compound has at least this many letters
_MIN_HEAD = 3   # an earlier part at least this many
_SHORT_TAIL, _LONG_HEAD = 3, 5  # a last part of three letters (työ, tie, ala) only after a longer head
_SPLIT_FROM = 8  # words shorter than this are not split


def words(text: str) -> list[str]:
    """Lower-case words of at least three letters, no stop words; text cut at :data:`MAX_TEXT_CHARS`.

    >>> words("Hiilineutraali Rovaniemi 2030 – ilmasto-ohjelma ja the climate!")
    ['hiilineutraali', 'rovaniemi', 'ilmasto', 'ohjelma', 'climate']
    """
    return [w for w in _NON_WORD.sub(" ", text[:MAX_TEXT_CHARS].lower()).split() if len(w) >= 3 and w not in STOP_WORDS]


@dataclass
class Analyser:
    """Turns texts into terms (lemmas and compound parts); ``name`` says which analyser it is and
    ``notes`` why better ones could not be loaded."""

    name: str
    word_terms: Callable[[str], tuple[str, ...]] = field(repr=False)
    notes: list[str] = field(default_factory=list)
    _last: tuple[str, frozenset[str]] | None = field(default=None, repr=False, compare=False)

    def terms(self, text: str) -> list[str]:
        """The terms of ``text`` in order, each word's lemma first, then its compound parts."""
        out: list[str] = []
        for word in words(text):
            out += [t for t in self.word_terms(word) if t not in STOP_WORDS]
        return out

    __call__ = terms  # an analyser is the ``analyzer`` callable of a scikit-learn vectoriser

    def _terms_of(self, text: str) -> frozenset[str]:
        """The terms of ``text`` as a set, remembered for the last text (one query explains ten results)."""
        if self._last is None or self._last[0] is not text:
            self._last = (text, frozenset(self.terms(text)))
        return self._last[1]

    def word_matches(self, text: str, other: str, limit: int = 6) -> list[str]:
        """Words of ``other`` (as written there) that share a term with ``text``, in ``other``'s order.

        >>> load_analyser("simplemma").word_matches("ilmastotyö", "Ilmaston muutos ja ilmastohankkeet")
        ['ilmaston', 'ilmastohankkeet']
        """
        mine = self._terms_of(text)
        found: list[str] = []
        for word in words(other):
            if word not in found and mine.intersection(self.word_terms(word)):
                found.append(word)
        return found[:limit]


def load_analyser(preferred: str | None = None) -> Analyser:
    """The best analyser that loads, starting at ``preferred`` (default: the best of :data:`ANALYSERS`).

    Each analyser that fails to load leaves a note and the next one is tried; ``plain`` always loads.
    ``"ngram"`` gives the character n-gram analyser.

    >>> load_analyser("plain").terms("Ilmastohankkeiden kouluissa")
    ['ilmastohankkeiden', 'kouluissa']
    >>> load_analyser("nonsense")
    Traceback (most recent call last):
    ...
    ValueError: unknown analyser 'nonsense'; use one of voikko, simplemma, snowball, plain, ngram
    """
    if preferred is not None and preferred not in (*ANALYSERS, "ngram"):
        raise ValueError(f"unknown analyser {preferred!r}; use one of {', '.join(ANALYSERS)}, ngram")
    return _load(preferred)


@lru_cache(maxsize=None)
def _load(preferred: str | None) -> Analyser:
    """One analyser per choice per process: the dictionaries take seconds to load."""
    if preferred == "ngram":
        return Analyser("ngram", _ngrams)
    if preferred is None:
        return _load(ANALYSERS[0])
    notes: list[str] = []
    for name in ANALYSERS[ANALYSERS.index(preferred) if preferred else 0:]:
        try:
            return Analyser(name, _LOADERS[name](), notes)
        except (ImportError, OSError, RuntimeError) as error:
            notes.append(f"{name} not available ({error}); using the next analyser")
    raise AssertionError("plain always loads")  # pragma: no cover


# -- the analysers -----------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 17)
def _ngrams(word: str) -> tuple[str, ...]:
    """Character 3-5-grams of a word padded with spaces (the analyser before lemmas)."""
    padded = f" {word} "
    return tuple(padded[i:i + n] for n in range(3, 6) for i in range(len(padded) - n + 1))


def _plain() -> Callable[[str], tuple[str, ...]]:
    return lambda word: (word,)


def _snowball() -> Callable[[str], tuple[str, ...]]:
    import snowballstemmer

    stemmers = {lang: snowballstemmer.stemmer(lang) for lang in ("finnish", "swedish", "english")}
    try:
        dictionaries: _Dictionaries | None = _dictionaries()  # only for the language of a word
    except ImportError:
        dictionaries = None

    @lru_cache(maxsize=1 << 18)
    def stem(word: str) -> tuple[str, ...]:
        lang = (dictionaries.language(word) if dictionaries else None) or "fi"
        return (stemmers[{"fi": "finnish", "sv": "swedish", "en": "english"}[lang]].stemWord(word),)
    return stem


class _Dictionaries:
    """simplemma's word-form -> lemma dictionaries, as MARISA tries kept on disk (:func:`trie_cache_dir`).

    The first use of a language builds its trie from simplemma's data once per machine (about 9 s for
    Finnish, 18 MB on disk); every later process loads it in about 0.01 s. simplemma's own memory-frugal
    streams took 3.7 s to load in every CLI call that met a word the index lacked (bench/queries.py,
    ``new_word``). The mappings are simplemma's, so the terms are the same (tested on real titles);
    :meth:`lemmatize` runs simplemma's rules for a word the dictionary lacks over the same tries."""

    def __init__(self) -> None:
        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy

        self._factory = _trie_factory(trie_cache_dir())
        self._loaded: dict[str, object] = {}
        self._lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=self._factory))

    def get(self, lang: str):
        if lang not in self._loaded:
            self._loaded[lang] = self._factory.get_dictionary(lang)
        return self._loaded[lang]

    def lemma(self, word: str, lang: str) -> str | None:
        found = self.get(lang).get(word)
        return found.decode() if isinstance(found, bytes) else found

    def lemmatize(self, word: str, lang: str) -> str:
        """simplemma's lemma of a word its dictionary may lack (rules, affixes), over these tries."""
        return self._lemmatizer.lemmatize(word, lang)

    def language(self, word: str) -> str | None:
        return next((lang for lang in ("fi", "sv", "en") if word in self.get(lang)), None)


def trie_cache_dir() -> Path:
    """Where the dictionaries' tries are kept: ``$STRATGRAPH_CACHE_DIR`` or the user's cache folder.

    One folder per simplemma version, since a new version may ship other dictionaries.

    >>> trie_cache_dir().name.startswith("simplemma-")
    True
    """
    from platformdirs import user_cache_dir
    from simplemma.__metadata__ import __version__

    root = Path(os.environ.get("STRATGRAPH_CACHE_DIR") or user_cache_dir("stratgraph"))
    return root / f"simplemma-{__version__}"


def _trie_factory(cache_dir: Path):
    """simplemma's trie factory over ``cache_dir`` (imported here: simplemma loads on first use)."""
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

    class AtomicTrieFactory(TrieDictionaryFactory):
        """simplemma's trie factory, writing each trie beside its place and renaming it there, so that a
        process never loads a trie another process is still writing."""

        def _write_trie_to_disk(self, lang: str, trie) -> None:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            target = self._cache_dir / f"{lang}.dic"
            partial = target.with_name(f"{lang}.{os.getpid()}.partial")
            try:
                trie.save(str(partial))
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)

    return AtomicTrieFactory(disk_cache_dir=str(cache_dir))


@lru_cache(maxsize=None)
def _dictionaries() -> _Dictionaries:
    return _Dictionaries()


@lru_cache(maxsize=None)
def _simplemma() -> Callable[[str], tuple[str, ...]]:
    import simplemma  # noqa: F401 - the analyser is skipped, with a note, where simplemma is missing

    dictionaries = _dictionaries()
    dictionaries.get("fi")  # fail here (not at the first query) when the data cannot be read

    @lru_cache(maxsize=1 << 18)
    def known(form: str) -> str | None:
        return dictionaries.lemma(form, "fi")

    def head_base(head: str) -> str | None:
        """The lemma of an earlier part: in its base form, a genitive (kaupungin-), or the compound
        form of a -nen word (kehittämis-, kansainvälistymis-: kehittäminen, kansainvälistyminen)."""
        base = known(head)
        if base and (base == head or head.endswith("n")):
            return base
        if head.endswith("mis") and len(head) >= _SPLIT_FROM:  # a verbal noun: always a -minen word
            return known(head[:-1] + "nen") or head[:-1] + "nen"
        if head.endswith("s") and len(head) > _MIN_PART:
            return known(head[:-1] + "nen")
        return None

    @lru_cache(maxsize=1 << 18)
    def split(lemma: str, inflected: bool = False) -> tuple[str, ...]:
        """The parts of a Finnish compound lemma (lemmas), or () when it does not split.

        ``inflected``: the word is not in its base form (a word whose lemma the dictionary does not
        know), so its last part may be inflected too (teknologiateollisuus|alojen)."""
        if len(lemma) < _SPLIT_FROM:
            return ()
        for cut in range(_MIN_HEAD, len(lemma) - _SHORT_TAIL + 1):  # the longest known last part first
            tail = known(lemma[cut:])  # the last part is a word in its base form (the dictionary is noisy)
            if (not tail or (tail != lemma[cut:] and (not inflected or len(tail) < _SHORT_TAIL or tail in STOP_WORDS))
                    or (len(tail) < _MIN_PART and cut < _LONG_HEAD)):
                continue
            head = lemma[:cut]
            head_parts = split(head) or ((base,) if (base := head_base(head)) else ())
            if head_parts:
                return (*head_parts, tail)
        return ()

    @lru_cache(maxsize=1 << 18)
    def terms(word: str) -> tuple[str, ...]:
        lang = dictionaries.language(word)
        if lang in ("sv", "en"):
            return (dictionaries.lemma(word, lang),)
        lemma = dictionaries.lemma(word, "fi") if lang == "fi" else dictionaries.lemmatize(word, "fi")
        parts = split(lemma) or (split(word, inflected=lang is None) if lemma != word else ())
        return tuple(dict.fromkeys((lemma, *parts)))
    return terms


def _voikko() -> Callable[[str], tuple[str, ...]]:
    import libvoikko  # optional: needs Debian's libvoikko1 and voikko-fi

    try:
        voikko = libvoikko.Voikko("fi")
    except libvoikko.VoikkoException as error:  # the library loads, the Finnish dictionary does not
        raise RuntimeError(str(error)) from error
    fallback = _simplemma()

    @lru_cache(maxsize=1 << 18)
    def terms(word: str) -> tuple[str, ...]:
        analyses = voikko.analyze(word)
        if not analyses:
            return fallback(word)
        first = analyses[0]
        base = first.get("BASEFORM", word).lower()
        return tuple(dict.fromkeys((base, *_voikko_parts(base, first.get("WORDBASES", "")))))
    return terms


_WORDBASE = re.compile(r"\+([^+(]+)((?:\([^)]*\))*)")


def _voikko_parts(base: str, wordbases: str) -> list[str]:
    """The lemmas of a compound's parts from Voikko's WORDBASES (a derived part keeps its derived form).

    >>> _voikko_parts("betonituoteyhteenliittymäselvitys",
    ...               "+betoni(betoni)+tuote(tuote)+yhteenliittymä(yhteen=liittymä)+selvit(selvittää)+ys(+ys)")
    ['betoni', 'tuote', 'yhteenliittymä', 'selvitys']
    >>> _voikko_parts("matkailuyrittäjä", "+matkail(matkata)(+la)+u(+u)+yrittä(yrittää)+jä(+jä)")
    ['matkailu', 'yrittäjä']
    >>> _voikko_parts("koulu", "+koulu(koulu)")
    []
    """
    parts: list[list] = []  # [surface, lemma, derived]
    for surface, lemmas in _WORDBASE.findall(wordbases):
        lemma = lemmas[1:lemmas.index(")")] if lemmas else surface
        if lemma.startswith("+") and parts:
            parts[-1][0] += surface
            parts[-1][2] = True
        else:
            parts.append([surface.replace("=", ""), lemma.replace("=", "").lower(), False])
    if len(parts) < 2:
        return []
    at = sum(len(surface) for surface, _, _ in parts[:-1])
    found = [(surface.lower() if derived else lemma) for surface, lemma, derived in parts[:-1]]
    found.append(base[at:] if base[:at] == "".join(s for s, _, _ in parts[:-1]).lower() else parts[-1][1])
    return [p for p in found if len(p) >= _MIN_HEAD]


_LOADERS: dict[str, Callable[[], Callable[[str], tuple[str, ...]]]] = {
    "voikko": _voikko, "simplemma": _simplemma, "snowball": _snowball, "plain": _plain}
