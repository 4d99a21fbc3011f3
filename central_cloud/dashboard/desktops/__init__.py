"""The Desktops panel: desktops, their actions and the create form."""
