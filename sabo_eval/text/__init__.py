"""Korean text analysis of discussion minutes and monitoring opinions (metrics rank).

Pure functions, frames in and frames out: :mod:`.tokens` (nouns with kiwipiepy),
:mod:`.codebook` (themes users own, coding), :mod:`.analysis` (theme counts, words,
keyness, problems → improvements, practices, quotes), :mod:`.network` (word
co-occurrence) and :mod:`.opinions` (themes of monitoring opinions with the
departments' responses). Nothing here opens the warehouse.
"""
