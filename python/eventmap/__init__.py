"""eventmap: find the places news articles name, resolve each to one place of a
GeoNames gazetteer compiled into the package, and extract what happened where
and when.

    >>> import eventmap
    >>> r = eventmap.parse("Fighting broke out in Kabul on Monday.", date="2024-05-06")
    >>> r["mentions"][0]["name"], r["events"][0]["type"]
    ('Kabul', 'armed_clash')

Each result is the JSON object `eventmap parse` writes (README, "Formats"):
`id`, `mentions`, `events`, `times`, `focus`, and `title`, `date`,
`warnings` when set.
The work runs in Rust without holding the GIL.
"""

import json as _json
from collections.abc import Mapping as _Mapping

from . import _native

__all__ = ["parse", "parse_many", "lookup", "use_gazetteer", "to_geojson", "to_geodataframe"]
__version__ = _native.__version__


def _opts(focus, only_in, kinds, candidates):
    """The command line's spelling of the options (lists are joined)."""
    def joined(name, v):
        if v is None:
            return None
        if isinstance(v, str):
            return v
        try:
            return ",".join(str(x) for x in v)
        except TypeError:
            raise TypeError(f"{name} must be a str or a list, not {type(v).__name__}") from None
    if not isinstance(candidates, int) or candidates < 0:
        raise ValueError(f"candidates must be an int >= 0, not {candidates!r}")
    return dict(focus=joined("focus", focus), only_in=joined("only_in", only_in),
                kinds=joined("kinds", kinds), candidates=candidates)


def parse(text, date=None, focus=None, id="article", title=None, only_in=None, kinds=None,
          candidates=0):
    """One article's places, events, times and focus, as a dict.

    text: the article body (str). date: its publication date, "YYYY-MM-DD",
    which relative dates ("on Monday") are read against. focus: country
    codes ("US" or ["US", "MX"]) preferred when a name is ambiguous.
    only_in: a country code or a (min_lon, min_lat, max_lon, max_lat) box;
    places outside are dropped. kinds: the kinds kept ("city", "admin1", ...).
    candidates: ranked alternatives listed per mention. id, title: copied
    into the result. Raises ValueError for a bad date or option.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    o = _opts(focus, only_in, kinds, candidates)
    return _json.loads(_native.parse_json(str(id), text, date, title, **o))


def _fields(i, item):
    """(id, text, date, title) of item number i of parse_many's input."""
    if isinstance(item, str):
        return (str(i), item, None, None)
    if isinstance(item, _Mapping):
        if not isinstance(item.get("text"), str):
            raise ValueError(f"article {i}: needs a 'text' string")
        return (str(item.get("id", i)), item["text"], item.get("date"), item.get("title"))
    raise TypeError(f"article {i}: a str or a dict with 'text', not {type(item).__name__}")


def parse_many(articles, jobs=None, focus=None, only_in=None, kinds=None, candidates=0):
    """Results of many articles, in their order, read in parallel.

    articles: an iterable of str (ids are their positions) or of dicts
    {"text", "id"?, "date"?, "title"?}. jobs: threads to use (default: one
    per core). The options are parse's. The GIL is released while they run.
    """
    fields = [_fields(i, a) for i, a in enumerate(articles)]
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int, not {jobs!r}")
    o = _opts(focus, only_in, kinds, candidates)
    return [_json.loads(r) for r in _native.parse_many_json(fields, jobs or 0, **o)]


def lookup(name, limit=10):
    """The gazetteer's candidates for a name ("Paris", "Paris, Texas"), best
    prior first: dicts with geonameid, name, kind, feature_code,
    country_code, country, admin1, lat, lon and population."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, not {type(name).__name__}")
    return _json.loads(_native.lookup_json(name, max(0, int(limit))))


def use_gazetteer(*paths):
    """Add your own places (camps, neighbourhoods, sites, local spellings)
    from TSV or GeoJSON files, as `eventmap --gazetteer FILE` does, for
    every later parse, parse_many and lookup in this process; names in
    the files resolve to their places, whose mentions carry `place_id`.
    With no paths, the bundled gazetteer alone again. A bad file raises
    ValueError naming the file and line."""
    for p in paths:
        if not isinstance(p, (str, bytes)) and not hasattr(p, "__fspath__"):
            raise TypeError(f"paths must be str or path-like, not {type(p).__name__}")
    import os
    _native.use_gazetteer([os.fsdecode(p) for p in paths])


def to_geojson(results):
    """One GeoJSON FeatureCollection (a dict) of the places and events of
    results from parse or parse_many, as `eventmap geojson` writes it."""
    if isinstance(results, _Mapping):
        results = [results]
    return _json.loads(_native.geojson_json([_json.dumps(r) for r in results]))


def to_geodataframe(results):
    """The features of to_geojson(results) as a geopandas GeoDataFrame in
    WGS 84 (EPSG:4326). Needs geopandas (pip install geopandas)."""
    try:
        import geopandas
    except ImportError as e:
        raise ImportError("to_geodataframe needs geopandas: pip install geopandas") from e
    fc = to_geojson(results)
    return geopandas.GeoDataFrame.from_features(fc["features"], crs="EPSG:4326")
