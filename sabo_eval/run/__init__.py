"""Run: the yearly run of every district's report, and the demo.

Kept light on import: worker processes load only what executing and exporting a
notebook needs.
"""
