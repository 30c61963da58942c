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
