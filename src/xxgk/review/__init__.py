"""``xxgk review``: a local web page over an output folder where a person settles what the rules could not —
the queue of reports that need a look, each report's tables beside its document, corrections written to
``OUT/corrections.jsonl`` (applied by the next ``xxgk extract``), and a reviewed report saved as gold.

``folder`` reads the output folder, ``queue`` builds the queue, ``tables`` lays a report out as the template
prints it, ``document`` shows the document with each cell's source, ``app`` serves it all (Starlette, needs
the ``review`` extra), ``server`` runs it.
"""
