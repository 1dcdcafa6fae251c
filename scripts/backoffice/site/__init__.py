"""The static site `backoffice reports` writes: every report in every format, the deadlines as
iCalendar, and the dashboard with its charts, opening from file:// without a server."""
