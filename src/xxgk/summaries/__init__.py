"""``xxgk summarize``: section 五's problems and measures and section 一's key figures, for many reports
(``run``)."""
