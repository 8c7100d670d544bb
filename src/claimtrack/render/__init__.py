"""Renderers: turn library records into text for people (rich tables) or machines (JSON, CSV, ...)."""
