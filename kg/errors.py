"""The exceptions kg raises. The CLI turns any KGError into a one-line message.

    KGError                  anything kg reports to a user instead of a traceback
    ├── InputError           an input file cannot be read as an article
    ├── ModelError           the spaCy model cannot be found or loaded
    ├── RuleError            a rule or data file is malformed or names an unknown term
    ├── FormatError          no exporter or parser for the asked format
    ├── QueryError           a SPARQL query is malformed or not allowed
    └── ValidationError      the graph does not conform to the SHACL shapes
"""
from __future__ import annotations


class KGError(Exception):
    """Base of every error kg reports to its user."""


class InputError(KGError):
    """An input file cannot be read as an article; names the file and the problem."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class ModelError(KGError):
    """The spaCy model cannot be found or loaded."""


class RuleError(KGError):
    """A rule or data file is malformed or names a term the ontology lacks."""


class FormatError(KGError):
    """No exporter or parser for the asked format."""


class QueryError(KGError):
    """A SPARQL query is malformed or not allowed."""


class ValidationError(KGError):
    """The graph does not conform to the SHACL shapes."""
