"""One module per command (or small family), each over `common` (shared options, exit codes, error printing)."""
