"""The calibrated match score: features that hold on names not seen while fitting, and its evaluation."""

from __future__ import annotations

import pytest

from ingest.matcheval import evaluate, read_labels
from ingest.matchscore import FEATURES, Model, fit_calibration, fit_model, load_model
from ingest.matching import REVIEW_FROM, match_names
from ontologies.errors import InputError


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.mark.parametrize("a, b", [
    ("ÄÄNEKOSKEN ENERGIA OY", "Äänekosken Energia Osakeyhtiö"),
    ("RUOVEDEN RATSUTALLI OY", "RUOVEDEN RATSUTALLI OYRUOVEDEN RATSUTALLI OY"),
    ("Kiinteistö Oy Lapuan Honkimetsäntie 27", "KIINTEISTO OY LAPUAN HONKIMETSANTIE 271339459-8"),
    ("Seinäjoen koulutuskuntayhtymä Seinäjoen ammattikorkeakoulu Kulttuurialan yksikkö",
     "Seinäjoen koulutuskuntayhtymä Seinäjoen ammattikor"),
    ("Tuotanto Vainio Ky", "Tuotanto Vainio Ky / Pori"),
    ("OULUN KAUPUNKIBUSINESSOULU LIIKELAITOS", "Oulun kaupunki Businessoulu liikelaitos"),
    ("DAVID HEALTH SOLUTIONS OYWWW.DAVID.FI", "David Health Solutions Oy"),   # a glued web address
    ("WATEPACK 0Y", "Watepack Oy"),                                         # a zero for the O of OY
    ("OULAISTEN KONEHUOLTO JARMO PUOLITAIVALT:MI", "Oulaisten Konehuolto Jarmo Puolitaival Tmi"),
    ("Metsähallitus Lapin luontopalvelut", "Metsähallitus Luontopalvelut Lappi"),  # a place in another case
])
def test_what_exports_do_to_a_name_is_matched_without_review(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


@pytest.mark.parametrize("a, b", [
    ("ABC Systems Oy", "ABD-Systems Oy"),                 # a look-alike firm
    ("PERTEMET OY", "PERTEVET OY"),
    ("Juvan kunta", "Juuan kunta"),                       # two municipalities
    ("Oulun kaupunki / Tekninen keskus", "Oulun kaupunki"),  # a unit against its organisation
    ("Greater Bendigo City Council", "Greater Geelong City Council"),
    ("Lapin yliopisto", "Lapin liitto"),                  # one place, two bodies
])
def test_different_organisations_are_not_accepted(a, b):
    assert not any(c.auto for c in match_names([a], [b], min_score=0))


def test_a_look_alike_scores_below_a_typo_and_the_reason_names_the_features(model):
    [typo] = match_names(["Kontiolahden kunta"], ["Kontolahden kunta"], min_score=0)
    [other] = match_names(["Rotomon Oy"], ["Rotoman Oy"], min_score=0)
    assert other.score < typo.score
    assert "lookalike=" in other.explanation and "words=" in other.explanation


def test_different_business_ids_are_never_candidates():
    assert match_names(["Esimerkki Oy 2034683-4"], ["Esimerkki Oy 1345741-3"], min_score=0) == []


def test_fitting_orders_the_thresholds_and_survives_a_round_trip(tmp_path):
    rows = [{f: 0.0 for f in FEATURES} | {"words": w / 10} for w in range(11)] * 3
    labels = [int(r["words"] >= 0.6) for r in rows]
    fitted = fit_model(rows, labels, counts={"oy": 9}, documents=10)
    assert fitted.coef["words"] > 0 and 0 < fitted.review <= fitted.auto < 1
    path = tmp_path / "model.json"
    path.write_text(fitted.as_json(), encoding="utf-8")
    again = load_model(path)
    assert again.coef == fitted.coef and again.rarity("oy") < again.rarity("esimerkki")
    assert isinstance(again, Model)


def test_evaluate_counts_auto_review_and_missed(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("name_a;name_b;same;note\nÄÄNEKOSKEN ENERGIA OY;Aanekosken Energia Osakeyhtiö;kyllä;x\n"
                      "ABC Systems Oy;ABD-Systems Oy;ei;\nOulun kaupunki;Turun kaupunki;0;\n", encoding="utf-8")
    figures = evaluate(read_labels(labels))
    assert (figures["pairs"], figures["positives"], figures["precision"], figures["recall"]) == (3, 1, 1.0, 1.0)
    low, high = figures["intervals"]["recall"]
    assert low < 0.25 and high == 1.0  # one true pair says little about a list's recall


def test_bad_labels_are_all_reported_with_row_and_column(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("name_a,name_b,same\nA,,1\nB,C,maybe\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_labels(labels)
    assert "row 2, column name_b: empty name" in str(error.value)
    assert "row 3, column same: 'maybe'" in str(error.value)
    (tmp_path / "cols.csv").write_text("a,b\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_labels(tmp_path / "cols.csv")


def test_labels_that_are_not_utf8_or_have_one_column_are_reported(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes("name_a,name_b,same\nÄänekoski,Aanekoski,1\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_labels(latin)
    single = tmp_path / "single.csv"
    single.write_text("name\nOulu\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_labels(single)


def test_a_locative_tail_only_one_name_has_is_set_aside_never_added(model):
    same = model.probability(model.features("Föreningen Luckan r.f.", "Föreningen Luckan r.f."))
    tail = model.probability(model.features("Föreningen Luckan i huvudstadsregionen rf.", "Föreningen Luckan r.f."))
    assert tail == same  # where a body is does not make it more certain than the same name
    assert model.probability(model.features("Yrkesakademin i Vasa", "Yrkesakademin i Åbo")) < model.review


def test_a_word_replaced_scores_below_a_word_added(model):
    added = model.probability(model.features("Tutkimusyhdistys Merikotka ry", "Tutkimusyhdistys ry"))
    replaced = model.probability(model.features("Palmenia Kotka", "Palmenia Kouvola"))
    assert model.features("Palmenia Kotka", "Palmenia Kouvola")["rare_both"] > 0
    assert replaced < added


def test_the_shown_chance_never_falls_as_the_score_rises_and_survives_a_round_trip(model, tmp_path):
    chances = [model.chance(score / 2) for score in range(0, 201)]
    assert chances == sorted(chances) and chances[0] < 0.05 and chances[-1] > 0.95
    assert model.chance(100 * model.review) < 0.9 < model.chance(100 * model.auto + 5)
    path = tmp_path / "model.json"
    path.write_text(model.as_json(), encoding="utf-8")
    assert load_model(path).calibration == model.calibration


@pytest.mark.parametrize("scores, labels", [
    ([5, 10, 50, 55, 60, 90, 95], [0, 0, 1, 0, 0, 1, 1]),
    ([None, 20, 20, 80], [0, 1, 0, 1]),
])
def test_the_calibration_is_the_share_of_the_same_per_step(scores, labels):
    steps = fit_calibration(scores, labels)
    assert [c for _, c in steps] == sorted({c for _, c in steps}) and steps[0][0] == 0.0
    model = Model({}, 0.0, 0.9, 0.5, calibration=steps)
    shown = [model.chance(0.0 if s is None else s) for s in scores]
    assert abs(sum(shown) - sum(labels)) < 0.01  # isotonic regression keeps the total (chances rounded)


@pytest.mark.parametrize("a, b", [("KIINTEISTÖ OY SIIMET", "SIIMET OY"), ("Kiinteistö Oy Porin Halli", "Porin Halli Oy"),
                                  ("Asunto Oy Rantahiekka", "Rantahiekka Ab")])
def test_a_housing_company_is_never_the_firm_it_is_named_after(model, a, b):
    assert model.features(a, b)["housing_clash"] == 1.0
    assert model.probability(model.features(a, b)) < model.auto
    assert model.features(a, "Kiinteistö Oy " + b.split()[-2])["housing_clash"] == 0.0


@pytest.mark.parametrize("a, b", [("Hyria koulutus Oy (Riihimäen yksikkö)", "Hyria Koulutus Oy"),
                                  ("Diakonia-ammattikorkeakoulu Oy (Diak Länsi)", "Diakonia-ammattikorkeakoulu Oy")])
def test_a_unit_or_site_in_brackets_is_not_its_organisation(model, a, b):
    unit = model.features(a, b)
    assert unit["part_only"] == 1.0 and model.probability(unit) < model.auto


def test_an_acronym_or_short_name_in_brackets_is_still_a_note():
    from graph_model.orgnames import parse_name

    assert parse_name("Turun ammattikorkeakoulu (Turun AMK)").notes == ("turun amk",)
    assert parse_name("Lapin elinkeino-, liikenne- ja ympäristökeskus (Lapin ELY-keskus)").notes == ("lapin ely-keskus",)


def test_a_unit_in_brackets_is_the_same_unit_written_after_a_slash(model):
    same = model.features("Hyria koulutus Oy (Riihimäen yksikkö)", "Hyria Koulutus Oy / Riihimäen yksikkö")
    assert model.probability(same) >= model.auto


NAMES = ["Lapin ELY-keskus", "Lapin Ely-keskus", "Lapin elinkeino-, liikenne- ja ympäristökeskus", "Kainuun ELY-keskus",
         "Hämeen elinkeino-, liikenne- ja ympäristökeskus", "Pirkanmaan ELY-keskus", "TSP Asennus Oy",
         "Turku Science Park Oy", "Turku Science Park Oy Ab", "Kainuun elinkeino-, liikenne- ja ympäristökeskus"]


def test_an_acronym_learned_from_the_list_is_proposed_and_scored_as_its_words(model):
    found = match_names(["Lapin Ely-keskus"], ["Lapin elinkeino-, liikenne- ja ympäristökeskus"], corpus=NAMES)
    assert found and found[0].auto
    other_region = match_names(["Lapin Ely-keskus"], ["Kainuun elinkeino-, liikenne- ja ympäristökeskus"],
                               corpus=NAMES, min_score=0.0)
    assert not other_region or not other_region[0].auto


def test_an_acronym_is_not_its_words_when_something_else_differs(model):
    found = match_names(["TSP Asennus Oy"], ["Turku Science Park Oy"], corpus=NAMES, min_score=0.0)
    assert not found or not found[0].auto


@pytest.mark.parametrize("a, b", [("Päijät-Hämeen Liikunta ja Urheilu ry", "Hämeen Liikunta ja Urheilu ry"),
                                  ("Kanta-Hämeen Liikunta ry", "Päijät-Hämeen Liikunta ry"),
                                  ("Varsinais-Suomen Yrittäjät ry", "Suomen Yrittäjät ry")])
def test_a_hyphenated_region_of_the_gazetteer_is_another_region(model, a, b):
    assert model.features(a, b)["region_clash"] == 1.0
    assert model.features(a, a.upper())["region_clash"] == 0.0


@pytest.mark.parametrize("a, b", [
    ("MONDEX OY", "YEZ OY (MONDEX OY)"),                                   # a second name in brackets
    ("Seinäjoen Teknologiakeskus Oy (nyk. Frami Oy)", "Frami Oy"),         # a rename
    ("LAAJIS OYC/O TIIA SUUTARI", "LAAJIS OY"),                            # a contact glued on
    ("Loimaan seutukunnan kehittämiskeskus - Yrityskolmio ry", "Loimaan seutukunnan kehittämiskeskus"),
])
def test_another_name_or_a_glued_note_is_proposed_and_matched(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


def test_a_parent_in_brackets_is_not_another_name_of_the_unit():
    found = match_names(["Seinäjoen ammattikorkeakoulu (emo: Seinäjoen koulutuskuntayhtymä)"],
                        ["Seinäjoen koulutuskuntayhtymä"], min_score=0)
    assert not any(c.auto for c in found)


@pytest.mark.parametrize("a, b", [
    ("Sastamalan koulutuskuntayhtymä", "Sastamalan koulutuskuntayhymä"),   # a glued legal form, a letter dropped
    ("Vantaan kaupunki  Vapaa-ajan ja asukaspalveluiden tulosyksikkö",
     "Vantaan kaupunki Vapaa-ajan ja asukaspalvelujen tulosyksikkö"),       # an inflection of a long word
])
def test_a_typo_in_a_long_word_is_read_as_the_word_when_the_rest_agrees(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


def test_a_typo_of_a_long_word_is_not_read_away_when_another_word_differs(model):
    typo = model.features("Vantaan kaupunki asukaspalveluiden tulosyksikkö", "Vantaan kaupunki asukaspalvelujen tulosyksikkö")
    other = model.features("Vantaan kaupunki asukaspalveluiden tulosyksikkö", "Espoon kaupunki asukaspalvelujen tulosyksikkö")
    assert typo["lookalike"] == 0.0 and other["lookalike"] > 0.0


def _auto_pairs(names):
    return {(names[c.a], names[c.b]) for c in match_names(names, min_score=0) if c.auto}


def test_two_spellings_the_list_writes_once_each_are_two_names_and_a_typo_of_a_usual_one_is_matched():
    # a typo is rare next to its right spelling: written once each, neither is the right one
    assert not _auto_pairs(["POHJANRANTA OY", "POHJARANTA OY"])
    # a public body's words are words of the language: a one-off misspelling is still read by its letters
    assert _auto_pairs(["Stadsmätningsavdelningen", "Stadsmätningsavdelingen"])
    usual = ["Pohjanranta Oy", "POHJANRANTA OY", "POHJANRANTA OY / Raahe", "POHJARANTA OY"]
    assert ("POHJANRANTA OY", "POHJARANTA OY") in _auto_pairs(usual)


def test_two_spellings_both_written_often_stay_look_alikes_unless_only_their_endings_differ(model):
    from ingest.matchscore import _apart

    counts = {"piiroinen": 6, "piironen": 5, "asukaspalveluiden": 4, "asukaspalvelujen": 3}.get
    assert _apart("piiroinen", "piironen", 0.94, counts) == 0.5
    assert _apart("asukaspalveluiden", "asukaspalvelujen", 0.91, counts) < 0.5


@pytest.mark.parametrize("a, b", [
    ("Mikkelin seudun elinkeinoyhtiö Miset Oy", "Miset Oy"),                         # a place and a company noun
    ("Tampereen kaupunkiseudun elinkeino- ja kehitysyhtiö Tredea Oy", "Tredea Oy"),  # parts of a compound joined
    ("Cursor Oy Kotkan-Haminan seudun kehittämisyhtiö", "CURSOR OY"),               # the description after the name
])
def test_a_description_before_or_after_a_firms_own_name_adds_no_conflict(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


@pytest.mark.parametrize("a, b", [
    ("KULJETUS KOVALAINEN OY", "KOVALAINEN OY"),            # a line of business: another firm name
    ("Seinäjoen kehitysyhtiö Oy", "Seinäjoen Oy"),          # nothing distinctive left
    ("Mikkelin seudun elinkeinoyhtiö ry", "Miset ry"),      # associations, not firms
])
def test_a_word_that_makes_another_firm_name_is_still_a_conflict(a, b):
    assert not any(c.auto for c in match_names([a], [b], min_score=0))


@pytest.mark.parametrize("a, b", [
    ("Porin Seudun Kehittämiskeskus Oy POSEK", "Porin Seudun Kehittämiskeskus Oy"),   # first letters of words
    ("Terveyden ja hyvinvoinnin laitos THL", "TERVEYDEN JA HYVINVOINNIN LAITOS"),       # a function word skipped
    ("BIOACTIVE BONE SUBSTITUTES OYBBS OY", "BBS-BIOACTIVE BONE SUBSTITUTES OY"),     # glued, on the other side
])
def test_the_names_own_acronym_written_beside_it_is_not_a_word_missing(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


def test_an_acronym_the_name_does_not_spell_is_still_a_word_missing(model):
    from ingest.matchscore import _own_acronym

    assert not _own_acronym("tsp", ("asennus",), model.count)
    assert not any(c.auto for c in match_names(["Porin Seudun Kehittämiskeskus Oy SATAKO"],
                                               ["Porin Seudun Kehittämiskeskus Oy"], min_score=0))


@pytest.mark.parametrize("a, b, auto", [
    ("Taideyliopisto Sibelius-Akatemia", "Sibelius-Akatemia", True),             # the university before its unit
    ("Helsingin kaupungin nuorisoasiainkeskus", "Nuorisoasiainkeskus", True),    # the city, in the genitive
    ("Oulun kaupunki Tekninen keskus", "Tekninen keskus", False),                # nothing distinctive left
    ("Sibelius-Akatemia Taideyliopisto", "Taideyliopisto", False),               # a unit against its body
])
def test_a_parent_written_before_its_unit_without_a_separator(a, b, auto):
    assert any(c.auto for c in match_names([a], [b], min_score=0)) is auto


# Issue 21, eleventh round: a one-letter slip in one of many shared words of a long name is a slip; one letter
# off in the word that tells two names apart is another firm (the look-alike share, Model.share).
@pytest.mark.parametrize("a, b", [
    ("Päijät-Hämeen liitto Etelä-Suomen maakuntien EU-yksikkö", "Päijät-Hämeen liito Etelä-Suomen maakuntien EU-yksikkö"),
    ("Suomen ammatillisen koulutuksen kulttuuri- ja urheiluliitto SAKU ry",
     "Suomen ammatillisen koulututuksen kulttuuri- ja urheiluliitto SAKU ry"),
    ("Keski-Suomen elinkeino- liikenne- ja ympäristökeskus", "Keski-Suomen elinkieno- liikenne- ja ympäristökeskus"),
])
def test_a_slip_in_one_of_many_shared_words_is_matched_without_review(model, a, b):
    weighted = model.with_names([a, b])
    features = weighted.features(a, b)
    assert features["lookalike"] > 0 and features["lookalike_share"] < model.share
    assert weighted.probability(features) >= model.auto
    assert "of the names' weight" in weighted.explain(features)  # why says the look-alike was scaled


@pytest.mark.parametrize("a, b", [
    ("ABC Systems Oy", "ABD-Systems Oy"),                                   # the look-alike firm
    ("POHJANRANTA OY", "POHJARANTA OY"),                                    # two firms of the list, one letter apart
    ("Juvan kunta", "Juuan kunta"),                                         # two municipalities
    ("Haapaveden Ha-Sa Oy", "HAAPAJÄRVEN HA-SA OY"),                         # two towns' firms (hand-labelled, the list)
    ("Parturi-Kampaamo Jiitukka", "Parturi-kampaamo Piitukka"),             # two salons (hand-labelled, the list)
    ("Kaakkois-Suomen sosiaalialan osaamiskeskus Oy Socom", "Kaakkois-Suomen sosiaalialan osaamiskeskus Oy Sorom"),
    ("RAKENNUS JA TEKNIIKKA HAASLAHTI OY", "RAKENNUS JA TEKNIIKKA HAASLAHTV OY"),
    ("Tilipalvelu Irma Javanainen Ky", "Tilipalvelu Irme Javanainen Ky"),
])
def test_look_alike_names_stay_apart_with_the_look_alike_share(a, b):
    [candidate] = match_names([a], [b], min_score=0) or [None]
    assert candidate is None or not candidate.auto, candidate


def test_the_look_alike_share_scales_only_a_word_that_holds_little_of_the_names(model):
    a, b = "Päijät-Hämeen liitto Etelä-Suomen maakuntien EU-yksikkö", "Päijät-Hämeen liito Etelä-Suomen maakuntien EU-yksikkö"
    weighted = model.with_names([a, b])
    off = Model(weighted.coef, weighted.intercept, weighted.auto, weighted.review, weighted.counts,
                weighted.documents, places=weighted.places)
    assert off.probability(off.features(a, b)) < model.auto  # without the share it is a look-alike (main's 78.2)
    whole = weighted.features("Juvan kunta", "Juuan kunta")
    assert whole["lookalike_share"] >= model.share and whole["lookalike"] == off.features("Juvan kunta", "Juuan kunta")["lookalike"]


# Issue 21, twelfth round: a unit's kind word renamed within a public body (``laitos`` / ``oppiaine``) is one unit.
# Real pairs of the labelled sets, labelled 1 blind (unseen4, unseen6, unseen9), that main left below review.
@pytest.mark.parametrize("a, b", [
    ("Lapin yliopisto/sosiaalityön laitos", "Lapin yliopisto/sosiaalityön oppiaine"),
    ("Turun yliopisto kulttuurituotannon ja maisemantutkimuksen koulutusohjelma",
     "Turun yliopisto/Kulttuurituotannon ja maisemantutkimuksen laitos"),
    ("TAMPEREEN YLIOPISTOLÄÄKETIETEEN YKSIKKÖ", "TAMPEREEN YLIOPISTOLÄÄKETIETEEN LAITOS"),
    ("TTY-säätiö Tampereen teknillisen yliopiston Porin yksikkö", "TTY-säätiö Tampereen teknillinen yliopisto Porin laitos"),
    ("Luonnonvarakeskus Rovaniemen toimintayksikkö", "Luonnonvarakeskus Rovaniemen toimipaikka"),
])
def test_a_unit_kind_word_renamed_is_one_unit_and_why_says_so(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate
    assert "unit kind words" in candidate.explanation  # why names what moved the score


@pytest.mark.parametrize("a, b", [
    ("Oulun yliopisto / Kemian laitos", "Oulun yliopisto / Fysiikan laitos"),        # two departments
    ("Lapin yliopisto / laitos", "Lapin yliopisto / oppiaine"),                      # nothing names the unit
    ("TTY-säätiö Tampereen teknillinen yliopisto Porin laitos",
     "TTY-säätiö (Tampereen teknillinen yliopisto)"),                                # a unit against its body (unseen4, 0)
    ("Juvan kunta", "Juuan kunta"),                                                  # two municipalities
    ("ABC Systems Oy", "ABD-Systems Oy"),                                            # a look-alike firm
])
def test_unit_kind_words_do_not_join_two_units_or_look_alikes(a, b):
    [candidate] = match_names([a], [b], min_score=0) or [None]
    assert candidate is None or not candidate.auto, candidate
    assert candidate is None or "unit kind words" not in candidate.explanation


def test_a_firm_s_kind_word_is_its_own_name(model):
    # the trade register keeps firm names apart: a firm's word is part of its name, not a unit's kind
    assert model.features("Kemin Mittaus Yksikkö Oy", "Kemin Mittaus Osasto Oy")["unit_kinds"] == ""
    assert model.features("Kemin Mittaus Yksikkö", "Kemin Mittaus Osasto")["unit_kinds"] == "yksikko / osasto"


# A level of the hierarchy written between a public body and its unit on one side only (unseen4, unseen6, unseen7,
# unseen9, labelled 1 blind); a unit written after its body, or after a bracketed acronym, stays its own.
@pytest.mark.parametrize("a, b", [
    ("Oulun yliopisto Kajaanin yliopistokeskus Cemis-Oulu", "Oulun yliopisto Cemis-Oulu"),
    ("Oulun yliopisto Kajaanin yliopistokeskus Cemis-Oulu",
     "Oulun yliopisto Kajaanin yliopistokeskus MIttaustekniikan yksikkö CEMIS-OULU"),
    ("Oulun yliopisto Bioprosessitekniikan laboratorio",
     "Oulun yliopisto prosessi- ja ympäristötekniikan osasto bioprosessitekniikan laboratorio"),
    ("Oulun yliopisto sähkö- ja tietotekniikan osasto optoelektroniikan ja mittaustekniikan laboratorio",
     "Oulun yliopiston optoelektroniikan- ja mittaustekniikan laboratorio"),
])
def test_a_level_between_a_body_and_its_unit_is_set_aside_and_why_says_so(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate
    assert "a level between the body and its unit" in candidate.explanation


@pytest.mark.parametrize("a, b", [
    ("Geologian tutkimuskeskus (GTK)", "Geologian tutkimuskeskus (GTK)  Pohjois-Suomen yksikkö"),  # the list: a unit
    ("Oulun seudun koulutuskuntayhtymä (OSEKK)",
     "Oulun seudun koulutuskuntayhtymä (OSEKK)/Oulun seudun ammattikorkeakoulu (Oamk)/Tekniikan yksikkö"),
    ("Itä-Suomen yliopisto Kuopion Kampus", "Itä-Suomen yliopisto Kuopion kampus  sovelletun fysiikan laitos"),  # unseen, 0
    ("Tampereen yliopisto", "Tampereen yliopisto Seinäjoen yliopistokeskus"),                              # unseen8, 0
])
def test_a_unit_after_its_body_is_not_read_as_a_level(a, b):
    [candidate] = match_names([a], [b], min_score=0) or [None]
    assert candidate is None or not candidate.auto, candidate


# Issue 21, thirteenth round: a unit written after its body without a separator, the words both names share naming
# only the body (a university, a municipality, a joint authority, their places). Real pairs of the labelled sets,
# labelled 0 blind (unseen, unseen5, unseen8, unseen9), that main listed for review or near it.
@pytest.mark.parametrize("a, b", [
    ("Tampereen yliopisto", "Tampereen yliopisto Seinäjoen yliopistokeskus"),                     # unseen8, review
    ("OULUN YLIOPISTO", "Oulun yliopisto Mittalaitelaboratorio"),                                 # unseen8, review
    ("Helsingin kaupunki kaupunginkirjasto", "Helsingin kaupunki"),                               # unseen, review
    ("Jyväskylän koulutuskuntayhtymä (Jkky)", "Jyväskylän koulutuskuntayhtymä  Jyväskylän aikuisopisto"),  # unseen5
    ("Itä-Suomen yliopisto Kuopion Kampus", "Itä-Suomen yliopisto Kuopion kampus  sovelletun fysiikan laitos"),
    ("Jyväskylän yliopisto Opettajankoulutuslaitos", "JYVÄSKYLÄN YLIOPISTO"),                     # unseen9
])
def test_a_unit_written_after_its_body_is_another_body_and_why_says_so(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.score < REVIEW_FROM, candidate
    assert "read as a unit written after its body" in candidate.explanation


@pytest.mark.parametrize("a, b, auto", [
    ("Kemi-Tornion ammattikorkeakoulu", "Kemi-Tornion Ammattikorkeakoulu/Koulutuskuntayhtymä Lappia", True),  # unseen, 1: a parent
    ("Seinäjoen koulutuskuntayhtymä Seinäjoen ammattikorkeakoulu Kulttuurialan yksikkö",
     "Seinäjoen koulutuskuntayhtymä Seinäjoen ammattikor", True),                                # fit, 1: a cut name
    ("Vaasan yliopisto Levón-instituutti", "Levón-instituutti", None),                            # unseen, 1: a parent before
    ("Länsirannikon Koulutus Oy WinNova", "Länsirannikon Koulutus Oy", None),                     # unseen, 1: a firm
    ("Helsingin yliopisto Koulutus- ja kehittämiskeskus Palmenia Hyvinkää",
     "Helsingin yliopisto/Koulutus- ja kehittämiskeskus Palmenia", None),                         # fit, 0: the unit is named
])
def test_a_body_s_own_name_parent_or_firm_is_not_read_as_a_unit_after_it(a, b, auto):
    [candidate] = match_names([a], [b], min_score=0)
    assert "read as a unit written after its body" not in candidate.explanation, candidate
    assert auto is None or candidate.auto == auto, candidate


# Issue 21, fourteenth round: a word added inside a firm's name, before its legal form, names another firm (rule 2
# of the labels). Real pairs of the labelled sets, labelled 0 blind, that main accepted or listed for review.
@pytest.mark.parametrize("a, b", [
    ("Auto Rent Finland Oy", "Auto Rent Oy"),                  # unseen4, automatic on main
    ("OPAL BLUE OY", "OPAL BLUE SOLUTIONS OY"),                # unseen7, automatic on main
    ("Warkop Oy", "Warkop Holding Oy"),                        # unseen, review
    ("KALAJOEN TERÄS KIINTEISTÖT OY", "KALAJOEN TERÄS OY"),    # unseen10, review
])
def test_a_word_added_inside_a_firm_s_name_is_another_firm_and_why_says_so(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.score < REVIEW_FROM and not candidate.auto, candidate
    assert "read as a word added inside a firm's name" in candidate.explanation


@pytest.mark.parametrize("a, b, auto", [
    ("Länsirannikon Koulutus Oy WinNova", "Länsirannikon Koulutus Oy", None),  # unseen, 1: words after the form
    ("KÄYTTÖSOFTA OY", "KÄYTTÖSOFTA OY OULU", None),                           # unseen7, 1: a place after the form
    ("TOIVALAN KONEPAJA", "TOIVALAN KONEPAJA OY", True),                       # unseen10, 1: a legal form only
])
def test_words_after_a_firm_s_form_or_a_form_alone_are_not_another_firm(a, b, auto):
    [candidate] = match_names([a], [b], min_score=0)
    assert "read as a word added inside a firm's name" not in candidate.explanation, candidate
    assert auto is None or candidate.auto == auto, candidate


# Issue 21, sixteenth round: one slip in a long word of a public body's name (a letter dropped, added, changed, or
# two neighbours swapped, a glued legal form's first letter too) is a typo, however rarely the list writes either
# spelling. Real pairs of the read sets, labelled 1 blind, that main missed.
@pytest.mark.parametrize("a, b", [
    ("Savon koulutuskuntayhtymä", "Savon koulutusluntayhtymä"),        # unseen11: a slip in the glued form
    ("Pyhäjärvi-instituuttisäätiö", "Pyhäjärvi-instituuttissätiö"),    # unseen6: both spellings rare
])
def test_a_slip_in_a_long_word_of_a_public_body_is_a_typo(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert candidate.auto, candidate


@pytest.mark.parametrize("a, b", [
    ("KAARVAN SOLINUMTECHNICS OY", "KAARVAN SALINUMTECHNICS OY"),   # a firm's coined word one letter off
    ("Oulun Pertemetallix Oy", "Oulun Petremetallix Oy"),           # two neighbours swapped in a firm's
])
def test_a_slip_in_a_firm_s_coined_word_stays_a_look_alike(a, b):
    [candidate] = match_names([a], [b], min_score=0)
    assert not candidate.auto, candidate
