"""The spec's reference tables as data: picklists, milestone types, client fields.

Pure Python, no database and no Qt: the models seed from it, the UI builds editors from it, the sync
rules and the demo generator name its codes.
"""
