"""The subcommands of the CLI, one module each, imported on demand."""
