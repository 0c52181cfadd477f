"""Reading what comes from outside: the pinned boundary catalogue (pooch, mirrors), its SQL parser,
the user's boundary files and tables (CSV/XLSX as planners receive them).

I/O only: these modules read and validate, they compute no figure.
"""
