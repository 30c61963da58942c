"""Regenerate kg/data/countries.jsonl from the countryinfo package (MIT).

Run by hand when the country table needs refreshing (it is not a runtime
dependency):  pip install countryinfo && python tools/make_countries.py
The overrides below add the forms news writing uses that countryinfo lacks.
"""
import json
import re
from pathlib import Path

import countryinfo

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "countries.jsonl"

# Forms news uses that the source lacks; keys are countryinfo names.
EXTRA = {
    "United States": {"aliases": ["U.S.", "U.S.A.", "America", "United States of America", "USA", "US"],
                      "capital": "Washington", "demonyms": ["American", "Americans"]},
    "United Kingdom": {"aliases": ["Britain", "U.K.", "UK", "Great Britain"],
                       "demonyms": ["British", "Briton", "Britons"]},
    "China": {"aliases": ["PRC", "People's Republic of China", "mainland China"]},
    "Russia": {"aliases": ["Russian Federation"]},
    "South Korea": {"aliases": ["Republic of Korea", "ROK"]},
    "North Korea": {"aliases": ["DPRK", "Democratic People's Republic of Korea"]},
    "United Arab Emirates": {"aliases": ["UAE", "U.A.E."], "demonyms": ["Emirati"]},
    "Netherlands": {"aliases": ["Holland", "the Netherlands"], "demonyms": ["Dutch"]},
    "Czech Republic": {"aliases": ["Czechia"]},
    "Turkey": {"aliases": ["Türkiye", "Turkiye"]},
    "Ivory Coast": {"aliases": ["Côte d'Ivoire", "Cote d'Ivoire"]},
    "Myanmar": {"aliases": ["Burma"], "demonyms": ["Burmese"]},
    "Vatican City": {"aliases": ["Holy See", "Vatican"]},
    "New Zealand": {"aliases": ["N.Z."]},
    # the adjective news writes beside the source's demonym ("Saudi officials", "a Philippine
    # senator", "the Kazakh government")
    "Saudi Arabia": {"demonyms": ["Saudi"]},
    "Philippines": {"demonyms": ["Philippine"]},
    "Argentina": {"demonyms": ["Argentine", "Argentinian"]},
    "Ecuador": {"demonyms": ["Ecuadorian"]},
    "Bosnia and Herzegovina": {"demonyms": ["Bosnian"], "aliases": ["Bosnia"]},
    "Slovenia": {"demonyms": ["Slovenian"]},
    "Iceland": {"demonyms": ["Icelandic"]},
    "Nepal": {"demonyms": ["Nepali"]},
    "Laos": {"demonyms": ["Lao"]},
    "Kazakhstan": {"demonyms": ["Kazakh"]},
    "Uzbekistan": {"demonyms": ["Uzbek"]},
    "Kyrgyzstan": {"demonyms": ["Kyrgyz"]},
    "Tajikistan": {"demonyms": ["Tajik"]},
    "Azerbaijan": {"demonyms": ["Azeri"]},
    "Maldives": {"demonyms": ["Maldivian"]},
    "East Timor": {"demonyms": ["Timorese"]},
    "Suriname": {"demonyms": ["Surinamese"]},
    "El Salvador": {"demonyms": ["Salvadorian"]},
    "Belarus": {"demonyms": ["Byelorussian"], "aliases": ["Byelorussia"]},
}
# Countries of the 20th century that news archives name and countryinfo has not (Reuters of
# 1987 writes "West Germany" and "the Soviet Union"): rows of their own, never merged into
# their successors.
HISTORICAL = [
    {"name": "Soviet Union", "aliases": ["U.S.S.R.", "USSR", "Union of Soviet Socialist Republics"],
     "demonyms": ["Soviet"], "capital": ""},
    {"name": "West Germany", "aliases": ["W. Germany", "W.Germany"], "demonyms": ["West German"], "capital": "Bonn"},
    {"name": "East Germany", "aliases": ["E. Germany", "GDR", "German Democratic Republic"],
     "demonyms": ["East German"], "capital": ""},
    {"name": "Yugoslavia", "aliases": [], "demonyms": ["Yugoslav"], "capital": ""},
    {"name": "Czechoslovakia", "aliases": [], "demonyms": ["Czechoslovak"], "capital": ""},
]
# Spellings of the source that are English words, no country's name ("Island" for Iceland)
NOT_ALIASES = {"Island"}
# Names that are also common words or people's names: looked up when the
# model tags them as a place, never forced by the entity ruler.
AMBIGUOUS = {"Georgia", "Jordan", "Chad", "Turkey", "Guinea", "Niger", "Dominica",
             "Jersey", "Mali", "Togo", "Victoria"}
# Capitals that are also common words or names, or that stand for a region.

def latin(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z .'’-]+", s))


def main() -> None:
    rows = []
    folder = Path(countryinfo.__file__).parent / "data"
    for path in sorted(folder.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        name = info.get("name")
        if not name or not info.get("ISO"):
            continue
        extra = EXTRA.get(name, {})
        aliases = [a for a in info.get("altSpellings", [])
                   if latin(a) and (len(a) > 3 or a == a.upper() and len(a) == 3) and "," not in a]
        aliases = [a for a in aliases if not re.fullmatch(r"[A-Z]{2,3}", a) or a in extra.get("aliases", [])]
        aliases = sorted(set(aliases + extra.get("aliases", [])) - {name} - NOT_ALIASES)
        demonym = info.get("demonym") or ""
        demonyms = sorted(set(([demonym] if latin(demonym) else []) + extra.get("demonyms", [])))
        capital = extra.get("capital") or info.get("capital") or ""
        capital = capital[0] if isinstance(capital, list) and capital else capital or ""
        rows.append({"name": name, "aliases": aliases, "demonyms": demonyms,
                     "capital": capital if latin(capital) else "",
                     "ambiguous": name in AMBIGUOUS, "population": info.get("population") or 0,
                     "provinces": sorted({p for p in info.get("provinces") or [] if latin(p)})})
    # A demonym several territories share ("Chinese") belongs to the most populous.
    owner: dict[str, dict] = {}
    for row in rows:
        for d in row["demonyms"]:
            if d not in owner or row["population"] > owner[d]["population"]:
                owner[d] = row
    for row in rows:
        row["demonyms"] = [d for d in row["demonyms"] if owner[d] is row]
        del row["population"]
    rows += [{**h, "ambiguous": False, "provinces": []} for h in HISTORICAL]
    with OUT.open("w", encoding="utf-8") as f:
        f.write('{"source": "countryinfo 1.0.1 (MIT), with the overrides of tools/make_countries.py"}\n')
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(rows)} countries -> {OUT}")


if __name__ == "__main__":
    main()
