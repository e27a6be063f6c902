"""Agreements as pure rules: statuses, the transition table, conditions, money, dates, definitions.

Nothing here touches Qt, a database or the clock: the as-of date is always an argument, so the
services, the screens and the tests all read the same tables and get the same answers.
"""
