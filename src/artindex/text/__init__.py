"""Pure text functions shared by ingest and search: cleaning, absolute dates, bylines, ids and
fingerprints (:mod:`.normalize`), relative date phrases (:mod:`.dates`), exact-value keys for
tags, sources and bylines (:mod:`.keys`), Hangul jamo and the 2-beolsik keyboard
(:mod:`.hangul`), Latin/Hangul name skeletons (:mod:`.transliterate`). They import nothing of
artindex but models, errors and each other."""
