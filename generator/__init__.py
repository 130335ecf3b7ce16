"""Turn a folder of paper entries into a reading-list website."""
