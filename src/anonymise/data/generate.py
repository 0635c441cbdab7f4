#!/usr/bin/env python3
"""Regenerates the anonymiser's name, place and word lists from their upstream sources.

    pip download --no-deps faker==40.54.0 -d /tmp/faker && unzip -q /tmp/faker/*.whl -d /tmp/faker/src
    apt-get install -y wdutch            # OpenTaal word list -> /usr/share/dict/dutch
    python3 generate.py /tmp/faker/src /usr/share/dict/dutch

Writes first_names.txt, surnames.txt, places.txt (the Faker part) and words.txt next to this
script. The hand-written lists (places_extra.txt, names_extra.txt, organisations.txt,
not_names.txt, stopwords.txt) are not touched. See SOURCES.md.
"""

import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Faker person locales whose Latin-script names fit young people in the Netherlands: Dutch and
# Flemish, Turkish, Maghrebi Arabic (fr_DZ, close to Moroccan spellings), Polish, Ukrainian
# (transliterated with Faker's own table), South Asian / Hindustani (en_IN), Pakistani Muslim
# names (en_PK, many shared with Syrian and Moroccan families) and German.
FIRST_LOCALES = ["nl_NL", "nl_BE", "tr_TR", "fr_DZ", "pl_PL", "uk_UA", "en_IN", "en_PK", "de_DE"]
LAST_LOCALES = ["nl_NL", "nl_BE", "tr_TR", "fr_DZ", "pl_PL", "uk_UA", "en_IN", "en_PK", "de_DE"]
NAME_RE = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
PARTICLES = {"van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "von", "und", "zu", "le", "la", "di", "da", "el", "al"}


def names(provider, attrs, translit=None):
    out = set()
    for a in attrs:
        for n in getattr(provider, a, ()) or ():
            n = translit(n) if translit else n
            # "Bruijne van der Veen", "Bourgondië, van": keep every part that is a name itself.
            for part in re.split(r"[\s,]+", n):
                if part.lower() in PARTICLES or len(part) < 2:
                    continue
                if NAME_RE.fullmatch(part):
                    out.add(part.lower())
    return out


# Given names that OpenTaal also knows as a rare or archaic word ("koen", "peter", "lies"), or as
# one only through an inflection of a different word. Young people write these names in lowercase
# far more often than the words, so they stay plain names (general knowledge, not corpus-derived).
NOT_AMBIGUOUS = {
    "abraham", "adel", "benjamin", "bram", "dirk", "dries", "ellen", "frank", "geert", "hendrik",
    "jan", "joep", "jonas", "jonathan", "jozef", "koen", "kris", "peter", "piet", "rik", "rob",
    "sten", "steven", "wout", "wouter", "claus", "hannes", "janet", "jasmijn", "mats", "rowan",
}


def ordinary(w, words):
    """A name that is also a Dutch word with a word family (a plural, diminutive or verb form)."""
    if w not in words:
        return False
    forms = [w + e for e in ("en", "s", "e", "t", "je", "tje", "pje", "etje", "n", "er", "st")]
    forms += [w + w[-1] + "en", w + w[-1] + "e"]
    return any(f in words for f in forms)


def latin(word):
    return all(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word)


def write(path, header, items):
    body = "\n".join(sorted(items, key=lambda s: s.encode()))
    path.write_text(header + body + "\n", encoding="utf-8")


def main(faker_root, dict_path):
    sys.path.insert(0, faker_root)
    first, last = set(), set()
    for loc in FIRST_LOCALES:
        mod = importlib.import_module(f"faker.providers.person.{loc}")
        tr = getattr(mod, "translit", None)
        first |= names(mod.Provider, ["first_names", "first_names_female", "first_names_male"], tr)
    for loc in LAST_LOCALES:
        mod = importlib.import_module(f"faker.providers.person.{loc}")
        tr = getattr(mod, "translit", None)
        attrs = ["last_names", "male_last_names", "unisex_last_names", "last_names_common"]
        last |= names(mod.Provider, attrs, tr)
    # Function words are never names, whatever a locale lists ("can", "pas" would hide text).
    stop = {l.strip() for l in open(HERE / "stopwords.txt", encoding="utf-8") if not l.startswith("#")}
    first = {n for n in first if latin(n) and n not in stop}
    last = {n for n in last if latin(n) and n not in stop}
    city_mod = importlib.import_module("faker.providers.address.nl_NL")
    # "'s Gravenmoer" and "'s-Gravenmoer" are both written; keep the spelling Faker gives (the
    # matcher treats space and hyphen alike) and drop the province name at the end of the list.
    cities = {c.lower() for c in city_mod.Provider.cities if c.lower() != "drenthe"}

    words = set()
    for line in open(dict_path, encoding="utf-8"):
        w = line.strip()
        # Ordinary words only (proper nouns are capitalised in OpenTaal); single words of letters,
        # short enough to be mistaken for a name (long compounds never are).
        if w and w == w.lower() and 2 <= len(w) <= 13 and re.fullmatch(r"[a-zà-ÿ]+", w):
            words.add(w)

    name_words = {n for n in first if ordinary(n, words)} - NOT_AMBIGUOUS
    # A surname or place that is a word is ambiguous, unless it is also a given name, whose own
    # rule above decided ("jan", "mila" are names before they are words).
    name_words |= ((cities | last) & words) - first

    src = "# Generated by generate.py from Faker 40.54.0 (MIT); do not edit by hand.\n"
    write(HERE / "first_names.txt", src, first)
    write(HERE / "surnames.txt", src, last)
    write(HERE / "places.txt", src + "# Dutch woonplaatsen (BAG) as listed by Faker's nl_NL address provider.\n", cities)
    # No header: the engine binary-searches this file, sorted by bytes, one word a line.
    (HERE / "words.txt").write_text("\n".join(sorted(words, key=lambda s: s.encode())) + "\n", encoding="utf-8")
    write(HERE / "name_words.txt", src.replace("Faker 40.54.0 (MIT)", "Faker (MIT) and OpenTaal (BSD/CC-BY)")
          + "# Names and places that are also ordinary Dutch words: taken as names only in context.\n", name_words)
    print(len(first), len(last), len(cities), len(words), len(name_words))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
