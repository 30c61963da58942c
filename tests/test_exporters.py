"""The exporter registry and atomic writing."""
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import FormatError
from kg.exporters import REGISTRY, atomic_write, export, find


def test_formats_by_name_and_suffix():
    assert find("out/g.ttl").name == "turtle"
    assert find("out/g.html").name == "html"
    assert find("whatever.bin", "turtle").name == "turtle"
    with pytest.raises(FormatError, match="unknown format 'docx'; available formats: "):
        find("g.ttl", "docx")
    with pytest.raises(FormatError, match="cannot tell the format from suffix '.pdf'"):
        find("g.pdf")
    assert all(e.suffixes and e.description for e in REGISTRY.values())


@pytest.mark.parametrize("interrupt", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_previous_output_whole(tmp_path, interrupt):
    out = tmp_path / "g.ttl"
    out.write_text("previous output\n")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_text("half of a new outp")
        raise interrupt

    with pytest.raises(type(interrupt)):
        atomic_write(out, half_then_fail)
    assert out.read_text() == "previous output\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]  # no temporary file left behind


def test_export_writes_complete_file(tmp_path):
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal('quote " and \\ backslash')))
    export(g, tmp_path / "sub" / "g.ttl")
    assert len(Graph().parse(tmp_path / "sub" / "g.ttl")) == 1


def small() -> Graph:
    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:b"), Literal("c")))
    return g


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe.nt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    export(small(), fifo)
    reader.join(10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got == [b"<urn:a> <urn:b> \"c\" .\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.nt"]


def test_a_device_is_written_into_not_replaced(tmp_path):
    import os
    import stat

    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    export(small(), null, "turtle")
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_folder_format_over_a_file_is_refused(tmp_path):
    from kg.errors import KGError

    out = tmp_path / "g.neo4j"
    out.write_text("a file")
    with pytest.raises(KGError, match=r"g.neo4j: not a folder; this format writes a folder of files$"):
        export(small(), out)
    assert out.read_text() == "a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.neo4j"]


@pytest.fixture
def mask():
    import os

    before = os.umask(0o027)
    yield
    os.umask(before)


@pytest.mark.parametrize("name", ["g.ttl", "g.nt", "g.html", "g.graphml"])
def test_a_new_output_honours_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path, mask, name):
    out = tmp_path / name
    export(small(), out)
    assert out.stat().st_mode & 0o777 == 0o640
    out.chmod(0o600)
    export(small(), out)
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_folder_output_honours_the_umask_and_keeps_its_mode(tmp_path, mask):
    out = tmp_path / "g.neo4j"
    export(small(), out)
    assert out.stat().st_mode & 0o777 == 0o750
    assert (out / "nodes.csv").stat().st_mode & 0o777 == 0o640
    out.chmod(0o700)
    export(small(), out)
    assert out.stat().st_mode & 0o777 == 0o700


# --- the same graph gives the same bytes (issue 12, item 13) ------------------------------------------

def _graph(order: int) -> Graph:
    from rdflib import RDF, RDFS
    from rdflib.namespace import PROV, SKOS

    from kg.vocab import KG

    triples = []
    for i in range(6):
        article = URIRef(f"https://example.org/kg/article/a{i}")
        person = URIRef(f"https://example.org/kg/person/p{i}")
        st = URIRef(f"https://example.org/kg/statement/s{i}")
        triples += [(person, RDF.type, KG.Person), (person, RDFS.label, Literal(f"Person {i}")),
                    (person, SKOS.altLabel, Literal(f"P{i}")), (person, SKOS.altLabel, Literal(f"Mr {i}")),
                    (article, RDF.type, KG.Article), (person, KG.mentionedIn, article),
                    (st, RDF.type, RDF.Statement), (st, RDF.subject, person), (st, RDF.predicate, KG.worksFor),
                    (st, RDF.object, person), (st, PROV.wasDerivedFrom, article), (person, KG.worksFor, person)]
    g = Graph()
    for t in (triples if order == 0 else reversed(triples)):
        g.add(t)
    return g


@pytest.mark.parametrize("suffix", ["trig", "jsonld", "ttl", "nq", "nt"])
def test_output_does_not_depend_on_triple_order(tmp_path, suffix):
    export(_graph(0), tmp_path / f"a.{suffix}")
    export(_graph(1), tmp_path / f"b.{suffix}")
    assert (tmp_path / f"a.{suffix}").read_bytes() == (tmp_path / f"b.{suffix}").read_bytes()


@pytest.mark.parametrize("suffix", ["trig", "jsonld"])
def test_output_does_not_depend_on_the_hash_seed(tmp_path, suffix):
    import os
    import subprocess
    import sys

    _graph(0).serialize(tmp_path / "g.nt", format="nt")
    outputs = set()
    for seed in ("1", "2", "3", "4"):
        out = tmp_path / f"g{seed}.{suffix}"
        subprocess.run([sys.executable, "-m", "kg", "export", str(tmp_path / "g.nt"), "-o", str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.add(out.read_bytes())
    assert len(outputs) == 1


# --- control characters never make an output invalid (issue 12, item 14) -----------------------------

def _dirty() -> Graph:
    from rdflib import RDF, RDFS
    from rdflib.namespace import PROV, SKOS

    from kg.vocab import KG

    g = Graph()
    a, b = URIRef("https://example.org/kg/person/a"), URIRef("https://example.org/kg/organization/b")
    art, st = URIRef("https://example.org/kg/article/x"), URIRef("https://example.org/kg/statement/s")
    g.add((a, RDF.type, KG.Person))
    g.add((a, RDFS.label, Literal("Ann\x00 Lee\x01\x0c")))
    g.add((a, SKOS.altLabel, Literal("A\x1bL")))
    g.add((b, RDF.type, KG.Organization))
    g.add((b, RDFS.label, Literal("Acme\x0b")))
    g.add((a, KG.worksFor, b))
    for p, o in ((RDF.type, RDF.Statement), (RDF.subject, a), (RDF.predicate, KG.worksFor), (RDF.object, b),
                 (PROV.wasDerivedFrom, art), (KG.sentence, Literal("Ann\x00 Lee works\x0c for Acme.\x02"))):
        g.add((st, p, o))
    g.add((art, KG.identifier, Literal("x\x03")))
    return g


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_control_characters_do_not_make_invalid_xml(tmp_path, suffix):
    import xml.etree.ElementTree as ET

    export(_dirty(), tmp_path / f"g.{suffix}")
    root = ET.parse(tmp_path / f"g.{suffix}").getroot()
    text = ET.tostring(root, encoding="unicode")
    assert "Ann\ufffd Lee" in text and "works\ufffd for Acme" in text


def test_control_characters_do_not_reach_neo4j_csv(tmp_path):
    import re

    export(_dirty(), tmp_path / "g.neo4j")
    for name in ("nodes.csv", "relationships.csv", "import.cypher"):
        text = (tmp_path / "g.neo4j" / name).read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text), name


# --- what a killed write leaves is cleaned up; bytes reach the disk before the rename (item 15) -------

def test_leftovers_of_a_killed_write_are_swept(tmp_path):
    out = tmp_path / "g.ttl"
    (tmp_path / ".g.ttl.abc123.tmp").write_text("half")
    (tmp_path / ".g.ttl.def456.tmp").mkdir()
    (tmp_path / ".other.ttl.abc.tmp").write_text("not ours")
    export(small(), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.ttl.abc.tmp", "g.ttl"]


def test_a_stale_old_folder_does_not_stop_a_folder_output(tmp_path):
    out = tmp_path / "g.neo4j"
    export(small(), out)
    stale = tmp_path / ".g.neo4j.old"
    stale.mkdir()
    (stale / "nodes.csv").write_text("stale")
    export(small(), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.neo4j"]


def test_a_swap_cut_short_is_put_back(tmp_path):
    out = tmp_path / "g.neo4j"
    export(small(), out)
    out.rename(tmp_path / ".g.neo4j.old")  # killed between the two renames
    export(small(), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.neo4j"]
    assert (out / "nodes.csv").is_file()


def test_output_is_flushed_before_the_rename(tmp_path, monkeypatch):
    import os

    events = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(os, "replace", lambda a, b: events.append("replace") or real_replace(a, b))
    export(small(), tmp_path / "g.ttl")
    assert events[:2] == ["fsync", "replace"]
