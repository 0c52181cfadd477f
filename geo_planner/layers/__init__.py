"""Figures keyed to units: the indicator model (kinds and directions), region codes and name
matching, the joins of tables to units, and the labelled synthetic demo.
"""
