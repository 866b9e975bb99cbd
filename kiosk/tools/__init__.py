"""The QI tools on the touchscreen, with no Qt: planning a project and charting your data."""
