"""Small pure-Python helpers shared across PIF.

Nothing in this package imports Django, so every module can be used (and
tested) on its own: periods, numbers read from spreadsheets, safe spreadsheet
export and decoding of uploaded files.
"""
