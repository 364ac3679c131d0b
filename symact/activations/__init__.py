"""The symbolic layer: activation records, the built-in catalog, the registry and the parser."""
