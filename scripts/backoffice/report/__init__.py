"""Reports as data: the report model, the registry of the areas' reports, the renderers (text,
Markdown, HTML, CSV, JSON), and the deadlines engine over every area's sources."""
