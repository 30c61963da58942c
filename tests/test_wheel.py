"""The built wheel works outside the checkout: its rules, data, model and ontology ship inside it."""
import os
import shutil
import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT, SEEDS

pytestmark = pytest.mark.model


def test_the_wheel_builds_the_seeds_away_from_the_checkout(tmp_path):
    # built from a copy of the sources, so that no build/ folder of an earlier build leaks in
    src = tmp_path / "src"
    shutil.copytree(ROOT / "kg", src / "kg", symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "ontology", src / "ontology")
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(tmp_path / "dist"), str(src)], check=True, cwd=tmp_path, capture_output=True)
    [wheel] = (tmp_path / "dist").glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"kg/ontology/kg.ttl", "kg/ontology/shapes.ttl", "kg/rules/relations.toml",
            "kg/models/relations.json.gz"} <= set(names)
    rules = {f"kg/rules/{p.name}" for p in (ROOT / "kg" / "rules").iterdir() if p.suffix == ".toml"}
    assert {"kg/rules/places.toml", "kg/rules/sports.toml", "kg/rules/entities.toml"} <= rules <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # a pure-Python wheel installs by unpacking
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}  # before the checkout's editable install

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", *args], check=True, cwd=work, env=env,
                              capture_output=True, text=True)

    where = subprocess.run([sys.executable, "-c", "import kg, kg.validate; print(kg.__file__); "
                            "print(kg.validate.ontology_dir())"], check=True, cwd=work, env=env,
                           capture_output=True, text=True).stdout.split()
    assert all(w.startswith(str(site)) for w in where), where
    one_liner = ("import kg; print(kg.build(['Angela Merkel met Emmanuel Macron in Paris.'])"
                 ".graph.serialize(format='nt'))")
    printed = subprocess.run([sys.executable, "-c", one_liner], check=True, cwd=work, env=env,
                             capture_output=True, text=True).stdout
    assert "<https://example.org/kg/person/angela-merkel> <https://example.org/kg/ontology#met> " \
           "<https://example.org/kg/person/emmanuel-macron> ." in printed
    kg("build", str(SEEDS), "-o", "g.ttl")
    assert "conforms" in kg("validate", "g.ttl").stdout
    checkout = tmp_path / "checkout.ttl"
    subprocess.run([sys.executable, "-m", "kg", "build", str(SEEDS), "-o", str(checkout)], check=True, cwd=ROOT,
                   capture_output=True)
    assert (work / "g.ttl").read_bytes() == checkout.read_bytes()
