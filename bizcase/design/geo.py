"""Distances on the Earth and road travel times between sites and bases.

Great-circle distance by the haversine formula on a sphere of the IUGG mean radius
(R₁ = 6,371.0088 km); road distance = great-circle × a circuity factor.  Ballou, Rahardja and
Sakai (2002, "Selected country circuity factors for road travel distance estimation",
Transportation Research Part A 36) measured 1.12–1.32 for European and North-American
networks (Germany ≈ 1.2–1.3); Boscoe et al. (2012) found a US mean of 1.4 for short trips.
1.3 is the design's default: regional trips with the last kilometres off the motorway.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Mean Earth radius R₁ of the IUGG / WGS 84 ellipsoid, km.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distance between points given in decimal degrees, km (haversine).

    Parameters
    ----------
    lat1, lon1, lat2, lon2 : array_like
        Latitudes and longitudes in degrees (broadcast together).

    Returns
    -------
    ndarray
        Distances in km, on a sphere of radius 6,371.0088 km.

    Notes
    -----
    ``d = 2R·asin(√(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2)))``; the haversine form stays accurate
    for short distances, where the spherical law of cosines loses digits.

    Examples
    --------
    >>> round(float(great_circle_km(51.5007, -0.1246, 40.6892, -74.0445)), 0)  # Big Ben - Liberty
    5575.0
    >>> float(great_circle_km(48.0, 11.0, 48.0, 11.0))
    0.0
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlam = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    h = np.sin(dphi / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2.0) ** 2
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))))


def road_km(great_circle: ArrayLike, circuity: float) -> NDArray[np.float64]:
    """Road distance from a great-circle distance: ``d_road = circuity × d_gc``.

    Examples
    --------
    >>> float(road_km(45.0, 1.3))
    58.5
    """
    if not 1.0 <= circuity <= 3.0:
        raise ValueError(f"circuity = {circuity!r}: must be between 1 and 3")
    return np.asarray(circuity * np.asarray(great_circle, dtype=np.float64))
