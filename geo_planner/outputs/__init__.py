"""Everything the product writes or draws: the export gate (privacy, formula safety,
provenance) and the writers behind it, the folium map, the PDF report.
"""
