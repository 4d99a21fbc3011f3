"""The Alarms panel: central's alarms, with acknowledge."""
