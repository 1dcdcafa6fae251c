"""The back office inside Fava: the extension (``backoffice.serve.fava_ext``) and the views of
registers and records it renders, on the entries Fava has loaded."""
