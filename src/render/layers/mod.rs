//! The map's layers, bottom to top: the basemap (land, country shading,
//! borders, coasts), first-level borders and named areas (`areas`),
//! rivers (`rivers`, whose names are placed with the context names), place
//! circles, event markers, place names, and the
//! muted context names of countries, seas and lakes (`context`, placed in
//! the room the data leave). `draw` (in
//! `render/mod.rs`) stacks them; legends, the inset, the scale bar and the
//! titles are in `furniture/`.

pub(crate) mod areas;
pub(crate) mod basemap;
pub(crate) mod context;
pub(crate) mod events;
pub(crate) mod labels;
pub(crate) mod placer;
pub(crate) mod places;
pub(crate) mod rivers;
