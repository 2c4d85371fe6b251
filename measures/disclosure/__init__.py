"""Disclosure control over the whole public release (METHODS: small-cell suppression; CMS cell-size policy).

Small-cell suppression table by table is not enough: the public sees many tables built from the same
people (groups and their total, each population and everyone, months and their quarter and fiscal
year, the access funnel and its closure reasons), and a hidden count can come back by subtraction
across them. This package treats everything the public can see from one computation as one release:

- :mod:`.release` writes the release down as cells (each with the counts a reader could see) and
  every additive relation a reader can use between them;
- :mod:`.audit` plays the intruder: for every hidden count of 1 to 10 it asks a linear programme
  (HiGHS, through SciPy) for the smallest and largest values consistent with all published figures,
  and checks the protection rule;
- :mod:`.protect` chooses the secondary suppressions, cheapest first, until the audit passes.

Pure Python over result dicts: no database, no Django models.
"""
