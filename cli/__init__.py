"""Command line: argument parsing and printing only (entry point: cli.main:main)."""
