"""What a blueprint costs and where it could run: cost estimates, parity, migration, the cloud-choice matrix."""
