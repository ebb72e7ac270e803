"""Views: a loaded snapshot -> numbers, sentences and chart specs, one module per topic (pure, no cache)."""
