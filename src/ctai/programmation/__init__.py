"""The annual programmation (programmation annuelle) as the coordinator works on it.

Above the domain packages it combines (contracts, budget, indicators, checks, reporting): the
programmation read for a year (``selectors``, ``figures``, ``spreadsheets``), the editing of a
sheet (``services``), the rules for settled figures (``guards``), validating a year
(``validation``) and preparing the next year with its carry-over (``nextyear``). See
docs/adr/0007-package-order.md.
"""
