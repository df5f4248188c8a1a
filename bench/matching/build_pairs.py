"""Build bench/matching/pairs.csv: labelled organisation-name pairs from several real sources, each pair
with its source, its split (fit / frozen) and how it was labelled. See README.md beside this file.

Usage: python bench/matching/build_pairs.py   (needs the shared data folder; seeded, so reproducible)
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import re
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from _common import ROOT, shared_data  # noqa: E402

sys.path.insert(0, str(ROOT))
from graph_model.orgnames import fold, parse_name  # noqa: E402

OUT = HERE / "pairs.csv"
COLUMNS = ["name_a", "name_b", "same", "source", "split", "how", "note"]
#: Organisations first seen in projects starting from this date are the "later list" (frozen part).
LATER = date(2010, 1, 1)
_ORG_WORDS = re.compile(r"(?i)\b(oy|oyj|ab|ky|ry|rf|osk|osakeyhtiö|osuuskunta|säätiö|kunta|kaupunki|yliopisto\w*|"
                        r"ammattikorkeakoulu\w*|kuntayhtymä|keskus|laitos|yhdistys|seura|liitto|opisto|koulu|"
                        r"kehittämis\w*|oy:n|stiftelse|förening|tmi|t:mi|aktiebolag)\b")
LONG_FORMS = {"oy": "Osakeyhtiö", "ab": "Aktiebolag", "osk": "Osuuskunta", "ky": "Kommandiittiyhtiö",
              "ry": "rekisteröity yhdistys", "rf": "registrerad förening", "kb": "Kommanditbolag"}
_ASCII = str.maketrans("äöåÄÖÅéÉüÜ", "aoaAOAeEuU")


def valid_id(rng: random.Random) -> str:
    """A random business id whose check digit holds."""
    while True:
        body = f"{rng.randrange(10**6, 3 * 10**6):07d}"
        total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2)))
        check = 0 if total % 11 == 0 else 11 - total % 11
        if check != 10:
            return f"{body}-{check}"


def structural_funds() -> tuple[list[str], dict[str, date]]:
    """Distinct implementer names of the 2007-2013 list and the start date of each one's first project."""
    path = shared_data() / "fi-structural-funds-2007-2013" / "projektilista-2007-2013.csv.gz"
    first: dict[str, date] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            d, m, y = (int(x) for x in row["Aloituspvm"].split("."))
            name = row["Toteuttajan nimi"]
            start = date(y, m, d)
            first[name] = min(first.get(name, start), start)
    names = sorted(n for n in first if _ORG_WORDS.search(n) and len(n) >= 6)
    return names, first


# --- transformations of one real name, each labelled by construction --------------------------------

def t_upper_ascii(name, rng):
    return name.upper().translate(_ASCII), "upper case, accents lost"


def t_accents_added(name, rng):
    return name.upper(), "upper case, accents kept" if name.upper() != name else None


def t_doubled(name, rng):
    return name + name, "name written twice"


def t_glued_id(name, rng):
    return name + valid_id(rng), "business id glued to the name"


def t_cut(name, rng):
    return (name + (" " if len(name) > 50 else ""))[:50] if len(name) > 55 else None, "cut at 50 characters"


def t_long_form(name, rng):
    words = name.split()
    for i, w in enumerate(words):
        if w.lower() in LONG_FORMS:
            long = LONG_FORMS[w.lower()]
            words[i] = long.upper() if w.isupper() else long
            return " ".join(words), "long legal form"
    return None, ""


def t_form_front(name, rng):
    words = name.split()
    if len(words) >= 2 and words[-1].lower() in ("oy", "ab", "ky", "ry"):
        return " ".join([words[-1]] + words[:-1]), "legal form moved to the front"
    return None, ""


def t_separator(name, rng):
    if " / " in name or "/" in name:
        return re.sub(r"\s*/\s*", rng.choice([", ", " ", " - "]), name), "unit after a slash written with a comma or space"
    words = name.split()
    for i, w in enumerate(words[:-1]):
        if fold(w) in ("kaupunki", "kunta", "yliopisto", "ammattikorkeakoulu", "kuntayhtyma") and i + 1 < len(words):
            return " ".join(words[:i + 1]) + rng.choice([" / ", ", ", "/"]) + " ".join(words[i + 1:]), \
                "unit after the organisation, behind a slash or comma"
    return None, ""


def t_place(name, rng):
    if parse_name(name).forms & {"company", "partnership", "cooperative"}:
        return name + rng.choice([" / ", ", "]) + rng.choice(PLACES), "place of the firm after a slash or comma"
    return None, ""


def t_swap_parts(name, rng):
    if " / " in name:
        head, tail = name.split(" / ", 1)
        return f"{tail} / {head}", "parts in the other order"
    return None, ""


def t_typo(name, rng):
    words = [w for w in name.split() if len(w) >= 9 and w.isalpha()]
    if not words or parse_name(name).forms & {"company", "partnership"}:
        return None, ""
    word = rng.choice(words)
    i = rng.randrange(2, len(word) - 2)
    return name.replace(word, word[:i] + word[i + 1:], 1), "a letter dropped in a long word"


TRANSFORMS = [t_upper_ascii, t_accents_added, t_doubled, t_glued_id, t_cut, t_long_form, t_form_front,
              t_separator, t_place, t_swap_parts, t_typo]
PLACES = ["Helsinki", "Oulu", "Tampere", "Kuopio", "Vaasa", "Rovaniemi", "Joensuu", "Äänekoski", "Seinäjoki",
          "Jyväskylä", "Pori", "Kajaani", "Mikkeli", "Lahti"]


def positives(names: list[str], rng: random.Random, per_name: int = 1) -> list[tuple[str, str, str]]:
    out = []
    for name in names:
        for transform in rng.sample(TRANSFORMS, len(TRANSFORMS)):
            variant, how = transform(name, rng)
            if variant and variant != name:
                if rng.random() < 0.3:  # real exports stack damage: a second, independent change
                    more, how2 = rng.choice([t_upper_ascii, t_cut, t_glued_id])(variant, rng)
                    if more and more != variant:
                        variant, how = more, f"{how}; {how2}"
                out.append((name, variant, how))
                per_name -= 1
                if per_name <= 0:
                    break
        per_name = 1
    return out


def lookalike(name: str, rng: random.Random) -> str | None:
    """A different firm whose name differs by one letter of its most distinctive word (ABC / ABD-Systems)."""
    words = name.split()
    core = [i for i, w in enumerate(words) if w.isalpha() and 3 <= len(w) <= 9 and not parse_name(w).forms]
    if not core:
        return None
    i = max(core, key=lambda k: (RARITY.get(fold(words[k]), 1.0), -k))  # the most distinctive word
    if RARITY.get(fold(words[i]), 1.0) < 1 / 3:
        return None  # a common word changed by a letter reads as a typo, not as another firm
    w = words[i]
    j = rng.randrange(1, len(w))
    letter = rng.choice("aeiklmnorstuvy")
    letter = letter.upper() if w[j].isupper() else letter
    if letter.lower() == w[j].lower():
        return None
    new = w[:j] + letter + w[j + 1:]
    if i + 1 < len(words) and rng.random() < 0.3:
        return " ".join(words[:i] + [new + "-" + words[i + 1]] + words[i + 2:])
    return " ".join(words[:i] + [new] + words[i + 1:])


RARITY: dict[str, float] = {}


def firm_negatives(names: list[str], rng: random.Random, limit: int) -> list[tuple[str, str, str]]:
    """Real firms that share all words but one, the differing words not a spelling of each other: two
    registered firm names, so two firms (the trade register keeps names distinct)."""
    from rapidfuzz import fuzz

    firms = [n for n in names if parse_name(n).forms & {"company", "partnership"} and len(parse_name(n).words) >= 2]
    by_rest: dict[tuple, list[str]] = {}
    for n in firms:
        words = parse_name(n).words
        for i in range(len(words)):
            by_rest.setdefault((i, words[:i] + words[i + 1:]), []).append(n)
    out, seen = [], set()
    for (i, _rest), group in sorted(by_rest.items()):
        uniq = sorted({parse_name(n).words: n for n in group}.values())
        for a, b in zip(uniq, uniq[1:]):
            wa, wb = parse_name(a).words[i], parse_name(b).words[i]
            if fuzz.ratio(wa, wb) < 60 and (a, b) not in seen:
                seen.add((a, b))
                out.append((a, b, "real firms differing in one whole word"))
    rng.shuffle(out)
    return out[:limit]


def place_negatives(names: list[str], rng: random.Random, limit: int) -> list[tuple[str, str, str]]:
    """Real bodies of two different municipalities, otherwise named alike (Juvan kunta / Juuan kunta)."""
    places = {parse_name(n).words[0] for n in names
              if len(parse_name(n).words) == 2 and parse_name(n).words[1] in ("kunta", "kaupunki")}
    by_rest: dict[tuple, list[str]] = {}
    for n in names:
        words = parse_name(n).words
        if words and words[0] in places:
            by_rest.setdefault(words[1:], []).append(n)
    out = []
    for group in by_rest.values():
        uniq = sorted({parse_name(n).words[0]: n for n in group}.values())
        rng.shuffle(uniq)
        out += [(a, b, "the same kind of body of two municipalities") for a, b in zip(uniq[::2], uniq[1::2])]
    rng.shuffle(out)
    return out[:limit]


def part_negatives(names: list[str], rng: random.Random, limit: int) -> list[tuple[str, str, str]]:
    """Real names ``A / unit`` (or ``A, unit``) whose ``A`` is also in the list: a unit against its
    organisation, which we keep apart (a place after the separator is left out: that is the same body)."""
    from ingest.matchscore import _is_place

    whole = {parse_name(n).words: n for n in names if len(parse_name(n).parts) == 1 and not parse_name(n).notes}
    out = []
    for n in names:
        parts = parse_name(n).parts
        if " - " in n or len(parts) != 2 or parts[0] not in whole:
            continue  # " - " often joins a Finnish and a Swedish name of one body
        unit = parts[1]
        if (len(unit) >= 2 or _UNIT_WORD.search(unit[0])) and not (len(unit) == 1 and _is_place(unit[0], PLACES_SEEN)):
            out.append((n, whole[parts[0]], "a unit against its organisation"))
    rng.shuffle(out)
    return out[:limit]


PLACES_SEEN: set[str] = set()
_UNIT_WORD = re.compile(r"(toimi|yksikko|osasto|laitos|keskus|palvelut|tiedekunta|virasto|koulu|opisto|asema)$")


_KINDS = [("ely", re.compile(r"\bely\s*keskus$|\bely$|elinkeino\s*liikenne\s*(ja)?\s*ymparistokeskus$")),
          ("te", re.compile(r"\bte\s*keskus$")), ("laani", re.compile(r"laaninhallitus$")),
          ("liitto", re.compile(r"(maakunta)?liitto$"))]


def regional_pairs(names: list[str], rng: random.Random, limit: int) -> list[tuple[str, str, int, str]]:
    """Regional state and joint bodies (ELY centre, TE centre, provincial government, regional council)
    named by region: the same kind in two regions are two bodies (0); two spellings of the same kind and
    region are one (1)."""
    bodies: dict[tuple[str, str], list[str]] = {}
    for n in names:
        if "(" in n:
            continue  # a note may name a predecessor or another body
        text = re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", fold(n))).strip()
        for kind, pattern in _KINDS:
            m = pattern.search(text)
            if m and m.start() > 0:
                bodies.setdefault((kind, text[:m.start()].strip()), []).append(n)
                break
    same, other = [], []
    keys = sorted(bodies)
    for key in keys:
        spellings = sorted(set(bodies[key]))
        same += [(a, b, 1, "the same regional body, spelt differently") for a, b in zip(spellings, spellings[1:])
                 if parse_name(a).words != parse_name(b).words]
    for i, k1 in enumerate(keys):
        for k2 in keys[i + 1:]:
            if k1[0] == k2[0]:
                other.append((rng.choice(bodies[k1]), rng.choice(bodies[k2]), 0, "the same kind of body of two regions"))
    rng.shuffle(same), rng.shuffle(other)
    return same[:limit] + other[:limit]


def folded_positives(names: list[str], rng: random.Random, limit: int) -> list[tuple[str, str, str]]:
    """Real spellings in the list that are equal once case, accents, punctuation and legal forms are set aside."""
    groups: dict[tuple, list[str]] = {}
    for n in names:
        groups.setdefault(parse_name(n).words, []).append(n)
    out = [(g[0], g[1], "real spellings equal after folding") for g in groups.values() if len(g) > 1]
    rng.shuffle(out)
    return out[:limit]


def helsinki(rng: random.Random) -> list[tuple[str, str, int, str]]:
    from rapidfuzz import fuzz

    path = shared_data() / "helsinki-organisations" / "organisaatiokoodit.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["type"] not in ("10", "12")]
    names = sorted({r["nameFIN"] for r in rows} | {r["nameSWE"] for r in rows if r["nameSWE"]})
    out = [(a, b, 1, how) for a, b, how in positives(rng.sample(names, 90), rng)]
    near = sorted(((fuzz.token_set_ratio(fold(a), fold(b)), a, b) for i, a in enumerate(names) for b in names[i + 1:]
                   if fold(a) != fold(b)), reverse=True)
    negatives = [(a, b, 0, "two units of the register (different codes)") for s, a, b in near if s >= 70]
    rng.shuffle(negatives)
    return out + negatives[:70]


def popolo(rng: random.Random) -> tuple[list, list]:
    """(fit, frozen) pairs: Victorian councils (fit); Åland parties with their Wikidata aliases (frozen)."""
    data = shared_data()
    au = json.loads((data / "popolo-au-vic" / "local_councillor_popolo.json").read_text(encoding="utf-8"))
    councils = [o["name"] for o in au["organizations"] if "Council" in o["name"]]
    fit = []
    for name in councils:
        m = re.match(r"(.+?) (City|Shire|Rural City) Council$", name)
        if m:
            fit.append((name, f"{m.group(2)} of {m.group(1)}", 1, "word order: X City Council / City of X"))
            if len(fit) < 40:
                fit.append((name, name.upper(), 1, "upper case"))
    rng.shuffle(councils)
    fit += [(a, b, 0, "two councils") for a, b in zip(councils[::2], councils[1::2])]
    aland = json.loads((data / "popolo-everypolitician-aland" / "ep-popolo-v1.0.json").read_text(encoding="utf-8"))
    parties = [o for o in aland["organizations"] if o.get("classification") == "party"]
    frozen, spellings = [], []
    for o in parties:
        names = {o["name"]} | {n["name"] for n in o.get("other_names", []) if n["lang"] in ("sv", "fi")
                                and re.fullmatch(r"[\w .,-]+", n["name"])}
        spellings.append(names)
        # an alias that shares no word with the name is another name (a predecessor), not a spelling
        frozen += [(o["name"], n, 1, "a Wikidata alias of the same party") for n in sorted(names - {o["name"]})
                   if parse_name(n).words[:1] == parse_name(o["name"]).words[:1]]
    for i, a in enumerate(parties):
        for j, b in enumerate(parties[i + 1:], i + 1):
            if not spellings[i] & spellings[j]:
                frozen.append((a["name"], b["name"], 0, "two parties (no shared alias)"))
    return fit, frozen


def main() -> None:
    rng = random.Random(21)
    names, first = structural_funds()
    from ingest.matchscore import word_counts

    counts = word_counts(names)
    RARITY.update({w: 1 / n for w, n in counts.items()})
    from matching import gazetteer

    PLACES_SEEN.update(gazetteer(names))
    early = [n for n in names if first[n] < LATER]
    later = [n for n in names if first[n] >= LATER]
    rows = []

    def add(pairs, same, source, split, how_kind):
        for a, b, note in pairs:
            rows.append({"name_a": a, "name_b": b, "same": same, "source": source, "split": split,
                         "how": how_kind, "note": note})

    for part, pool in (("fit", early), ("frozen", later)):
        src = "fi-structural-funds-2007-2013"
        add(positives(rng.sample(pool, 200), rng), 1, src, part, "transformation")
        firms = [n for n in pool if parse_name(n).forms & {"company", "partnership"}]
        looks = [(n, v, "a different firm, one letter apart") for n in rng.sample(firms, 90)
                 if (v := lookalike(n, rng)) and parse_name(v).words != parse_name(n).words]
        add(looks[:60], 0, src, part, "transformation")
        add(firm_negatives(pool, rng, 45), 0, src, part, "construction")
        add(place_negatives(pool, rng, 30), 0, src, part, "construction")
        add(folded_positives(pool, rng, 40), 1, src, part, "construction")
        add(part_negatives(pool, rng, 30), 0, src, part, "construction")
        for a, b, same, note in regional_pairs(pool, rng, 25):
            rows.append({"name_a": a, "name_b": b, "same": same, "source": src, "split": part,
                         "how": "construction", "note": note})
    with (HERE / "labelled-pairs.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            rows.append({"name_a": r["name_a"], "name_b": r["name_b"], "same": int(r["same"]),
                         "source": "fi-structural-funds-2007-2013", "split": "fit", "how": "hand (first set)",
                         "note": r["note"]})
    hand = HERE / "hand-labels.csv"
    if hand.exists():
        with hand.open(encoding="utf-8", newline="") as handle:
            for r in csv.DictReader(handle):
                rows.append({**r, "how": "hand"})
    for a, b, same, note in helsinki(rng):
        rows.append({"name_a": a, "name_b": b, "same": same, "source": "helsinki-organisations", "split": "frozen",
                     "how": "transformation" if same else "construction", "note": note})
    fit, frozen = popolo(rng)
    for split, pairs, src in (("fit", fit, "popolo-au-vic"), ("frozen", frozen, "popolo-everypolitician-aland")):
        for a, b, same, note in pairs:
            rows.append({"name_a": a, "name_b": b, "same": same, "source": src, "split": split,
                         "how": "construction", "note": note})
    seen, unique = set(), []
    for r in rows:
        key = (r["name_a"], r["name_b"])
        if key not in seen and r["name_a"] != r["name_b"]:
            seen.add(key)
            unique.append(r)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(unique)
    for split in ("fit", "frozen"):
        part = [r for r in unique if r["split"] == split]
        print(f"{split}: {len(part)} pairs, {sum(int(r['same']) for r in part)} the same organisation, "
              f"sources {sorted({r['source'] for r in part})}")


if __name__ == "__main__":
    main()
