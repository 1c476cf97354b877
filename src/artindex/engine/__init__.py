"""The only modules that import Whoosh: schema, analyzers as Whoosh sees them, scoring."""
