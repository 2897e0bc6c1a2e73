"""The offline extraction, no LLM and no network: a document's text to sections (``sections``), the
header (``meta``, ``agency``), the three tables (``tables/``, a chain of small stages), the figures the
narrative quotes (``quoted``), the identities and the status (``checks``), adjacent years (``years``), the
problems and measures of section 五 (``problems/``, a chain of small stages); ``extract`` runs them in order
and builds the ``Report``."""
