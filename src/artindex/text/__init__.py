"""Text without an index: normalisation, dates, Hangul and its keyboard, transliteration."""
