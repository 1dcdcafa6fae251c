"""What Fava shows, as data: register tables and record views, and the pages each area adds
(the invoices, the bills); the extension in `serve` renders them."""
