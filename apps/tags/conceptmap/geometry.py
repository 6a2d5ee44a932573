"""The map's grid, shared by the layout, the routing of links and the labels.

SVG user units are CSS px at 1:1. Concepts sit in cells of COL_W × LANE_H inside their area's
band; links run in the gutters between columns and the gaps between bands.
"""

PAD_X = 16  # left and right margin around the bands
AXIS_H = 34  # strip above the bands for the "foundations → advanced" axis
COL_W = 144  # one prerequisite-depth column
LANE_H = 112  # one row of nodes inside a band: circle plus up to three label lines
BAND_HEADER = 34  # area name at the top of its band
BAND_PAD_BOTTOM = 4
BAND_GAP = 22  # also the channel where links between bands run sideways
BOTTOM_PAD = 12
R_MIN = 11.0
R_MAX = 24.0


def svg_number(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zeros, never localized."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
