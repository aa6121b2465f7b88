"""The Dash UI of bizcase (built over the library; the library never imports it)."""
