"""Caching: generations of data (`generations`), what each write retires (`events`), values and
fragments kept for every reader (`fragments`) and whole pages kept for visitors (`pages`)."""
