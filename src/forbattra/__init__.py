"""forbattra: sort Swedish staff improvement suggestions into themes.

The public API (importing this module loads nothing heavy)::

    from forbattra.inputs.tables import read_suggestions
    from forbattra.scoring.pipeline import build_classifier, classify_frame
    sugg = read_suggestions("forslag.xlsx")
    result = classify_frame(sugg.frame, build_classifier("standard"))
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
