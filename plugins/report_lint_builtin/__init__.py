"""The built-in rule plugins. Each module is registered through the `report_lint` entry-point
group exactly as a third-party plugin would be (see pyproject.toml)."""
