"""Partnership surveys: waves of a network's self-reported ties (issue 17).

``tokens``: the form links of a wave (a token per respondent, stored hashed).
"""
