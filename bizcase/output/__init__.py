"""What people read: figure builders, texts and tables, and the reports (HTML, PDF, Excel).

The only layer that imports plotly.
"""
