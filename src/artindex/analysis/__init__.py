"""Language analysis, apart from any engine: Korean morphology through Kiwi and English
stemming (:mod:`.morphology`), the only code that knows morphology."""
