"""geo-planner: poverty-pocket planning maps for Indonesian regional governments."""

__version__ = "0.1.0"
