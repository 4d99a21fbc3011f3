"""The Overview panel: the site map, borrowed desktops and totals."""
