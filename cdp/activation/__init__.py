"""Activation: the segment registry, membership history and exports."""
