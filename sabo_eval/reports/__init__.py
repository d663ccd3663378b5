"""Reports: what a reader sees.

District, comparison, pilot and index pages; charts; HTML tables and the
attendance grid; the xlsx beside each report; the HTML exporter and its template;
name masking. Report classes only arrange figures that :mod:`sabo_eval.metrics` and
:mod:`sabo_eval.stats` compute.
"""
