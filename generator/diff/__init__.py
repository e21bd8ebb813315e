"""`gen-models diff`: what a change of the specs breaks, for whom.

Both sides are read to their resolved IR, compared (compare.py), and each change judged on three
surfaces (severity.py).
"""
