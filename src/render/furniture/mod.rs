//! Map furniture, drawn round and over the map: the legends, the inset
//! locator, the scale bar, and the titles with the attribution footer.

pub(crate) mod inset;
pub(crate) mod legend;
pub(crate) mod scale_bar;
pub(crate) mod titles;
