#!/usr/bin/env python3
"""Builds storyvault's own labelled evaluation corpus for the anonymiser (corpus.jsonl).

    python3 tests/anonymiser/generate.py > tests/anonymiser/corpus.jsonl

Written for storyvault: passages in the style of the annotation guidelines (docs in
src/anonymise/), with names, places and organisations chosen from all over the Netherlands and
from the origins young people in Dutch youth care have (Dutch, Frisian, Turkish, Moroccan, Persian,
Polish, Eritrean, Somali, Surinamese), deliberately other than those of the shared development
corpus. Entities are marked inline as [[LABEL|text]] in the templates; `{slot}`s are filled from the
pools with a fixed seed, so the file is reproducible. Every passage has a `split`: "tune" (used
while building rules) or "holdout" (only measured, never looked at while tuning).

Case variants: some passages are written in chat style all lowercase or ALL CAPS, where the
guidelines still mark every name.
"""
import json
import random
import re
import sys

RNG = random.Random(20261128)

FIRST = {
    "dutch": ["Jesse", "Lieke", "Thijs", "Fenna", "Ruben", "Sofie", "Niels", "Yara", "Stijn",
              "Femke", "Joris", "Tess", "Wouter", "Lynn", "Sem", "Noa", "Rick", "Julia", "Tim",
              "Roel", "Nina", "Pepijn", "Kiki", "Gerben", "Wessel", "Ilona", "Joost", "Mirthe"],
    "frisian": ["Sjoerd", "Jildou", "Wietske", "Hylke", "Tjitske", "Auke", "Sietske", "Jelle",
                "Baukje", "Tjerk", "Sytske", "Wiebe", "Froukje", "Ate", "Jouke", "Griet"],
    "turkish": ["Yusuf", "Zeynep", "Burak", "Merve", "Serkan", "Ayşe", "Hakan", "Büşra",
                "Onur", "Selin", "Mert", "Ebru"],
    "moroccan": ["Yasmina", "Karim", "Imane", "Soufiane", "Nadia", "Hamza", "Salma", "Rachid",
                 "Noura", "Othman"],
    "persian": ["Dariush", "Shirin", "Arash", "Parisa", "Kian", "Roya", "Farhad", "Niloufar",
                "Babak", "Mahsa"],
    "polish": ["Kacper", "Zuzanna", "Wojtek", "Agnieszka", "Bartosz", "Oliwia", "Piotr",
               "Natalia", "Szymon", "Katarzyna"],
    "tigrinya": ["Yonas", "Senait", "Merhawit", "Tesfay", "Selam", "Robel", "Saba", "Yohannes",
                 "Eden", "Mebrahtu"],
    "somali": ["Abdirahman", "Hodan", "Ayaan", "Warsame", "Fartun", "Abdullahi", "Hibo",
               "Mahad", "Sagal", "Liban"],
    "surinamese": ["Shanti", "Ravi", "Priya", "Sunil", "Jamila", "Rinaldo", "Xaviera"],
    "short": ["Sky", "Joy", "Bo", "Jip", "Kai", "Mo", "Fay", "Tom", "Max"],
}
SURNAMES = ["de Boer", "Visser", "Hoekstra", "Postma", "Dijkstra", "van der Meulen", "Bosma",
            "Wijnja", "Yılmaz", "Kaya", "Öztürk", "Nowak", "Kowalski", "Wiśniewska",
            "Tesfamariam", "Ghebremedhin", "Ahmadi", "Rahimi", "El Idrissi", "Bouzid", "Haddou",
            "Warsame", "Farah", "Jansen", "Smit", "van Dijk", "de Wit", "Kuiper", "Veenstra",
            "ter Haar", "Brinkman", "Koopmans", "Ramdin", "Sewnath", "Kramer", "van Leeuwen",
            "Hofstra", "Zijlstra", "van den Berg", "Meijer"]
PLACES = ["Sneek", "Heerenveen", "Drachten", "Leeuwarden", "Harlingen", "Franeker", "Joure",
          "Deventer", "Apeldoorn", "Tiel", "Oss", "Helmond", "Venlo", "Roermond", "Sittard",
          "Terneuzen", "Goes", "Middelburg", "Gouda", "Zaandam", "Purmerend", "Hoorn",
          "Den Helder", "Lelystad", "Almere", "Harderwijk", "Ede", "Veenendaal", "Doetinchem",
          "Winterswijk", "Enschede", "Hengelo", "Almelo", "Hardenberg", "Stadskanaal",
          "Veendam", "Winschoten", "Delfzijl", "Kampen", "Steenwijk", "Meppel", "Dokkum",
          "Bolsward", "Wolvega", "Ureterp", "Burgum", "Grou", "Akkrum", "Oosterwolde",
          "Nijverdal", "Rijssen", "Oldenzaal", "Zutphen", "Culemborg", "Vlissingen",
          "Bergen op Zoom", "Roosendaal", "Waalwijk", "Weert", "Kerkrade", "Heerlen",
          "Alphen aan den Rijn", "Capelle aan den IJssel", "Spijkenisse", "Hellevoetsluis"]
PROVINCES = ["Friesland", "Fryslân", "Overijssel", "Gelderland", "Noord-Brabant", "Limburg",
             "Zeeland", "Flevoland", "Groningen", "Utrecht", "Noord-Holland", "Zuid-Holland"]
STREETS = ["Molenstraat", "Kerkweg", "Schoolstraat", "Dorpsstraat", "Beukenlaan",
           "Prinses Irenestraat", "Burgemeester Falkenaweg", "Van Harinxmaweg", "Parkweg",
           "Lindelaan", "Weverstraat", "Zuiderhaven", "Noorderdiep", "Eikenlaan", "Wilhelminaplein",
           "Tjalmaweg", "Oosterstraat", "Kastanjelaan", "Brugstraat", "Spoorlaan"]
STREETS_ABBR = ["Molenstr.", "Kerkwg", "Beukenln", "Wilhelminapln", "Schoolstr", "Eikenln.",
                "Stationsstr.", "Julianaln"]
SCHOOLS = ["CSG Liudger", "RSG Simon Vestdijk", "OSG Sevenwolden", "Piter Jelles",
           "Bogerman", "Dockinga College", "Stedelijk Gymnasium Leiden", "Het Hooghuis",
           "Pieter Zandt", "Greijdanus", "Etty Hillesum Lyceum", "Carmelcollege Gouda",
           "Christelijk Lyceum Delft", "Friesland College", "ROC Friese Poort", "Graafschap College",
           "cbs De Wingerd", "obs De Flambouw", "Montessori College Oost", "Summa College"]
CARE = ["Jeugdhulp Friesland", "Elker", "Karakter", "Lentis", "Youké", "Timpaan", "Pluryn",
        "Entrea Lindenhout", "Parlan", "Spirit", "Levvel", "Lijn5", "Kwintes", "Ambiq",
        "Jeugdzorg Friesland Noord", "Wijkteam Heerenveen-Centrum", "Gebiedsteam Sneek",
        "Stichting Sterk Huis", "Pactum", "De Hoenderloo Groep"]
HOSPITALS = ["UMC Utrecht", "Amsterdam UMC", "Isala", "Medisch Centrum Leeuwarden",
             "Gelre ziekenhuizen", "Martini Ziekenhuis", "Radboudumc", "Maastricht UMC+",
             "Tjongerschans", "Antonius Sneek"]
CLUBS = ["vv Heerenveen", "VV Sneek Wit Zwart", "SC Joure", "HV Drachten", "Korfbalvereniging Wêz Handich",
         "zwemclub De Dolfijn", "Scouting Jan van Hoof", "Turnvereniging Olympia Tiel"]
SHOPS = ["Albert Heijn", "Kruidvat", "Lidl", "Bakkerij Hofstra & Zn", "Garage Smit & Zonen",
         "Snackbar De Kikker", "Primark", "Boerderij De Hoeve", "Loonbedrijf Veenstra"]
HANDLES = ["@sjoerdje_06", "@lieke.tekent", "yara_x_07", "@b.ozturk__", "xx_zuzanna_xx",
           "@ravi.sewnath", "kacper_2009", "@fenna_fries", "@hodan.f", "thijs__gamer"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
AGE_WORDS = ["twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien", "elf"]


def first():
    group = RNG.choice(list(FIRST))
    return RNG.choice(FIRST[group])


def fill(template):
    """Replaces every {slot} by a fresh random value."""
    def one(m):
        slot = m.group(1)
        r = RNG
        if slot == "first":
            return first()
        if slot == "full":
            return f"{first()} {r.choice(SURNAMES)}"
        if slot == "surname":
            return r.choice(SURNAMES)
        if slot == "Surname":
            s = r.choice(SURNAMES)
            return s[0].upper() + s[1:]
        if slot == "initial":
            return f"{first()[0]}."
        if slot == "place":
            return r.choice(PLACES)
        if slot == "province":
            return r.choice(PROVINCES)
        if slot == "street":
            return f"{r.choice(STREETS)} {r.randint(1, 180)}{r.choice(['', '', 'a', 'b', '-2', ' A'])}"
        if slot == "streetabbr":
            return f"{r.choice(STREETS_ABBR)} {r.randint(1, 99)}"
        if slot == "streetname":
            return r.choice(STREETS)
        if slot == "postcode":
            return f"{r.randint(1000, 9999)} {chr(65 + r.randint(0, 25))}{chr(65 + r.randint(0, 25))}"
        if slot == "school":
            return r.choice(SCHOOLS)
        if slot == "care":
            return r.choice(CARE)
        if slot == "hospital":
            return r.choice(HOSPITALS)
        if slot == "club":
            return r.choice(CLUBS)
        if slot == "shop":
            return r.choice(SHOPS)
        if slot == "handle":
            return r.choice(HANDLES)
        if slot == "age":
            return str(r.randint(11, 19))
        if slot == "agelow":
            return str(r.randint(11, 14))
        if slot == "agehigh":
            return str(r.randint(15, 18))
        if slot == "ageword":
            return r.choice(AGE_WORDS)
        if slot == "adultage":
            return str(r.randint(28, 61))
        if slot == "date":
            return f"{r.randint(1, 28)} {r.choice(MONTHS)}"
        if slot == "dateyear":
            return f"{r.randint(1, 28)} {r.choice(MONTHS)} {r.randint(2019, 2025)}"
        if slot == "datenum":
            d, m, y = r.randint(1, 28), r.randint(1, 12), r.randint(2019, 2025)
            return r.choice([f"{d}-{m}-{y}", f"{d:02d}-{m:02d}-{y}", f"{d}/{m}", f"{d}.{m}.{y}",
                             f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y % 100:02d}",
                             f"{d}-{m}-{y % 100:02d}"])
        if slot == "phone":
            n = "".join(str(r.randint(0, 9)) for _ in range(8))
            return r.choice([f"06-{n}", f"06 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
                             f"+31 6 {n[:4]} {n[4:]}", f"058-{n[:7]}", f"0513 {n[:6]}"])
        if slot == "email":
            return f"{first().lower()}.{r.choice(['visser', 'dijkstra', 'kaya', 'nowak'])}{r.randint(1, 99)}@{r.choice(['gmail.com', 'hotmail.com', 'outlook.com', 'live.nl'])}"
        if slot == "url":
            return r.choice(["www.jeugdhulpfriesland.nl", "https://www.instagram.com/lieke.tekent",
                             "tiktok.com/@sjoerdje_06", "https://wijkteamheerenveen.nl/contact"])
        if slot == "bsn":
            return "".join(str(r.randint(0, 9)) for _ in range(9))
        if slot == "caseno":
            return r.choice([f"C/{r.randint(10, 19)}/{r.randint(100000, 999999)} / JE RK {r.randint(20, 25)}-{r.randint(100, 999)}",
                             f"{r.randint(2019, 2025)}/{r.randint(1000, 9999)}",
                             f"JB-{r.randint(100000, 999999)}", f"{r.randint(1000000, 99999999999999)}"])
        if slot == "pobox":
            return str(r.randint(1, 99999))
        if slot == "plate":
            return r.choice([f"{r.randint(1, 9)}-KXR-{r.randint(10, 99)}", f"GH-{r.randint(100, 999)}-T"])
        if slot == "iban":
            return f"NL{r.randint(10, 99)} INGB 0{r.randint(100, 999)} {r.randint(1000, 9999)} {r.randint(10, 99)}"
        raise KeyError(slot)
    return re.sub(r"\{(\w+)\}", one, template)


# Youth interview passages and worker notes. [[LABEL|...]] marks entities.
TEMPLATES = [
    "Ik ben [[PERSON|{first}]] en ik ben [[AGE|{age}]]. Ik woon sinds een jaar in een gezinshuis in [[LOCATION|{place}]]. Daarvoor woonde ik bij mijn vader op de [[LOCATION|{street}]] in [[LOCATION|{place}]], maar dat ging niet meer.",
    "Mijn voogd [[PERSON|{full}]] komt één keer per maand langs. Ze is wel aardig, maar ze heeft het echt druk, ze heeft wel twintig kinderen.",
    "Op [[DATE|{date}]] moest ik naar de rechter. Ik was toen [[AGE|{ageword}]] en ik snapte er niks van.",
    "Ik zit op [[ORGANISATION|{school}]] in de derde klas. Mijn mentor meneer [[PERSON|{Surname}]] weet wel wat er thuis speelt.",
    "Bij [[ORGANISATION|{care}]] had ik eerst een hulpverlener die [[PERSON|{first}]] heette, daarna kwam [[PERSON|{first}]]. Steeds weer opnieuw je verhaal vertellen, dat is echt vermoeiend.",
    "Mijn broertje [[PERSON|{first}]] ([[AGE|{age}]]) woont nog thuis bij mijn moeder in [[LOCATION|{place}]]. Ik mis hem.",
    "Ik werk in het weekend bij de [[ORGANISATION|{shop}]] in [[LOCATION|{place}]]. Dat geld heb ik nodig voor mijn telefoon.",
    "Je kan me bereiken op [[PHONE|{phone}]] of mailen naar [[EMAIL|{email}]].",
    "Op insta heet ik [[SOCIAL|{handle}]], daar zet ik mijn tekeningen op.",
    "Gesprek met [[PERSON|{full}]] ([[AGE|{age}]] jaar) op [[DATE|{datenum}]]. Jongere geeft aan dat het op school beter gaat.",
    "Ik ben geboren op [[DATE|{dateyear}]] in [[LOCATION|{place}]], maar ik ben opgegroeid in [[LOCATION|{place}]].",
    "Mijn BSN is [[ID|{bsn}]], dat moest ik overal invullen.",
    "De brief van de rechtbank had nummer [[ID|{caseno}]] en ik begreep er geen woord van.",
    "Ik voetbal bij [[ORGANISATION|{club}]], twee keer per week training. Dat is het enige moment dat ik niet nadenk.",
    "In het ziekenhuis, [[ORGANISATION|{hospital}]], zeiden ze dat ik te weinig at. Ik lag daar drie weken.",
    "Mijn moeder woont nu op de [[LOCATION|{street}]], [[LOCATION|{postcode}]] [[LOCATION|{place}]].",
    "Mijn pleegvader [[PERSON|{first}]] en mijn pleegmoeder [[PERSON|{first}]] zijn echt lief, maar ik wil toch terug naar huis.",
    "Toen ik [[AGE|{ageword}]] was, werd ik uit huis geplaatst. Ik kwam terecht bij [[ORGANISATION|{care}]] in [[LOCATION|{place}]].",
    "Op mijn verjaardag, [[DATE|{date}]], kwam niemand. Alleen [[PERSON|{first}]] stuurde een appje.",
    "Jeugdige ([[AGE|{age}]]) verblijft sinds [[DATE|{datenum}]] op de groep. Contact met moeder ([[PERSON|{full}]]) verloopt wisselend.",
    "Mevrouw [[PERSON|{Surname}]] van [[ORGANISATION|{care}]] belde op [[DATE|{datenum}]] over het plan.",
    "Ik zag [[PERSON|{first}]] gisteren nog bij het station in [[LOCATION|{place}]], hij zag er slecht uit.",
    "We gingen vroeger elke zomer naar mijn oma in [[LOCATION|{place}]]. Ze woonde aan de [[LOCATION|{street}]].",
    "Mijn zus [[PERSON|{first}]] is [[AGE|{age}]] en zit op [[ORGANISATION|{school}]].",
    "Ik heet [[PERSON|{first}]], ik ben [[AGE|{ageword}]] jaar en ik kom uit [[LOCATION|{place}]] in {province}.",
    "Mijn vader zit vast en mijn moeder is ziek. Mijn oom [[PERSON|{full}]] regelt nu alles.",
    "Het adres van de groep is [[LOCATION|{streetabbr}]] in [[LOCATION|{place}]].",
    "De auto van mijn stiefvader, kenteken [[ID|{plate}]], stond altijd voor de deur.",
    "Kijk maar op [[URL|{url}]], daar staat alles.",
    "Ik heb een rekening bij de bank, [[ID|{iban}]], maar mijn voogd beheert het geld.",
    "Mijn beste vriendin [[PERSON|{first}]] woont in [[LOCATION|{place}]], dat is twintig minuten fietsen.",
    "[[PERSON|{first}]] zei dat ik moest stoppen met huilen. Dat vergeet ik nooit.",
    "Op [[DATE|{date}]] ben ik weggelopen naar [[LOCATION|{place}]]. Ik sliep bij een vriend van [[PERSON|{first}]].",
    "Ik wil later bij [[ORGANISATION|{care}]] werken, om kinderen te helpen zoals ik.",
    "Mijn jeugdbeschermer [[PERSON|{initial} {Surname}]] schreef dat ik mocht blijven.",
    "Client is een [[AGE|{age}]]-jarige jongen uit [[LOCATION|{place}]]. Verwezen door huisarts [[PERSON|{Surname}]].",
    "Opgenomen in [[ORGANISATION|{hospital}]] van [[DATE|{datenum}]] tot [[DATE|{datenum}]].",
    "Moeder ([[AGE|{adultage}]]) werkt bij [[ORGANISATION|{shop}]].",
    "Postadres: [[LOCATION|Postbus {pobox}]], [[LOCATION|{postcode}]] [[LOCATION|{place}]].",
    "Rond Koningsdag ging het mis, en op [[DATE|{date}]] belde de school naar [[ORGANISATION|{care}]].",
]

CLINICAL = [
    "Pt. [[PERSON|{full}]], geb. [[DATE|{datenum}]], wonend [[LOCATION|{streetabbr}]] te [[LOCATION|{place}]].",
    "Patiente, [[AGE|{age}]] jr, verwezen door [[ORGANISATION|{hospital}]].",
    "Cliëntnummer [[ID|{bsn}]], dossier [[ID|{caseno}]].",
    "Jongere van [[AGE|{agelow}]]-[[AGE|{agehigh}]] jaar, woonachtig in de gemeente [[LOCATION|{place}]].",
    "Contact: dhr. [[PERSON|{Surname}]], tel. [[PHONE|{phone}]].",
]

CHAT = [
    "hoi ik ben [[PERSON|{first}]] uit [[LOCATION|{place}]] en ik ben [[AGE|{age}]]",
    "mijn vriend [[PERSON|{first}]] zit ook bij [[ORGANISATION|{care}]] lol",
    "ik woon op de [[LOCATION|{street}]] maar niet verder vertellen",
    "[[PERSON|{first}]] en [[PERSON|{first}]] gingen samen naar [[LOCATION|{place}]] om te chillen",
    "volg me op [[SOCIAL|{handle}]]",
]

NOTHING = [
    "Ik vind dat hulpverleners vaker moeten vragen wat wij zelf willen. Nu beslissen ze alles over je hoofd heen.",
    "Het wachten was het ergste. Drie maanden niks horen en dan ineens moet alles snel.",
    "Op school wist niemand ervan en dat wilde ik ook zo houden. Het voelde alsof ik twee levens had.",
    "Wat hielp was dat iemand gewoon luisterde zonder meteen met oplossingen te komen.",
    "Ik snap dat de gemeente moet bezuinigen, maar dan moeten ze niet bij kinderen beginnen.",
    "Soms denk ik dat het nooit meer goed komt, maar dan zijn er weer dagen dat het wel lukt.",
    "In de groep was het altijd onrustig. Er was elke week wel ruzie en de leiding wisselde steeds.",
    "Mijn advies aan de wethouder: kom een keer meekijken op een groep, dan snap je het.",
    "Ik zit nu in de vierde klas van het vmbo en ik wil daarna naar het mbo, iets met zorg.",
    "Het jeugdteam kwam pas toen het al helemaal mis was. Eerder had veel uitgemaakt.",
]


def parse(marked):
    """[[LABEL|text]] markers to plain text and entities (code-point offsets)."""
    text, entities, pos = [], [], 0
    for part in re.split(r"(\[\[[A-Z]+\|[^\]]+\]\])", marked):
        m = re.fullmatch(r"\[\[([A-Z]+)\|([^\]]+)\]\]", part)
        if m:
            label, surface = m.group(1), m.group(2)
            entities.append({"start": pos, "end": pos + len(surface), "label": label, "text": surface})
            text.append(surface)
            pos += len(surface)
        else:
            text.append(part)
            pos += len(part)
    return "".join(text), entities


def passage(parts, case):
    marked = " ".join(fill(t) for t in parts)
    text, entities = parse(marked)
    if case != "normal":
        changed = text.lower() if case == "lower" else text.upper()
        if len(changed) == len(text):
            text = changed
            for e in entities:
                e["text"] = text[e["start"]:e["end"]]
    return text, entities


def main():
    rows = []
    kinds = ([("youth", TEMPLATES, 3)] * 120 + [("clinical", CLINICAL, 2)] * 30
             + [("chat", CHAT, 2)] * 25)
    for n, (kind, pool, k) in enumerate(kinds):
        parts = RNG.sample(pool, k)
        case = "normal"
        if kind == "chat":
            case = "lower" if n % 5 else "upper"
        elif kind == "youth" and n % 15 == 7:
            case = "upper"
        text, entities = passage(parts, case)
        rows.append({"id": f"sv-{n + 1:03d}", "kind": kind, "text": text, "entities": entities})
    for t in NOTHING:
        rows.append({"id": f"sv-{len(rows) + 1:03d}", "kind": "none", "text": t, "entities": []})
    order = list(range(len(rows)))
    RNG.shuffle(order)
    holdout = set(order[: len(rows) // 2])
    for i, row in enumerate(rows):
        row["split"] = "holdout" if i in holdout else "tune"
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
