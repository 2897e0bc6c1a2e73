"""What a run leaves in its output folder: the per-report and aggregate records (``records``: JSON, the wide
CSV rows, atomic writes), the researcher exports (``exports/``: xlsx, Parquet, DuckDB), the checks across
reports (``crosscheck``), the batch page (``page``) and the JSON Schema files (``schemas``)."""
