"""N-Triples and N-Quads written as the statements come, sorted and without repeats, in bounded memory.

    with Spool() as spool:
        for s, p, o, g in statements:
            spool.add(row(s, p, o, g))
        count = spool.write(out)   # binary file; returns the number of lines written

A build's statements come one at a time (kg.graph.quads), possibly repeated. The spool
keeps up to `chunk` distinct lines in memory; when that fills, it sorts them and spills
them to a temporary file, and `write` merges the spilled runs (heapq.merge), dropping
repeats. So the output is sorted, byte for byte the same whatever order the statements
came in, and memory stays bounded however large the graph: the external merge sort of
`sort -u`. Lines are UTF-8 bytes, whose order is the order of their code points.
"""
from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from rdflib import BNode, Literal, URIRef

CHUNK = 400_000  # distinct lines held before a spill: ~100 MB of N-Triples


def _literal(value: Literal) -> str:
    text = '"' + str(value).replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"').replace("\r", "\\r") + '"'
    if value.language:
        return f"{text}@{value.language}"
    if value.datatype:
        return f"{text}^^<{value.datatype}>"
    return text


def term(node: URIRef | Literal | BNode) -> str:
    """A term as N-Triples writes it (the same form as rdflib's N-Triples serializer).
    IRIs are written as they are: rdflib checked them when they were made or parsed."""
    if isinstance(node, Literal):
        return _literal(node)
    return f"<{node}>" if isinstance(node, URIRef) else node.n3()


def row(s, p, o, graph: URIRef | None = None) -> bytes:
    """One N-Triples line, or one N-Quads line when graph is a named graph."""
    where = f" <{graph}>" if graph is not None else ""
    return f"{term(s)} <{p}> {term(o)}{where} .\n".encode("utf-8", "replace")


class Spool:
    """Collects lines, spills sorted runs to temporary files, writes them merged and unique."""

    def __init__(self, chunk: int = CHUNK, folder: str | None = None):
        self.chunk, self.folder = chunk, folder
        self.lines: set[bytes] = set()
        self.runs: list[BinaryIO] = []

    def add(self, line: bytes) -> None:
        self.lines.add(line)
        if len(self.lines) >= self.chunk:
            self._spill()

    def extend(self, lines: Iterable[bytes]) -> None:
        for line in lines:
            self.add(line)

    def _spill(self) -> None:
        run = tempfile.TemporaryFile(prefix="kg-spool-", dir=self.folder)
        run.writelines(sorted(self.lines))
        run.seek(0)
        self.runs.append(run)
        self.lines = set()

    def __iter__(self) -> Iterator[bytes]:
        """The lines, sorted, each once."""
        if not self.runs:
            yield from sorted(self.lines)
            return
        if self.lines:
            self._spill()
        last = None
        for line in heapq.merge(*self.runs):
            if line != last:
                yield line
                last = line

    def write(self, out: BinaryIO) -> int:
        count = 0
        for line in self:
            out.write(line)
            count += 1
        return count

    def close(self) -> None:
        for run in self.runs:
            run.close()
        self.runs, self.lines = [], set()

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def write_sorted(lines: Iterable[bytes], path: str | os.PathLike, chunk: int = CHUNK) -> int:
    """Write lines to path sorted and unique, spilling beside it; the number written."""
    with Spool(chunk, folder=os.path.dirname(os.path.abspath(path))) as spool:
        spool.extend(lines)
        with open(path, "wb") as out:
            return spool.write(out)
