"""treatyline: arms-control treaty timelines, with every computed date explained and sourced."""

__version__ = "0.1.0"
