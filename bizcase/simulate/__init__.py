"""The incident engine: incidents drawn and restored under each support option, their losses and summaries."""
