"""The app's screens: each owns one workflow."""
