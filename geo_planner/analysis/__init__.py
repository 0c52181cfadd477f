"""Computing on joined figures: points and polygons aggregated to units, roll-ups, the
priority index, pockets and hotspots, the national view.
"""
