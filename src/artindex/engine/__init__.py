"""The only modules that import Whoosh: schema, analyzers, matchers, writer, segment joining."""
