"""Commands beyond the core ones, one module per domain.

A module here attaches its commands to the root group (``from ..cli import main``,
then ``@main.command()``); ``backoffice.cli`` imports every module of this package.
"""
