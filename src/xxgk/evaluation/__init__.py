"""Accuracy against hand-labelled gold: gold files and drafts (``gold``) and the scoring run (``score``)."""
