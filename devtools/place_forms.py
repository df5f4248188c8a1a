"""Write ``graph_model/places_fi_forms.txt``: the case forms of the gazetteer's places, from simplemma's
Finnish dictionary (a lemmatiser the project already depends on), so that matching can read ``Lapin`` and
``Lappi``, ``Muhoksen`` and ``Muhos`` as one place without loading the dictionary (4 s) on every call.

A place the dictionary knows as a lemma gets every form the dictionary maps to it (``Lappi``: ``Lapin``,
``Lapissa``, ``Lappiin`` ...). A compound place it does not know gets its last word's forms after its own
first part, when that last word is a dictionary lemma of four letters or more (``Jalasjärvi``:
``Jalasjärven``, ``Jalasjärvellä`` from ``järvi``). Places of two words are left out. Forms are folded as
:func:`graph_model.orgnames.fold` folds them.

Usage: python -m devtools.place_forms   (from the repository root; rewrites the file)
"""

from __future__ import annotations

from graph_model.places import FORMS, fold, gazetteer


def case_forms() -> dict[str, set[str]]:
    """place (as in the gazetteer) -> its forms, folded, the place's own folded name included.

    >>> forms = case_forms()
    >>> {"lapin", "lapissa"} <= forms["Lappi"], "muhoksen" in forms["Muhos"], "jalasjarven" in forms["Jalasjärvi"]
    (True, True, True)
    """
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    raw = DefaultDictionaryFactory().get_dictionary("fi")._dict
    known = set(raw.values()) | set(raw)
    places = [p for p in gazetteer() if " " not in p]
    lemmas = {p.encode() for p in places}
    # the last word of a compound place, when the dictionary knows it (``järvi``, ``koski``, ``vesi``)
    tails = {p: next((p[k:].lower() for k in range(1, len(p) - 3) if p[k:].lower().encode() in known), None)
             for p in places}
    wanted = lemmas | {t.encode() for t in tails.values() if t}
    found: dict[str, set[str]] = {}
    for form, lemma in raw.items():
        if lemma in wanted:
            found.setdefault(lemma.decode(), set()).add(form.decode())
    out = {}
    for place in places:
        forms = found.get(place)
        if not forms and (tail := tails[place]) and tail in found:
            head = place[:len(place) - len(tail)]
            forms = {head + f.lower() for f in found[tail]}
        out[place] = {fold(f) for f in forms or ()} | {fold(place)}
    return out


def main() -> None:
    lines = sorted(f"{form}\t{fold(place)}" for place, forms in case_forms().items() for form in forms
                   if form != fold(place) and "-" not in form and " " not in form)
    FORMS.write_text("# form<TAB>place, folded; written by devtools/place_forms.py from simplemma's Finnish "
                     "dictionary\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} forms written to {FORMS}")


if __name__ == "__main__":
    main()
