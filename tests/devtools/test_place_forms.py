"""The shipped case forms of the gazetteer's places are what ``devtools.place_forms`` writes from
simplemma's dictionary, and the matcher reads them as one place."""

from __future__ import annotations

from devtools.place_forms import case_forms
from graph_model.places import FORMS, place_of
from graph_model.orgnames import fold


def test_the_shipped_forms_are_the_dictionarys():
    shipped = {tuple(line.split("\t")) for line in FORMS.read_text(encoding="utf-8").splitlines()
               if line and not line.startswith("#")}
    written = {(form, fold(place)) for place, forms in case_forms().items() for form in forms
               if form != fold(place) and "-" not in form and " " not in form}
    assert shipped == written


def test_a_form_names_its_place_and_no_other():
    assert place_of("lapin") & place_of("lappi") and place_of("muhoksessa") & place_of("muhos")
    assert not place_of("lapin") & place_of("muhos")
