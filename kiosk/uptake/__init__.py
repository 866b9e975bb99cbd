"""Uptake: what the hub is used for, recorded anonymously and reported (no Qt).

``events`` is the vocabulary, ``store`` the SQLite file of one screen, ``recorder`` writes to it
off the caller's thread, ``matomo`` forwards events to a Matomo instance, and ``report`` turns
one or many stores into totals, CSV and an HTML page. The kiosk's screens and the web app record
through the same :class:`~kiosk.uptake.recorder.Tracker`.
"""
