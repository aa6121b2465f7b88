"""Money over the years: finance, the two-ledger business case, uncertainty and sensitivity, comparison."""
