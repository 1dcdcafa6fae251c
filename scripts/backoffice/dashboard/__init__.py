"""The dashboard of `backoffice reports`: inline SVG charts and the page that shows them."""
