"""Pure text functions shared by ingest and search: cleaning, absolute dates, bylines, ids and
fingerprints (:mod:`.normalize`), relative date phrases (:mod:`.dates`), Hangul jamo and the
2-beolsik keyboard (:mod:`.hangul`). They import nothing of artindex but models and errors."""
