"""One module per layout family; each reads header + data rows into a FactBuilder."""
