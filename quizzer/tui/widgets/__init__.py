"""The app's widgets: each owns one piece of data."""
