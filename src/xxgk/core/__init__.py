"""The ground floor: the data model (``model``), the template as data (``spec``, ``vocabulary``), text
normalisation with offsets (``text``), figures quoted from elsewhere (``figures``) and the one exception tree
(``errors``). Nothing here imports anything else of xxgk."""
