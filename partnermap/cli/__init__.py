"""The ``partnermap`` command line: a thin layer over the library.

=====================  =====================================================================
``common``             state, consoles, error reporting, store opening, dates, progress
``data``               load, validate, export, summary, synth, import
``metrics``            the ``metrics`` group and ``report``
``maps``               the ``map`` group, with the shared drawing options
``api``                serve, api-key, schema
``app``                the main callback and the assembled ``partnermap`` command
=====================  =====================================================================

Nothing in the library imports this package.
"""

from partnermap.cli.app import app, run

__all__ = ["app", "run"]
