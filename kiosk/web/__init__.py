"""The touch catalogue as a web app for the hub's tablets (``qi-kiosk serve``), without Qt."""
