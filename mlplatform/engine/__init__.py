"""The offline render engine: stack files in, inventories out (mocks, render, cache, parallel workers)."""
