"""Renderers: they read records (activations, results) and return text; they compute nothing."""
