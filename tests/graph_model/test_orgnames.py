"""Organisation names taken apart as real exports write them (graph_model.orgnames.parse_name)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph_model.orgnames import expand_acronyms, fold, learn_acronyms, parse_name, repair_doubled, split_business_id


@pytest.mark.parametrize("a, b", [
    ("ÄÄNEKOSKEN ENERGIA OY", "Aanekosken Energia Oy"),                      # accents lost in upper case
    ("Esimerkki Oy", "ESIMERKKI OYESIMERKKI OY"),                            # written twice
    ("Esimerkki Oy", "Esimerkki Oy2034683-4"),                               # business id glued on
    ("Esimerkki Oy", "Osakeyhtiö Esimerkki"),                                # long legal form, in front
    ("Svenska kulturfonden rf", "Svenska kulturfonden registrerad förening"),
    ("Jätevesiosuuskunta Puhdas", "Jätevesi osk Puhdas"),                    # a legal form glued to a word
    ("Kordelinin säätiö", "Kordelinin Stiftelse sr"),
])
def test_variants_give_the_same_words(a, b):
    assert parse_name(a).words == parse_name(b).words


def test_legal_forms_are_kinds_and_ids_are_validated():
    assert parse_name("Esimerkki Kommandiittiyhtiö").forms == {"partnership"}
    assert parse_name("Seinäjoen koulutuskuntayhtymä").forms == {"joint municipal authority"}
    assert parse_name("Esimerkki Oy2034683-4").business_id == "2034683-4"
    assert split_business_id("Kiinteistö Oy Kuparitie 1234567-2") == ("Kiinteistö Oy Kuparitie 1234567-2", None)
    assert split_business_id("Kunta1345741-32240208-6")[0] == "Kunta"  # two ids glued on, both valid


def test_parts_notes_and_cut():
    parsed = parse_name("Oulun kaupunki / Tekninen keskus (OTK)")
    assert parsed.parts == (("oulun", "kaupunki"), ("tekninen", "keskus")) and parsed.notes == ("otk",)
    assert parse_name("Seinäjoen koulutuskuntayhtymä Seinäjoen ammattikor").cut
    assert not parse_name("Seinäjoen koulutuskuntayhtymä").cut


def test_doubled_repair_leaves_real_names_alone():
    assert repair_doubled("Kuopion Kuopio") == "Kuopion Kuopio"
    assert repair_doubled("Hippolis - Hevosalan osaamiskeskus ryHippolis - He") == "Hippolis - Hevosalan osaamiskeskus ry"


@given(st.text(max_size=80))
def test_parsing_never_fails_andfolding_is_idempotent(text):
    parsed = parse_name(text)
    assert all(w == fold(w) for w in parsed.words)
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize("name", ["KIINTEISTÖ OY SIIMET", "Kiinteistö-oy Korpinmaantie 1", "METSOVAARANTIE 1 KIINT. OY",
                                  "Kiinteistöosakeyhtiö Jääkärinkatu 31", "AS OY KALAJOEN RANTAHIEKKA",
                                  "Asunto-osakeyhtiö Koti", "Bostads Ab Hemmet", "Fastighets Ab Tornet"])
def test_a_housing_company_is_a_legal_form_kind_of_its_own(name):
    assert parse_name(name).forms == {"housing company"}


@pytest.mark.parametrize("name", ["Savo-Karjalan Tili ja Kiinteistö Oy", "Kiinteistö Primus Oy", "SIIMET OY"])
def test_property_as_a_line_of_business_is_a_plain_company(name):
    assert parse_name(name).forms == {"company"}


def test_a_unit_in_brackets_is_a_part_and_other_brackets_are_notes():
    unit = parse_name("Hyria koulutus Oy (Riihimäen yksikkö)")
    assert unit.parts == (("hyria", "koulutus"), ("riihimaen", "yksikko")) and unit.notes == ()
    note = parse_name("Geologian tutkimuskeskus (GTK)")
    assert note.parts == (("geologian", "tutkimuskeskus"),) and note.notes == ("gtk",)


def test_a_unit_at_the_end_of_a_name_is_a_part_but_a_name_of_genitives_and_a_unit_is_not_split():
    assert parse_name("Oulun yliopisto tietojenkäsittelytieteiden laitos Kajaanin yksikkö").parts == (
        ("oulun", "yliopisto", "tietojenkasittelytieteiden", "laitos"), ("kajaanin", "yksikko"))
    assert parse_name("Kajaanin yksikkö").parts == (("kajaanin", "yksikko"),)


ELY_LIST = ["Lapin ELY-keskus", "Lapin elinkeino-, liikenne- ja ympäristökeskus", "Kainuun ELY-keskus",
            "Hämeen elinkeino-, liikenne- ja ympäristökeskus", "Pirkanmaan ELY-keskus", "Tampereen teknillinen yliopisto",
            "Tampereen teknillinen yliopisto, Porin yksikkö", "TTY-säätiö", "Koulutus- ja kehittämiskeskus JA Oy"]


def test_acronyms_are_learned_from_the_initials_of_words_of_other_names_in_the_list():
    table = learn_acronyms(ELY_LIST + ["Oulun kaupunki ja Kemin kaupunki"] * 3)
    assert table["ely"] == (("elinkeino", "liikenne", "ja", "ymparistokeskus"),)
    assert table["tty"] == (("tampereen", "teknillinen", "yliopisto"),)
    assert "ja" not in table  # written in lower case more often than in capitals: a word
    assert "oy" not in table  # a legal form


def test_an_acronym_seen_once_or_a_list_without_capitals_learns_nothing():
    assert learn_acronyms(["Lapin ELY-keskus", "Lapin elinkeino-, liikenne- ja ympäristökeskus"]) == {}
    assert learn_acronyms(["Oulun kaupunki", "Turun kaupunki"]) == {}


def test_an_acronym_is_written_out_only_with_words_the_other_name_has():
    table = learn_acronyms(ELY_LIST)
    assert expand_acronyms(("lapin", "elyn", "vastuualue"), table) == (
        "lapin", "elinkeino", "liikenne", "ja", "ymparistokeskus", "vastuualue")
    assert expand_acronyms(("tty", "saatio"), table, other=("turun", "yliopisto")) == ("tty", "saatio")


def test_the_gazetteerfolds_names_as_names_arefolded():
    from graph_model.orgnames import fold
    from graph_model.places import fold, gazetteer

    assert all(fold(name) == fold(name) for name in gazetteer())
