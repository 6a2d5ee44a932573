"""Trust: what reputation lets a person do, how often they may act, and what new members may
not post yet.

The rules are about a person (their reputation, staff status, moderator group) and plain values
(a rendered body's HTML), never about a domain's models: the domain apps call trust, trust calls
none of them.
"""
