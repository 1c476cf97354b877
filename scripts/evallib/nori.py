"""The Nori harness runner, now in the library (:mod:`artindex.export.lucene`) so that
``artindex export opensearch --check`` can use it; kept here for the scripts and tests."""

from artindex.export.lucene import NoriToken, analyze, classpath, compiled, missing, write_spec

__all__ = ["NoriToken", "analyze", "classpath", "compiled", "missing", "write_spec"]
