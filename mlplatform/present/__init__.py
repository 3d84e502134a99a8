"""Output formats shared by the commands, and the stack report `plan` prints."""
