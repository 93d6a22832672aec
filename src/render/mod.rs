//! Maps: projection, basemap, symbols, labels, legend; PNG and SVG from one
//! code path.
