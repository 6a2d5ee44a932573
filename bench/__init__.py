"""Benchmarks and the synthetic community they run on: tooling, not part of the site.

A Django app that only `config.bench_settings` (for `make bench`) and `config.test_settings`
install: its commands (`bench_pages`, `generate_community`, `bench_search`) and its URL
(`/bench/minimal/`) do not exist on the normal site.
"""
