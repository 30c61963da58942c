"""Score a graph against gold facts: graph and *.gold.jsonl files in, precision/recall/F1 out.

Users annotate a few of their own articles in the gold format (see tests/data/gold
and docs of the output contract) and measure extraction with `kg eval`. It follows
the output contract of the project's yardstick exactly, so it gives the same numbers:

- A node stands for a gold entity when one of its labels (rdfs:label, skos:altLabel,
  prefLabel, name, ...) equals one of the entity's aliases after normalizing (case,
  punctuation, a leading "the"). Ties go to the entity of a matching class, then to
  the one whose canonical label is the node's main label, then to required entities.
- Classes and properties match by local name, through rdfs:subClassOf and
  rdfs:subPropertyOf of the ontology; met and spokeWith (and any
  owl:SymmetricProperty) match either way round.
- entities: recall over required entities found with an accepted class; false
  positives are entity nodes standing for no gold entity, plus each extra node of a
  split entity. rel, attr, event, quote: see score_facts. provenance: the share of
  relation triples reified with a source, and of event and quotation nodes with one.
- by_doc: each gold file is scored against the part of the graph its article gave.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node
from rdflib.util import guess_format

from .errors import InputError
from .vocab import ATTRIBUTES, ENTITY_CLASSES, EVENT_CLASSES, RELATIONS, SYMMETRIC

LABELS = {"label", "prefLabel", "altLabel", "name", "alternateName", "hiddenLabel"}
MAIN_LABELS = ("label", "prefLabel", "name")
NOT_ROLES = {"kind", "type", "participants", "evidence", "optional", "note"}  # as score.py
ROWS = ("entities", "rel", "attr", "event", "quote", "facts", "provenance")


def local(term: object) -> str:
    return re.split(r"[#/]", str(term).rstrip("#/"))[-1]


def norm(text: object) -> str:
    t = unicodedata.normalize("NFKC", str(text)).casefold()
    quotes: dict[str, str | int | None] = {"’": "'", "‘": "'", "“": '"', "”": '"'}
    t = t.translate(str.maketrans(quotes))
    t = re.sub(r"[.']", "", t)
    t = re.sub(r"[^\w%]+", " ", t).strip()
    return re.sub(r"^the ", "", t)


def _found(wanted: str, value: str) -> bool:
    """A gold attribute value is found when it equals or contains (or is in) a non-empty value."""
    return wanted == value or bool(wanted and value) and (wanted in value or value in wanted)


def _accepted(accepted: str, value: str) -> bool:
    """A graph value is accepted when a non-empty gold value equals, contains or is in it."""
    return bool(accepted) and (accepted == value or accepted in value or value in accepted)


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, other: Score) -> None:
        self.tp, self.fn, self.fp = self.tp + other.tp, self.fn + other.fn, self.fp + other.fp
        for k, v in other.extra.items():
            self.extra[k] = self.extra.get(k, 0) + v

    def as_dict(self, precision_one: bool = False) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fn": self.fn, "fp": self.fp, "precision": 1.0 if precision_one else round(p, 3),
                "recall": round(r, 3), "f1": round(f, 3), **self.extra}


class Hierarchy:
    """Sub-class and sub-property closure, by local name."""

    def __init__(self, graph: Graph):
        self.up_class: dict[str, set[str]] = defaultdict(set)
        self.up_prop: dict[str, set[str]] = defaultdict(set)
        for s, o in graph.subject_objects(RDFS.subClassOf):
            self.up_class[local(s)].add(local(o))
        for s, o in graph.subject_objects(RDFS.subPropertyOf):
            self.up_prop[local(s)].add(local(o))
        self.symmetric = set(SYMMETRIC) | {local(s) for s in graph.subjects(RDF.type, OWL.SymmetricProperty)}
        self._cache: dict[tuple, frozenset] = {}

    def _up(self, name: str, edges: dict) -> frozenset:
        key = (name, id(edges))
        if key not in self._cache:
            seen, todo = {name}, [name]
            while todo:
                for parent in edges.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._cache[key] = frozenset(seen)
        return self._cache[key]

    def classes(self, name: str) -> frozenset:
        return self._up(name, self.up_class)

    def props(self, name: str) -> frozenset:
        return self._up(name, self.up_prop)


@dataclass
class Gold:
    entities: dict[str, dict]
    facts: list[dict]
    scope: dict | None = None


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.glob("*.gold.jsonl"))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(p, "no such gold file or directory")
    return out


def read_gold(files: list[Path]) -> Gold:
    """Entities (aliases merged by id) and facts (deduplicated) of the gold files."""
    gold = Gold({}, [])
    seen: set[str] = set()
    for f in files:
        try:
            text = f.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f, f"not UTF-8 text (byte {e.start})") from None
        except OSError as e:
            raise InputError(f, f"cannot read: {e.strerror or e}") from None
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{f}:{n}", f"malformed JSON ({e.msg})") from None
            kind = d.get("kind")
            if kind == "scope":
                gold.scope = d
            elif kind == "entity":
                entity = gold.entities.setdefault(d["id"], {**d, "aliases": set()})
                entity["aliases"] |= {norm(a) for a in [*d["aliases"], d["label"]]}
            else:
                key = json.dumps({k: v for k, v in d.items() if k not in ("evidence", "optional")}, sort_keys=True)
                if key not in seen:
                    seen.add(key)
                    gold.facts.append(d)
    return gold


def load(paths: Iterable[str | Path]) -> Dataset:
    """Every RDF file named or under the folders named, as one union graph. InputError if a
    file named is not RDF, or if no triple was read at all (a score of zeros would say
    nothing about extraction)."""
    g = Dataset(default_union=True)
    named = [Path(p) for p in paths]
    for p in named:
        if not p.is_dir() and (p.suffix.lower() == ".html" or guess_format(str(p)) is None):
            raise InputError(p, "cannot tell the RDF format from the suffix (use .ttl, .nt, .trig, .nq, .jsonld, .rdf)")
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            fmt = guess_format(str(f)) if f.suffix.lower() != ".html" else None
            if fmt and f.is_file():
                if fmt == "json-ld":
                    from .query import check_contexts

                    check_contexts(f)
                try:
                    g.parse(f, format=fmt)
                except Exception as e:  # rdflib raises parser-specific types
                    raise InputError(f, f"not valid {fmt}: {str(e).splitlines()[0] if str(e) else e!r}") from None
    if not len(g):
        raise InputError(", ".join(map(str, named)), "holds no triples")
    return g


class Scorer:
    """Scores one graph against one gold set."""

    def __init__(self, graph: Graph, hierarchy: Hierarchy, gold: Gold):
        self.g, self.h, self.gold = graph, hierarchy, gold
        scope = gold.scope
        self.rel_scope = set(scope["rel"] if scope else RELATIONS)
        self.attr_scope = set(scope.get("attr", []) if scope else ATTRIBUTES)
        self.event_scope = scope is None or bool(scope.get("event"))
        self.quote_scope = scope is None or bool(scope.get("quote"))
        self.types: dict = defaultdict(set)
        for s, o in graph.subject_objects(RDF.type):
            self.types[s] |= self.h.classes(local(o))
        self.labels: dict = defaultdict(set)
        self.main: dict = {}
        for s, p, o in graph.triples((None, None, None)):
            if isinstance(o, Literal) and local(p) in LABELS:
                self.labels[s].add(norm(o))
                if local(p) in MAIN_LABELS:
                    self.main.setdefault(s, norm(o))
        self.stands_for = {n: self._gold_ids(n) for n in set(self.types) | set(self.labels)}
        self.nodes_of: dict[str, set] = defaultdict(set)
        for n, ids in self.stands_for.items():
            for i in ids:
                self.nodes_of[i].add(n)

    def _gold_ids(self, node) -> set[str]:
        ents = self.gold.entities
        cands = [i for i, e in ents.items() if e["aliases"] & self.labels[node]]
        for narrow in (lambda i: set(ents[i]["type"]) & self.types[node],
                       lambda i: norm(ents[i]["label"]) == self.main.get(node),
                       lambda i: not ents[i].get("optional")):
            if len(cands) > 1:
                cands = [i for i in cands if narrow(i)] or cands
        return set(cands)

    def values(self, node, prop: str) -> list:
        return [o for p, o in self.g.predicate_objects(node) if prop in self.h.props(local(p))]

    def of_class(self, cls: str) -> list:
        return [n for n in self.types if cls in self.types[n]]

    # ---------------------------------------------------------------- entities

    def entities(self) -> tuple[Score, list[str]]:
        score, misses = Score(), []
        for i, e in self.gold.entities.items():
            if e.get("optional"):
                continue
            if any(set(e["type"]) & self.types[n] for n in self.nodes_of[i]):
                score.tp += 1
            else:
                score.fn += 1
                misses.append(f"entity missing or mistyped: {e['label']} ({'/'.join(e['type'])})")
        predicted = [n for n in self.stands_for if not self.types[n].isdisjoint(ENTITY_CLASSES)]
        per_gold: dict[str, int] = defaultdict(int)
        merged = 0
        for n in predicted:
            ids = self.stands_for[n]
            if not ids:
                score.fp += 1
                misses.append(f"entity not in gold: {min(self.labels[n], default=str(n))}")
            if len(ids) > 1:
                merged += 1
                misses.append(f"entity merges several gold entities: {sorted(ids)}")
            for i in ids:
                per_gold[i] += 1
        split = {i: k for i, k in per_gold.items() if k > 1}
        misses += [f"entity split into {k} nodes: {i}" for i, k in split.items()]
        score.fp += sum(k - 1 for k in split.values())
        score.extra = {"split": len(split), "merged": merged}
        return score, misses

    # ---------------------------------------------------------------- facts

    def _holds(self, s_id: str, prop: str, o_id: str) -> bool:
        for s in self.nodes_of[s_id]:
            for o in self.nodes_of[o_id]:
                if any(prop in self.h.props(local(p)) for p in self.g.predicates(s, o)):
                    return True
                if prop in self.h.symmetric and any(prop in self.h.props(local(p)) for p in self.g.predicates(o, s)):
                    return True
        return False

    def relations(self, gold: list[dict]) -> tuple[Score, list[str]]:
        score, misses = Score(), []
        for d in gold:
            if self._holds(d["s"], d["p"], d["o"]):
                score.tp += 1
            elif not d.get("optional"):
                score.fn += 1
                misses.append(f"rel missing: {d['s']} {d['p']} {d['o']}")
        triples = [(d["s"], d["p"], d["o"]) for d in gold]
        for s, p, o in self.g.triples((None, None, None)):
            names = self.h.props(local(p)) & self.rel_scope
            s_ids, o_ids = self.stands_for.get(s), self.stands_for.get(o)
            if not names or not s_ids or not o_ids:
                continue
            if not any(gp in names and (gs in s_ids and go in o_ids or
                                        gp in self.h.symmetric and gs in o_ids and go in s_ids)
                       for gs, gp, go in triples):
                score.fp += 1
                misses.append(f"rel not in gold: {sorted(s_ids)[0]} {local(p)} {sorted(o_ids)[0]}")
        return score, misses

    def attributes(self, gold: list[dict]) -> tuple[Score, list[str]]:
        score, misses = Score(), []
        for d in gold:
            wanted = [norm(v) for v in d["v"]]
            if any(_found(w, norm(o)) for n in self.nodes_of[d["s"]] for o in self.values(n, d["p"]) for w in wanted):
                score.tp += 1
            elif not d.get("optional"):
                score.fn += 1
                misses.append(f"attr missing: {d['s']} {d['p']} {d['v'][0]!r}")
        accepted: dict[tuple, list[str]] = defaultdict(list)
        for d in gold:
            accepted[(d["s"], d["p"])] += [norm(v) for v in d["v"]]
        for gid, nodes in self.nodes_of.items():
            for prop in self.attr_scope:
                for n in nodes:
                    for o in self.values(n, prop):
                        if not any(_accepted(a, norm(o)) for a in accepted.get((gid, prop), [])):
                            score.fp += 1
                            misses.append(f"attr not in gold: {gid} {prop} {str(o)!r}")
        return score, misses

    def _event_matches(self, node, d: dict) -> bool:
        def role(prop: str, gid: str) -> bool:
            return any(gid in self.stands_for.get(v, ()) for v in self.values(node, prop))

        if not all(role("participant", p) or role("agent", p) for p in d.get("participants", [])):
            return False
        for key, want in d.items():
            if key in NOT_ROLES or want is None:
                continue
            if isinstance(want, (int, float)) and not isinstance(want, bool):
                rates = []
                for v in self.values(node, key):
                    try:
                        rates.append(float(str(v).rstrip("%")))
                    except ValueError:
                        pass
                if not any(abs(r - want) < 0.01 for r in rates):
                    return False
            elif isinstance(want, str) and not role(key, want):
                return False
        return True

    def events(self, gold: list[dict]) -> tuple[Score, list[str]]:
        score, misses, matched = Score(), [], set()
        for d in gold:
            hits = [n for n in self.of_class(d["type"]) if self._event_matches(n, d)]
            matched |= set(hits)
            if hits:
                score.tp += 1
            elif not d.get("optional"):
                score.fn += 1
                roles = {k: v for k, v in d.items() if k not in ("kind", "type", "evidence")}
                misses.append(f"event missing: {d['type']} {json.dumps(roles)}")
        if self.event_scope:
            for cls in sorted({d["type"] for d in gold} | set(EVENT_CLASSES)):
                for n in self.of_class(cls):
                    if n not in matched:
                        matched.add(n)
                        score.fp += 1
                        misses.append(f"event not in gold: {cls} {n}")
        return score, misses

    def _quote_matches(self, node, d: dict) -> bool:
        if not any(norm(d["text"]) in norm(t) for t in self.values(node, "text")):
            return False
        return d["speaker"] == "*" or any(d["speaker"] in self.stands_for.get(v, ())
                                          for v in self.values(node, "speaker"))

    def quotes(self, gold: list[dict]) -> tuple[Score, list[str]]:
        score, misses, matched = Score(), [], set()
        quotations = self.of_class("Quotation")
        for d in gold:
            hits = [n for n in quotations if self._quote_matches(n, d)]
            matched |= set(hits)
            if hits:
                score.tp += 1
            elif not d.get("optional"):
                score.fn += 1
                misses.append(f"quote missing: {d['speaker']}: {d['text']!r}")
        if self.quote_scope:
            for n in quotations:
                if n not in matched:
                    score.fp += 1
                    said = [str(t)[:60] for t in self.values(n, "text")]
                    misses.append(f"quote not in gold (or wrong speaker): {said}")
        return score, misses

    def provenance(self) -> Score:
        derived = {s for s, p, _ in self.g.triples((None, None, None)) if local(p) == "wasDerivedFrom"}
        stated = {(self.g.value(st, RDF.subject), self.g.value(st, RDF.predicate), self.g.value(st, RDF.object))
                  for st in derived if (st, RDF.type, RDF.Statement) in self.g}
        score = Score()
        for s, p, o in self.g.triples((None, None, None)):
            if not self.h.props(local(p)).isdisjoint(RELATIONS) and not self.types[s].isdisjoint(ENTITY_CLASSES):
                if (s, p, o) in stated:
                    score.tp += 1
                else:
                    score.fn += 1
        nodes = {n for c in ("Event", *EVENT_CLASSES, "Quotation") for n in self.of_class(c)}
        for n in nodes:
            if (n, RDF.type, RDF.Statement) not in self.g:
                if n in derived:
                    score.tp += 1
                else:
                    score.fn += 1
        return score

    def run(self) -> tuple[dict[str, Score], list[str]]:
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for d in self.gold.facts:
            by_kind[d["kind"]].append(d)
        out: dict[str, Score] = {}
        misses: list[str] = []
        out["entities"], m = self.entities()
        misses += m
        for name, fn, kind in (("rel", self.relations, "rel"), ("attr", self.attributes, "attr"),
                               ("event", self.events, "event"), ("quote", self.quotes, "quote")):
            out[name], m = fn(by_kind[kind])
            misses += m
        facts = Score()
        for name in ("rel", "attr", "event", "quote"):
            facts.add(out[name])
        out["facts"] = facts
        out["provenance"] = self.provenance()
        return out, misses


def article_part(graph: Graph, doc_id: str) -> Dataset:
    """What one article gave: its entities (mentionedIn), the reified relation triples and
    the event and quotation nodes derived from it, with their types and literals."""
    articles = {s for s, p, o in graph.triples((None, None, None)) if local(p) == "identifier" and str(o) == doc_id}
    part = Dataset(default_union=True)
    nodes = {s for s, p, o in graph.triples((None, None, None))
             if local(p) in ("wasDerivedFrom", "mentionedIn") and o in articles}

    def literals(node) -> None:
        for p, o in graph.predicate_objects(node):
            if isinstance(o, Literal) or p == RDF.type:
                part.add((node, p, o))

    for node in nodes:
        literals(node)
        if (node, RDF.type, RDF.Statement) in graph:
            for p, o in graph.predicate_objects(node):
                part.add((node, p, o))
            stated = tuple(graph.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
            part.add(cast("tuple[Node, Node, Node]", stated))  # a statement has its three (else rdflib refuses it)
        elif any(local(p) == "wasDerivedFrom" for p in graph.predicates(node)):
            for p, o in graph.predicate_objects(node):
                part.add((node, p, o))
                literals(o)
    return part


def evaluate(graph: Graph, ontology: Graph, gold: list[Path], by_doc: bool = False
             ) -> tuple[dict[str, dict], list[str]]:
    """Scores by row (entities, rel, attr, event, quote, facts, provenance) and the misses."""
    hierarchy = Hierarchy(ontology)
    if not by_doc:
        scores, misses = Scorer(graph, hierarchy, read_gold(gold)).run()
    else:
        scores, misses = {}, []
        for f in gold:
            doc_id = f.name[:-len(".gold.jsonl")]
            one, m = Scorer(article_part(graph, doc_id), hierarchy, read_gold([f])).run()
            for k, v in one.items():
                scores.setdefault(k, Score()).add(v)
            misses += [f"{doc_id}: {x}" for x in m]
    return {k: scores[k].as_dict(precision_one=k == "provenance") for k in ROWS}, misses


def table(scores: dict[str, dict]) -> str:
    lines = [f"{'':10} {'P':>6} {'R':>6} {'F1':>6}   tp  fn  fp"]
    for k, r in scores.items():
        lines.append(f"{k:10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                     f"{r['tp']:4} {r['fn']:3} {r['fp']:3}"
                     + (f"   split={r['split']} merged={r['merged']}" if "split" in r else ""))
    return "\n".join(lines)
