"""Organisation names and business ids as keys: the same organisation however a source spells it.

:func:`name_key` folds case, spaces, punctuation and Finnish/Swedish legal forms (``Oy``, ``Oyj``,
``Ab``, ``Ky``, ``ry``, ``rf``, ``osk``, ``säätiö``, ``kuntayhtymä`` ...), so that
``Laurea-ammattikorkeakoulu Oy`` and ``Laurea ammattikorkeakoulu`` get one key. :func:`business_id`
validates a Finnish business id (Y-tunnus) with python-stdnum when it is installed, else with the same
check digit rule.

Examples
--------
>>> name_key("Laurea-ammattikorkeakoulu Oy"), name_key("LAUREA  ammattikorkeakoulu")
('laurea ammattikorkeakoulu', 'laurea ammattikorkeakoulu')
>>> name_key("Svenska kulturfonden rf"), name_key("Kehitysyhtiö Oy Ab")
('svenska kulturfonden', 'kehitysyhtiö')
>>> business_id("0201256-6"), business_id("0201256-5")
('0201256-6', None)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from graph_model.places import fold

__all__ = ["LEGAL_FORMS", "LEGAL_FORM_KINDS", "name_key", "business_id", "slug", "fold", "repair_doubled",
           "split_business_id", "ParsedName", "parse_name", "other_names", "learn_acronyms", "expand_acronyms"]

#: Legal-form words dropped from a name's key (lower case, without dots).
LEGAL_FORMS = frozenset({
    "oy", "oyj", "ab", "abp", "ky", "kb", "ay", "hb", "ry", "rf", "rs", "osk", "anl", "tmi", "ltd", "inc",
    "gmbh", "plc", "llc", "säätiö", "stiftelse", "sr", "kuntayhtymä", "samkommun", "ky:n", "oy:n",
    "r.y", "r.f", "ky.", "co", "limited", "osuuskunta", "andelslag", "liikelaitos", "affärsverk",
})
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES = re.compile(r"\s+")
_YTUNNUS = re.compile(r"^(\d{6,7})-?(\d)$")


def name_key(name: str) -> str:
    """The matching key of an organisation name: lower case, NFC, punctuation to spaces, legal forms
    dropped (anywhere, as whole words), spaces collapsed. A name made only of legal forms keeps them."""
    text = unicodedata.normalize("NFC", name).casefold()
    words = _SPACES.sub(" ", _PUNCT.sub(" ", text)).split()
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)


def slug(key: str) -> str:
    """An id-safe form of a name key (spaces to ``-``).

    >>> slug("laurea ammattikorkeakoulu")
    'laurea-ammattikorkeakoulu'
    """
    return key.replace(" ", "-")


def business_id(text: str) -> str | None:
    """The Finnish business id (``1234567-8``) in ``text`` when its check digit holds, else None."""
    match = _YTUNNUS.match(text.strip())
    if not match:
        return None
    body = match.group(1).zfill(7)
    try:  # python-stdnum when present: the reference implementation
        from stdnum.fi import ytunnus
        return ytunnus.format(body + match.group(2)) if ytunnus.is_valid(body + match.group(2)) else None
    except ImportError:
        pass
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2)))
    check = 0 if total % 11 == 0 else 11 - total % 11
    return f"{body}-{check}" if check != 10 and check == int(match.group(2)) else None


# --- Parsing a name as real exports write it (folding, business ids, doubled names, legal forms) ---

#: Legal forms, long and short, Finnish, Swedish and English (folded), by the kind of body they name.
LEGAL_FORM_KINDS = {
    "company": ("oy", "oyj", "ab", "abp", "osakeyhtio", "aktiebolag", "ltd", "limited", "plc", "inc", "gmbh",
                "llc", "julkinen osakeyhtio", "publikt aktiebolag"),
    # a housing or property company owns one building or estate and is named after it, or after the
    # firm that built or uses it: never that firm (``Kiinteistö Oy Siimet`` / ``Siimet Oy``)
    "housing company": ("kiinteisto oy", "kiinteisto osakeyhtio", "kiinteistoosakeyhtio", "koy", "kiint oy",
                        "asunto oy", "as oy", "asunto osakeyhtio", "asuntoosakeyhtio", "bostads ab",
                        "bostadsaktiebolag", "bostads aktiebolag", "fastighets ab", "fastighetsaktiebolag",
                        "fastighets aktiebolag", "kiinteisto oyj", "kiinteistoyhtio oy"),
    "partnership": ("ky", "kb", "ay", "hb", "kommandiittiyhtio", "kommanditbolag", "avoin yhtio", "oppet bolag",
                    "tmi", "t mi", "toiminimi"),
    "cooperative": ("osk", "osuuskunta", "andelslag", "anl"),
    "association": ("ry", "rf", "r y", "r f", "rekisteroity yhdistys", "registrerad forening"),
    "foundation": ("saatio", "stiftelse", "sr", "s r"),
    "joint municipal authority": ("kuntayhtyma", "samkommun", "ky n"),
    "municipal enterprise": ("liikelaitos", "affarsverk"),
}
_FORM_OF = {form: kind for kind, forms in LEGAL_FORM_KINDS.items() for form in forms}
_LONGEST_FORM = max(len(f.split()) for f in _FORM_OF)
# A long legal form written together with the word before it (ammattikorkeakouluosakeyhtio).
_GLUED_FORMS = ("osakeyhtio", "kuntayhtyma", "aktiebolag", "osuuskunta", "andelslag", "kommandiittiyhtio",
                "liikelaitos")
_GLUED_FORM = re.compile(r"^(\w{4,}?)(osakeyhtio|kuntayhtyma|aktiebolag|osuuskunta|andelslag|"
                         r"kommandiittiyhtio|liikelaitos)$")
_ID_IN_TEXT = re.compile(r"(\d{7})\s?-\s?(\d)|(?<![0-9A-Za-z])FI(\d{8})(?!\d)")
_SEPARATORS = re.compile(r"\s*[/,;|]\s*|\s+-\s+")
_PARENS_PART = re.compile(r"\(([^()]*)\)")
#: Word endings (folded) that make a bracketed text a unit of the body named before it (``Hyria koulutus
#: Oy (Riihimäen yksikkö)``), kept as a part like a unit after a slash; so is a site (``(Diak Länsi)``,
#: :func:`_site`); other brackets are notes.
UNIT_HEADS = ("yksikko", "toimipiste", "toimipaikka", "osasto", "enhet", "avdelning", "unit", "department",
              "campus", "kampus", "tehdas")


def repair_doubled(name: str) -> str:
    """``name`` once when an export wrote it twice (``ESIMERKKI OYESIMERKKI OY``), also when the second
    copy was cut short by a fixed-width column.

    >>> repair_doubled("ESIMERKKI OYESIMERKKI OY"), repair_doubled("Oulun kaupunki Oulun kaupu")
    ('ESIMERKKI OY', 'Oulun kaupunki')
    >>> repair_doubled("Oulun Oulu")
    'Oulun Oulu'
    """
    text = name.strip()
    folded = fold(text)
    for cut in range((len(text) + 1) // 2, len(text) - 7):
        rest = folded[cut:].strip()
        if len(rest) >= 6 and folded[:cut].strip().startswith(rest):
            return text[:cut].strip()
    return text


def split_business_id(name: str) -> tuple[str, str | None]:
    """The name without a valid business id written in it (glued or not), and that id.

    >>> split_business_id("SISUWOOD OY2034683-4")
    ('SISUWOOD OY', '2034683-4')
    >>> split_business_id("Kiinteistöosakeyhtiö Jääkärinkatu 31")
    ('Kiinteistöosakeyhtiö Jääkärinkatu 31', None)
    """
    found = None
    while True:
        for match in _ID_IN_TEXT.finditer(name):
            digits = match.group(1) + "-" + match.group(2) if match.group(1) else match.group(3)[:7] + "-" + match.group(3)[7]
            if valid := business_id(digits):
                name, found = (name[:match.start()] + " " + name[match.end():]).strip(), found or valid
                break
        else:
            return name, found


@dataclass(frozen=True)
class ParsedName:
    """A name taken apart: folded core words per part (split at ``/ , ;``), legal form kinds, business id,
    parenthesised notes, whether the text may have been cut by a fixed-width column, the legal form
    kinds of each part (``part_forms``, one set per part; empty when not known), and what an export glued
    after the name (``glued``: a contact, a role, co-implementers; no part of the name), and whether the name
    ends in its legal form (``form_last``: ``Warkop Holding Oy``, not ``Länsirannikon Koulutus Oy WinNova``,
    whose last word was written after the form)."""

    parts: tuple[tuple[str, ...], ...]
    forms: frozenset[str]
    business_id: str | None
    notes: tuple[str, ...]
    cut: bool
    part_forms: tuple[frozenset[str], ...] = ()
    glued: tuple[str, ...] = ()
    form_last: bool = False

    @cached_property
    def words(self) -> tuple[str, ...]:
        """Every core word, parts in order."""
        return tuple(w for part in self.parts for w in part)


def _leading_forms(words: list[str]) -> tuple[set[str], int]:
    """The legal form kinds a piece of a name opens with, and how many words they take."""
    found, i = set(), 0
    while i < len(words):
        size = next((n for n in range(min(_LONGEST_FORM, len(words) - i), 0, -1)
                     if _is_form(" ".join(words[i:i + n]), i == 0)), 0)
        if not size:
            break
        found.add(_FORM_OF[" ".join(words[i:i + size])])
        i += size
    return found, i


#: A housing company's legal form written out is one only at the head of a name (``Kiinteistö Oy Siimet``);
#: later it is a line of business (``Savo-Karjalan Tili ja Kiinteistö Oy``). Its abbreviations are one anywhere.
_HOUSING_ANYWHERE = frozenset({"koy", "kiint oy", "as oy"})


def _is_form(phrase: str, at_head: bool) -> bool:
    kind = _FORM_OF.get(phrase)
    return kind is not None and (kind != "housing company" or at_head or phrase in _HOUSING_ANYWHERE)


def _words_without_forms(words: list[str], forms: set[str]) -> list[str]:
    out, i = [], 0
    while i < len(words):
        for size in range(min(_LONGEST_FORM, len(words) - i), 0, -1):
            phrase = " ".join(words[i:i + size])
            if _is_form(phrase, not out):
                forms.add(_FORM_OF[phrase])
                i += size
                break
        else:
            exact = _GLUED_FORM.match(words[i])
            glued = exact.groups() if exact else _glued_typo(words[i])
            if glued:
                out.append(glued[0])
                forms.add(_FORM_OF[glued[1]])
            else:
                out.append(words[i])
            i += 1
    return out


def _glued_typo(word: str) -> tuple[str, str] | None:
    """A long legal form glued to the word before it and written with one slip (:func:`_slip`: a letter
    dropped, added or changed, its first letter too, or two neighbours swapped: ``koulutuskuntayhymä``,
    ``koulutusluntayhtymä``, ``koulutuskuntayhtmyä``): the word and the form, else None.

    >>> _glued_typo("koulutuskuntayhyma"), _glued_typo("koulutusluntayhtyma"), _glued_typo("koulutuskeskus")
    (('koulutus', 'kuntayhtyma'), ('koulutus', 'kuntayhtyma'), None)
    """
    if len(word) < 12:
        return None
    for form in _GLUED_FORMS:
        for head in range(4, len(word) - len(form) + 2):
            if _slip(word[head:], form):
                return word[:head], form
    return None


def _one_edit(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` differ by exactly one letter dropped, added or changed.

    >>> _one_edit("kuntayhyma", "kuntayhtyma"), _one_edit("abc", "abc"), _one_edit("abcd", "abdc")
    (True, False, False)
    """
    if abs(len(x) - len(y)) > 1 or x == y:
        return False
    k = next((k for k, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
    return x[k + 1:] == y[k + 1:] if len(x) == len(y) else (x[k + 1:] == y[k:] if len(x) > len(y) else x[k:] == y[k + 1:])


def _slip(x: str, y: str) -> bool:
    """Whether ``x`` and ``y`` differ by one slip of the hand: a letter dropped, added or changed
    (:func:`_one_edit`), or two neighbouring letters swapped (``tiedepuisto`` / ``tiedepusito``).

    >>> _slip("tiedepuisto", "tiedepusito"), _slip("kuntayhyma", "kuntayhtyma"), _slip("abcd", "badc")
    (True, True, False)
    """
    if _one_edit(x, y):
        return True
    if len(x) != len(y):
        return False
    apart = [k for k, (p, q) in enumerate(zip(x, y)) if p != q]
    return len(apart) == 2 and apart[1] == apart[0] + 1 and x[apart[0]] == y[apart[1]] and x[apart[1]] == y[apart[0]]


def parse_name(name: str, *, width: int = 50) -> ParsedName:
    """Take an organisation name apart as real exports write it.

    >>> p = parse_name("ÄÄNEKOSKEN ENERGIA OSAKEYHTIÖ / Suolahti")
    >>> p.parts, sorted(p.forms), p.cut
    ((('aanekosken', 'energia'), ('suolahti',)), ['company'], False)
    >>> parse_name("Esimerkki OyEsimerkki Oy2034683-4").words, parse_name("Esimerkki Oy2034683-4").business_id
    (('esimerkki',), '2034683-4')

    A housing company is a legal form of its own; a unit in brackets is a part, not a note, and so is a
    unit at the end of a name:

    >>> sorted(parse_name("KIINTEISTÖ OY SIIMET").forms), sorted(parse_name("SIIMET OY").forms)
    (['housing company'], ['company'])
    >>> p = parse_name("Hyria koulutus Oy (Riihimäen yksikkö) (HYRIA)")
    >>> p.parts, p.notes
    ((('hyria', 'koulutus'), ('riihimaen', 'yksikko')), ('hyria',))
    >>> parse_name("Helsingin yliopisto Ruralia-instituutti Mikkelin yksikkö").parts
    (('helsingin', 'yliopisto', 'ruralia', 'instituutti'), ('mikkelin', 'yksikko'))

    Whether the name ends in its legal form (words added inside a firm's name stand before it):

    >>> parse_name("Warkop Holding Oy").form_last, parse_name("Länsirannikon Koulutus Oy WinNova").form_last
    (True, False)
    """
    text, ident = split_business_id(repair_doubled(name))
    text = repair_doubled(text)
    cut = len(name.rstrip()) in (width - 1, width) or len(text.rstrip()) in (width - 1, width)
    text, addresses = _typed_over(text)
    text, glued = _glued_note(text)
    glued += addresses
    # a site glued on (``MIKKELIN BETONI OYVIERUMÄEN TEHDAS``) is a unit part, like one in brackets
    sites = [n for n in glued if _PUNCT.sub(" ", n).split()[-1:] and _PUNCT.sub(" ", n).split()[-1].endswith(UNIT_HEADS)]
    glued = tuple(n for n in glued if n not in sites)
    bracketed = [fold(n).strip() for n in _PARENS_PART.findall(text)]
    units = [n for n in bracketed if any(w.endswith(UNIT_HEADS) for w in _PUNCT.sub(" ", n).split())
             or _site(n, _PARENS_PART.sub(" ", text))] + sites
    notes = tuple(n for n in bracketed if n not in units)
    text = _PARENS_PART.sub(" ", text) + "".join(f" / {unit}" for unit in units)
    forms: set[str] = set()
    parts, part_forms, form_last = [], [], False
    pieces = re.split(f"({_SEPARATORS.pattern})", fold(text))
    for k in range(0, len(pieces), 2):
        piece, dash = pieces[k], k > 0 and pieces[k - 1].strip() == "-"
        raw = _SPACES.sub(" ", _PUNCT.sub(" ", piece.replace(":", ""))).split()
        lead, start = _leading_forms(raw) if parts and dash else (set(), 0)
        own: set[str] = set()
        words = _words_without_forms(raw[start:], own)
        forms |= own | lead
        if lead:  # a legal form after a dash (``Koulutuskonserni - kuntayhtymä``) is the previous part's
            part_forms[-1] = part_forms[-1] | lead
        if words:
            parts.append(tuple(words))
            part_forms.append(frozenset(own))
        if raw:
            form_last = any(" ".join(raw[-n:]) in _FORM_OF for n in range(1, min(_LONGEST_FORM, len(raw)) + 1))
    if parts and (unit := _tail_unit(parts[-1])):  # ``... Ruralia-instituutti Mikkelin yksikkö``
        parts[-1:] = [parts[-1][:-unit], parts[-1][-unit:]]
        part_forms.append(frozenset())
    return ParsedName(tuple(parts), frozenset(forms), ident, notes, cut, tuple(part_forms), glued, form_last)


#: A web address or an e-mail address written in a name, glued to it or not (``... OYWWW.DAVID.FI``): an
#: e-mail's local part counts only after a space or a short legal form it is glued to.
_ADDRESS = re.compile(r"(?:https?://|www\.)[\w.-]+\w(?:/\S*)?|(?:(?<=\s)|(?<=^)|(?<=OY)|(?<=AB)|(?<=KY)|(?<=Oy)"
                      r"|(?<=Ab)|(?<=Ky))[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
#: A sole trader's legal form glued to the word before it (``JARMO PUOLITAIVALT:MI``).
_GLUED_TMI = re.compile(r"(?<=[^\W\d_])(t:mi)\b", re.I)
#: A zero typed for the O of ``OY`` (``WATEPACK 0Y``), as a word of its own.
_ZERO_OY = re.compile(r"(?:(?<=\s)|^)0(?=[Yy](?:\s|$))")


def _typed_over(text: str) -> tuple[str, tuple[str, ...]]:
    """The name with what a typist or an export wrote over its form set right: a web or e-mail address
    taken out (returned, folded, as glued text: it is no word of the name), a glued ``T:MI`` written apart,
    a zero read as the O of ``OY``.

    >>> _typed_over("DAVID HEALTH SOLUTIONS OYWWW.DAVID.FI")
    ('DAVID HEALTH SOLUTIONS OY', ('www.david.fi',))
    >>> _typed_over("KONEHUOLTO JARMO PUOLITAIVALT:MI"), _typed_over("WATEPACK 0Y")
    (('KONEHUOLTO JARMO PUOLITAIVAL T:MI', ()), ('WATEPACK OY', ()))
    >>> _typed_over("Esimerkki Oy info@esimerkki.fi"), _typed_over("Oy 0Y-Tuote Ab")
    (('Esimerkki Oy', ('info@esimerkki.fi',)), ('Oy 0Y-Tuote Ab', ()))
    """
    found = tuple(fold(m.group(0)) for m in _ADDRESS.finditer(text))
    written = _ZERO_OY.sub("O", _GLUED_TMI.sub(r" \1", _ADDRESS.sub(" ", text) if found else text))
    return (text if written == text else _SPACES.sub(" ", written).strip()), found


#: Compass points that name a site or region of a body (``Diak Länsi``: its western site), folded.
COMPASS = frozenset({"lansi", "ita", "pohjoinen", "etela", "vast", "ost", "norr", "soder", "west", "east", "north",
                     "south"})


def _site(note: str, name: str) -> bool:
    """Whether a bracketed ``note`` names a site of the body ``name`` names: the body's own name, or
    the beginning of one of its words, with a place or compass point the name lacks (``Diakonia-
    ammattikorkeakoulu Oy (Diak Länsi)``). Such a note is a unit, like ``(Riihimäen yksikkö)``; a
    second name, an acronym or a status note is not.

    >>> _site("diak lansi", "Diakonia-ammattikorkeakoulu Oy"), _site("turun amk", "Turun ammattikorkeakoulu")
    (True, False)
    """
    from graph_model.places import place_words

    words = _PUNCT.sub(" ", note).split()
    own = _PUNCT.sub(" ", fold(name)).split()
    places = [w for w in words if (w in COMPASS or w in place_words() or w[:-1] in place_words()) and w not in own]
    rest = [w for w in words if w not in places]
    return len(words) >= 2 and bool(places) and bool(rest) and \
        all(len(w) >= 4 and any(o.startswith(w) for o in own) for w in rest)


#: What an export glues after a name: a contact (``c/o``), the implementer's role and its co-implementers
#: (``päätoteuttaja``, ``+ osatoteuttajina``), a status written after it (``Rukapalvelu Oy jakautunut``:
#: demerged; ``sulautunut``: merged, as in brackets), a legal form run into the next word in a name written in
#: capitals (``TERVOLAN KURKIAURA OYMATTI ALATALO``: a contact person's name after the firm's).
_CONTACT = re.compile(r"\s*\bc\s*/\s*o\b.*$|\s*(?:\+\s*)?(?:\bpäätoteuttaja\w*|\bosatoteuttaj\w*).*$"
                      r"|\s+(?:jakautunut|sulautunut)\s*$", re.I | re.S)
#: ``OY`` only: many Finnish words open with ``ky``, ``ry``, ``ab`` (``KYLPYLÄ``, ``RYHMÄ``, ``ABLOY``).
_GLUED_AFTER_FORM = re.compile(r"(?<=\S\s)(OY)([A-ZÄÖÅ]{3,}(?:\s.*)?)$", re.S)
_GLUED_C_O = re.compile(r"\b(OY|AB|KY|RY)(C/O\b.*)$", re.S | re.I)
#: A co-implementer after `` - ``: a body of its own (words ending with a legal form) after a name of two
#: or more words without one (``Loimaan seutukunnan kehittämiskeskus - Yrityskolmio ry``; ``Vaasanseudun
#: Kehitys Oy - Vasaregionens Utveckling Ab`` is one firm's two names).
_CO_IMPLEMENTER = re.compile(r"^(\S+(?:\s+\S+)+?)\s+-\s+(\S+(?:\s+\S+)*)$", re.S)


def _glued_note(text: str) -> tuple[str, tuple[str, ...]]:
    """The name without what an export glued after it, and that text (folded): a contact, a role, the
    co-implementers, never a word of the name.

    >>> _glued_note("LAAJIS OYC/O TIIA SUUTARI"), _glued_note("TERVOLAN KURKIAURA OYMATTI ALATALO")
    (('LAAJIS OY', ('c/o tiia suutari',)), ('TERVOLAN KURKIAURA OY', ('matti alatalo',)))
    >>> _glued_note("Rukapalvelu Oy jakautunut")
    ('Rukapalvelu Oy', ('jakautunut',))
    >>> _glued_note("Loimaan seutukunnan kehittämiskeskus - Yrityskolmio ry")
    ('Loimaan seutukunnan kehittämiskeskus', ('yrityskolmio ry',))
    >>> _glued_note("Lahden Alueen Kehittämisyhtiö Oy - LAKES"), _glued_note("OY PETÄJÄVEDEN METALLI AB")
    (('Lahden Alueen Kehittämisyhtiö Oy - LAKES', ()), ('OY PETÄJÄVEDEN METALLI AB', ()))
    """
    notes = []
    if found := _GLUED_C_O.search(text):
        text, notes = text[:found.start(2)], [found.group(2)]
    elif text.upper() == text and (found := _GLUED_AFTER_FORM.search(text)):
        text, notes = text[:found.start(2)], [found.group(2)]
    if (found := _CONTACT.search(text)) and found.start() > 0:
        text, notes = text[:found.start()], [found.group(0).strip(" +;,")] + notes
    if (found := _CO_IMPLEMENTER.match(text.strip())) and "/" not in text:
        after = _SPACES.sub(" ", _PUNCT.sub(" ", fold(found.group(2)))).split()
        before = _SPACES.sub(" ", _PUNCT.sub(" ", fold(found.group(1)))).split()
        forms: set[str] = set()
        rest = _words_without_forms(after, forms)
        ends = bool(after) and _words_without_forms(after[-1:], set()) == []
        own: set[str] = set()
        if forms and rest and ends and len(_words_without_forms(before, own)) >= 2 and not own and \
                forms & {"company", "association", "cooperative", "foundation", "partnership"}:
            text, notes = found.group(1), [found.group(2)] + notes
    return text.strip(), tuple(fold(n).strip() for n in notes if n.strip())


def other_names(name: ParsedName) -> tuple[ParsedName, ...]:
    """The other names a name gives its body in brackets: a former or second name of the same legal form
    (``YEZ OY (MONDEX OY)``), or, for a firm or association, one a rename word introduces (``Seinäjoen
    Teknologiakeskus Oy (nyk. Frami)``, ``(ent. Ikihirsi Oy)``); dates and rename words left out. A
    successor from a date (``1.1.2010 alkaen``) may be another body that took the work over.

    >>> [n.words for n in other_names(parse_name("YEZ OY (MONDEX OY)"))]
    [('mondex',)]
    >>> [n.words for n in other_names(parse_name("Seinäjoen Teknologiakeskus Oy (nyk. Frami)"))]
    [('frami',)]
    >>> other_names(parse_name("Frami Oy (1.1.2015 alkaen Into Seinäjoki)"))
    ()
    >>> other_names(parse_name("Seinäjoen ammattikorkeakoulu (emo: Seinäjoen koulutuskuntayhtymä)"))
    ()
    """
    out = []
    for note in name.notes:
        words = _SPACES.sub(" ", _PUNCT.sub(" ", note)).split()
        renamed = bool(set(words) & _RENAME) and bool(name.forms & _OWN_NAME_FORMS)
        kept = " ".join(w for w in words if w not in _RENAME and not w.isdigit())
        if not kept:
            continue
        other = parse_name(kept)
        if other.words and (renamed or other.forms & name.forms & _OWN_NAME_FORMS):
            out.append(other)
    return tuple(out)


#: Words that introduce a former or present name of the same body (folded): ``nyk.`` (now), ``entinen``
#: (former), ``tidigare`` ...; not ``alkaen`` (from a date), which also names a body that took over
#: (``Posek Oy (1.4.2012 alkaen Prizztech Oy)``: a merger).
_RENAME = frozenset({"nyk", "nykyinen", "nykyisin", "entinen", "ent", "ennen", "tidigare", "numera", "formerly",
                     "former"})
#: Legal forms whose body has a name of its own (a firm, an association), not a public body's unit.
_OWN_NAME_FORMS = frozenset({"company", "partnership", "cooperative", "association", "housing company"})


def _tail_unit(words: tuple[str, ...]) -> int:
    """How many words at the end of a part name a unit of the body before them: a unit head
    (:data:`UNIT_HEADS`) and up to two genitives before it (``kajaanin yksikko``, ``terveysalan oulaisten
    yksikko``); 0 when there is none or nothing would be left before it."""
    if len(words) < 2 or not words[-1].endswith(UNIT_HEADS):
        return 0
    k = len(words) - 1
    while k > 0 and len(words) - k < 3 and words[k - 1].endswith("n") and words[k - 1].isalpha():
        k -= 1
    return len(words) - k if k > 0 else 0  # only genitives before it: the part is a unit in its own right


# --- Acronyms, learned from the list itself ---

_CAPITALS = re.compile(r"(?<![\w])[A-ZÄÖÅ]{2,6}(?![a-zäöå])")
_LOWER = re.compile(r"(?<![\w])[a-zäöå]{2,6}(?![\w])")
#: Words an acronym skips (``elinkeino-, liikenne- ja ympäristökeskus``: ELY), folded.
_SKIPPED = frozenset({"ja", "seka", "och", "samt", "and", "of", "the", "for"})


def learn_acronyms(names, *, support: int = 2, short_support: int = 5, keep: int = 3,
                   parse=None) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Which acronyms of a list stand for which words, learned from the list itself: a token written in
    capitals in a name that is not all capitals (``Lapin ELY-keskus``, ``KT Kuntatyönantajat``) is an
    acronym; its expansions are runs of words of other names whose initials spell it (function words
    skipped: ``elinkeino liikenne ja ymparistokeskus``), seen in at least ``support`` names (two-letter
    acronyms, which a person's initials also make, in ``short_support``); the ``keep`` most frequent per
    acronym, most frequent first; compound words count by their parts too (``JAMK``: ``Jyväskylän
    ammattikorkeakoulu``). Legal forms (``OY``, ``AB``) are not acronyms here. ``parse`` is
    :func:`parse_name` or a memoised one.

    >>> names = ["Lapin ELY-keskus", "Lapin elinkeino-, liikenne- ja ympäristökeskus",
    ...          "Hämeen elinkeino-, liikenne- ja ympäristökeskus", "Pirkanmaan ELY-keskus"]
    >>> learn_acronyms(names)
    {'ely': (('elinkeino', 'liikenne', 'ja', 'ymparistokeskus'),)}

    A compound word's parts, when the list has them as words, spell an acronym too (:func:`_spellings`):

    >>> names = ["Jyväskylän ammattikorkeakoulu", "Jyväskylän Ammattikorkeakoulu Oy", "JAMK Jyväskylän AMK",
    ...          "Ammatti-instituutti", "Ammatti-opisto Luovi", "Aalto korkeakoulu", "Taideteollinen korkeakoulu"]
    >>> learn_acronyms(names)["jamk"]
    (('jyvaskylan', 'ammattikorkeakoulu'),)
    """
    names = list(names)
    capitals, lower = Counter(), Counter()
    for name in set(names):
        if name.upper() != name:
            capitals.update({fold(t) for t in _CAPITALS.findall(name)})
        lower.update({fold(t) for t in _LOWER.findall(name)})
    # a token the list writes more often in lower case is a word (``ja``, ``te``), not an acronym
    found = {t for t, n in capitals.items() if n >= lower[t]} - set(_FORM_OF) - LEGAL_FORMS - _SKIPPED
    if not found:
        return {}
    every = {name: (parse or parse_name)(name).words for name in set(names)}
    vocabulary = Counter(w for words in every.values() for w in set(words))
    prefixes = {t[:k] for t in found for k in range(1, len(t) + 1)}
    spelt: dict[str, frozenset[str]] = {}
    seen: dict[str, dict[tuple[str, ...], int]] = {}
    for words in every.values():
        runs = set()
        for i, first in enumerate(words):
            if first in _SKIPPED or not first.isalpha():
                continue
            states, k = {("", False)}, i  # the letters so far, and whether a compound's parts gave some
            while k < len(words) and states:
                if words[k] not in _SKIPPED:
                    if not words[k].isalpha() or words[k] in found:
                        break
                    if words[k] not in spelt:
                        spelt[words[k]] = _spellings(words[k], vocabulary)
                    states = {(s + t, parts or len(t) > 1) for s, parts in states for t in spelt[words[k]]
                              if s + t in prefixes}
                    if len(words[k]) > 1:
                        runs.update((s, words[i:k + 1], parts) for s, parts in states if s in found)
                k += 1
        for acronym, run, parts in runs:
            seen.setdefault(acronym, {})
            seen[acronym][run, parts] = seen[acronym].get((run, parts), 0) + 1
    out = {}
    for acronym, runs in sorted(seen.items()):
        least = short_support if len(acronym) == 2 else support
        # words' initials first: a compound's parts spell an acronym only when no run of initials does
        # (``ELY`` is ``elinkeino-, liikenne- ja ympäristökeskus``, never ``elinkeino|yhtiö``)
        for parts in (False, True):
            best = sorted((r for (r, p), n in runs.items() if p == parts and n >= least),
                          key=lambda r: (-runs[r, parts], r))[:keep]
            if best:
                out[acronym] = tuple(best)
                break
    return out


def _spellings(word: str, vocabulary: Counter, depth: int = 2) -> frozenset[str]:
    """How an acronym may spell a word: its first letter, and for a compound of words the list has (each
    part seen in two names, of four letters or more, the last one also in the genitive) one or two first
    letters of each part: ``ammattikorkeakoulu`` (``ammatti`` + ``korkeakoulu``) gives ``a``, ``ak``,
    ``amk`` ... (the ``AMK`` of ``JAMK``, ``OAMK``).

    >>> sorted(_spellings("ammattiopisto", Counter({"ammatti": 2, "opisto": 3})))
    ['a', 'amo', 'amop', 'ao', 'aop']
    """
    out = {word[0]}
    if depth:
        for cut in range(4, len(word) - 3):
            head, rest = word[:cut], word[cut:]
            if vocabulary[head] >= 2 and (vocabulary[rest] >= 2 or rest.endswith("n") and vocabulary[rest[:-1]] >= 2
                                          or depth > 1 and len(_spellings(rest, vocabulary, depth - 1)) > 1):
                out |= {h + t for h in (head[0], head[:2]) for t in _spellings(rest, vocabulary, depth - 1) | {rest[:2]}}
    return frozenset(out)


def expand_acronyms(words, acronyms: dict, other=None) -> tuple[str, ...]:
    """``words`` with each learned acronym (also in the genitive: ``elyn``) written out. With ``other``
    (the words of the name it is compared with), only an expansion that name has, and only where it lacks
    the acronym; without it, the most frequent expansion. A word after the acronym that ends its last
    expanded word (``ELY-keskus``: ``keskus``) stays a word of its own, as the compound is split there.

    >>> table = {"ely": (("elinkeino", "liikenne", "ja", "ymparistokeskus"),)}
    >>> expand_acronyms(("lapin", "ely", "keskus"), table)
    ('lapin', 'elinkeino', 'liikenne', 'ja', 'ymparisto', 'keskus')
    >>> expand_acronyms(("lapin", "ely", "keskus"), table, other=("lapin", "ely", "keskus"))
    ('lapin', 'ely', 'keskus')
    """
    out: list[str] = []
    theirs = set(other or ())
    for k, word in enumerate(words):
        key = word if word in acronyms else word[:-1] if word.endswith("n") and word[:-1] in acronyms else None
        if key is None or word in theirs or key in theirs:
            out.append(word)
            continue
        after = words[k + 1] if k + 1 < len(words) else ""
        fits = [r for r in acronyms[key]
                if other is None or (set(r[:-1]) <= theirs and any(w.startswith(r[-1][:4]) for w in theirs))]
        if not fits:
            out.append(word)
            continue
        run = next((r for r in fits if after and r[-1].endswith(after) and r[-1] != after), fits[0])
        if after and run[-1].endswith(after) and run[-1] != after:
            run = run[:-1] + (run[-1][:-len(after)],)
        out.extend(run)
    return tuple(out)
