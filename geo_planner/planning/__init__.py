"""Planning across offices: lead sectors, budget allocation, distance to the provincial
target, and the shared targets register.
"""
