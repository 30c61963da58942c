"""kg: news articles in, a knowledge graph out, every fact traced to its sentence.

The stages, one module each (see kg/pipeline.py for how they chain):
ingest -> nlp -> entities, roles -> resolve -> graph -> exporters.
"""
__version__ = "0.2.0"
