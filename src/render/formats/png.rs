//! PNG: a map's or timeline's SVG rasterised by resvg with the bundled fonts.

use crate::render::text::{FONT_BOLD, FONT_FAMILY, FONT_OBLIQUE, FONT_REGULAR};

/// The PNG of an SVG drawn here, rasterised by resvg with the bundled fonts:
/// RGB (the background is opaque), deterministic.
pub(super) fn rasterize(svg: &str, width: u32, height: u32) -> Result<Vec<u8>, String> {
    static FONTS: std::sync::OnceLock<std::sync::Arc<resvg::usvg::fontdb::Database>> =
        std::sync::OnceLock::new();
    let fonts = FONTS.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(FONT_REGULAR.to_vec());
        db.load_font_data(FONT_BOLD.to_vec());
        db.load_font_data(FONT_OBLIQUE.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        std::sync::Arc::new(db)
    });
    let opt = resvg::usvg::Options {
        font_family: FONT_FAMILY.to_string(),
        fontdb: fonts.clone(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &opt)
        .map_err(|e| format!("cannot read the drawing back: {e}"))?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot make a {width}x{height} image"))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    // Opaque pixels: premultiplied RGBA is plain RGBA; the alpha goes.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut png = Vec::with_capacity(rgb.len() / 8);
    use image::ImageEncoder as _;
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, width, height, image::ColorType::Rgb8)
        .map_err(|e| format!("cannot encode PNG: {e}"))?;
    Ok(png)
}
