"""Finnish-aware words: lemmas and compound parts, other languages, and the fall-back between analysers."""

from __future__ import annotations

import pytest

from queries import text_analysis
from queries.text_analysis import ANALYSERS, load_analyser

LEMMATISERS = [name for name in ("voikko", "simplemma") if load_analyser(name).name == name]


@pytest.mark.parametrize("name", LEMMATISERS)
def test_a_long_compound_meets_its_parts(name):
    analyser = load_analyser(name)
    long = set(analyser.terms("betonituoteyhteenliittymäselvitys"))
    assert {"betoni", "tuote", "selvitys"} <= long
    assert {"tuote", "selvitys"} <= long & set(analyser.terms("Betonituotteiden selvitykset"))


@pytest.mark.parametrize("name", LEMMATISERS)
@pytest.mark.parametrize("inflected, lemma", [
    ("kouluissa", "koulu"), ("Kiertotalouden", "kiertotalous"), ("yrityksille", "yritys"), ("kaupungin", "kaupunki")])
def test_inflected_words_give_their_lemma(name, inflected, lemma):
    assert lemma in load_analyser(name).terms(inflected)


@pytest.mark.parametrize("name", LEMMATISERS)
def test_swedish_and_english_words_in_one_title(name):
    terms = load_analyser(name).terms("Kiertotalous - cirkulär ekonomi - circular economy")
    assert "kiertotalous" in terms and "ekonomi" in terms and "circular" in terms


def test_a_character_ngram_no_longer_matches_unrelated_words():
    analyser = load_analyser("simplemma")
    assert not set(analyser.terms("Nappivalinnoilla")) & set(analyser.terms("Maalinnoitus"))


@pytest.mark.parametrize("text", ["", "   ", "!!! 123", "ja ja the och"])
def test_texts_without_words_have_no_terms(text):
    assert load_analyser().terms(text) == []


def test_capitals_and_codes_are_words_like_any_other():
    analyser = load_analyser("simplemma")
    assert analyser.terms("KOULUJEN RUOKAHÄVIKKI") == analyser.terms("koulujen ruokahävikki")
    assert analyser.terms("S10324 ELY-KESKUS") == analyser.terms("ely-keskus")


def test_a_ten_thousand_character_description_is_analysed_quickly():
    text = "Hankkeessa kehitetään matkailuyritysten kestävää liiketoimintaa Lapissa. " * 140
    terms = load_analyser().terms(text)
    assert len(text) > 10_000 and "matkailuyritys" in terms or "matkailu" in terms


def test_an_analyser_that_cannot_load_falls_back_and_says_why(monkeypatch):
    def broken():
        raise ImportError("No module named 'libvoikko'")

    monkeypatch.setitem(text_analysis._LOADERS, "voikko", broken)
    text_analysis._load.cache_clear()
    try:
        analyser = load_analyser("voikko")
        assert analyser.name == "simplemma"
        assert analyser.notes == ["voikko not available (No module named 'libvoikko'); using the next analyser"]
    finally:
        text_analysis._load.cache_clear()


def test_every_analyser_loads_or_falls_back_to_plain():
    for name in ANALYSERS:
        assert load_analyser(name).name in ANALYSERS[ANALYSERS.index(name):]


@pytest.mark.parametrize("compound, part", [
    ("kansainvälistymishanke", "kansainvälistyminen"),       # a -mis- head is the -minen word
    ("Kansainvälistymistoiminnan", "kansainvälistyminen"),
    ("perustamishanke", "perustaminen"),
    ("teknologiateollisuusalojen", "teollisuus"),            # a lemma the dictionary lacks: inflected last part
    ("teknologiateollisuusalojen", "ala"),
])
def test_compound_parts_in_the_forms_titles_use(compound, part):
    assert part in load_analyser("simplemma").terms(compound)


def test_an_inflected_last_part_is_no_stop_word_or_fragment():
    assert load_analyser("simplemma").terms("kansainvälistymisen") == ["kansainvälistyminen"]


def test_the_dictionaries_are_kept_as_tries_and_read_back_the_same(tmp_path):
    """The first process builds each language's trie in the cache folder (renamed into place, nothing partial
    left); a second process reads it back and analyses the same words to the same terms."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    code = ("import json, sys; from queries.text_analysis import load_analyser; "
            "a = load_analyser('simplemma'); print(json.dumps([a.terms(t) for t in sys.argv[1:]]))")
    texts = ["Kiertotaloudellisimmillaan ruokahävikittömyys", "betonituoteyhteenliittymäselvitys",
             "Digitaliseringsanläggning", "smart city pilots", "ilmastotyö kouluissa"]
    env = {**__import__("os").environ, "STRATGRAPH_CACHE_DIR": str(tmp_path)}
    root = Path(text_analysis.__file__).resolve().parents[1]

    def run() -> list:
        out = subprocess.run([sys.executable, "-c", code, *texts], env=env, cwd=root, check=True,
                             capture_output=True, text=True)
        return json.loads(out.stdout)

    first = run()
    kept = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert kept == ["en.dic", "fi.dic", "sv.dic"]
    assert run() == first
    assert first[1][:1] == ["betonituoteyhteenliittymäselvitys"] and "selvitys" in first[1]
    assert first == [load_analyser("simplemma").terms(t) for t in texts]
