"""The Sites panel: every site with its usage, and a page per site."""
