"""The outbox: what the site owes central, kept until central has it (M6).

``database.LocalDatabase`` is the SQLite file (durable writes, corruption
moved aside); ``queue.Outbox`` numbers and keeps the reports, progress
updates and alarms; ``records.Records`` holds the rest of the agent's
state in the same file (finished commands, raised alarms, business data,
settings); ``courier.Courier`` delivers the outbox to central and deletes
only what central acknowledged.
"""
