"""QI Hub Kiosk: display software for hospital Quality Improvement hubs."""

__version__ = "0.1.0"
