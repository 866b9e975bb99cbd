"""The QI team's spreadsheet as the feed: the template, reading and checking it, building the
feed (with its images) from it, and exporting a feed back into one. No Qt in this package.

The sheets and their columns are a contract (:mod:`kiosk.workbook.layout`): other tools fill
them, and a folder of CSV files with the same names is read the same way.
"""
