"""The administrative hierarchy: cleaned coverages of units and how coarser levels are built
from the finest one.
"""
