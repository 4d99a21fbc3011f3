"""The Notices panel: notices for the sites, and a form to post one."""
