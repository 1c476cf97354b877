"""Pure text functions shared by ingest and search: cleaning (:mod:`.clean`), dates printed on a
page (:mod:`.page_dates`), bylines (:mod:`.bylines`), tags and titles (:mod:`.titles`), language
(:mod:`.language`), ids (:mod:`.ids`), SimHash fingerprints (:mod:`.simhash`), relative date
phrases (:mod:`.dates`), exact-value keys for tags, sources and bylines (:mod:`.keys`), Hangul
and the 2-beolsik keyboard (:mod:`.hangul`: the one Hangul predicate), Latin/Hangul name
skeletons (:mod:`.transliterate`). They import nothing of artindex but models, errors and each
other."""
