"""Page dumps: a news page saved as plain text (a browser's "save as text", ``w3m -dump``),
menus, buttons and footers included. :mod:`.extract` finds the article in it; :mod:`.wrap`
rejoins wrapped lines and columns; :mod:`.rules`, :mod:`.phrases` and :mod:`.section` hold the
signals (page-control rows, bylines, section labels); :mod:`.eval` scores extraction."""
