//! Tests of whole maps: drawn on a bitmap to check pixels, or written as
//! PNG and SVG to check what the files hold. Unit tests sit beside the
//! functions they test.

use super::formats::svg::{svg_halos, LAYERS};
use super::projection::Extent;
use super::text::register_fonts;
use super::theme::Classes;
use super::*;
use crate::events::EventType;
use crate::gazetteer::Kind;
use crate::Error;

pub(crate) fn place(name: &str, kind: Kind, lat: f64, lon: f64, mentions: usize) -> PlaceSummary {
    PlaceSummary {
        name: name.to_string(),
        geonameid: None,
        place_id: None,
        kind,
        country_code: None,
        lat,
        lon,
        population: 0,
        feature_class: String::new(),
        feature_code: String::new(),
        hierarchy: Default::default(),
        mentions,
        articles: vec!["a1".into()],
        article_count: 1,
        surface_forms: vec![name.to_string()],
        confidence: 0.9,
    }
}

fn central_asia() -> Vec<PlaceSummary> {
    vec![
        place("Kabul", Kind::City, 34.53, 69.17, 12),
        place("Moscow", Kind::City, 55.75, 37.62, 5),
        place("Dushanbe", Kind::City, 38.54, 68.78, 3),
        place("Afghanistan", Kind::Country, 33.9, 67.7, 9),
    ]
}

/// Draws into an RGB buffer with the same code `render_map` uses.
fn render_rgb(places: &[PlaceSummary], opts: &MapOptions) -> Vec<u8> {
    register_fonts().unwrap();
    let mut buf = vec![0u8; (opts.width * opts.height * 3) as usize];
    {
        let root =
            BitMapBackend::with_buffer(&mut buf, (opts.width, opts.height)).into_drawing_area();
        draw(
            &root,
            places,
            opts,
            Basemap::bundled().unwrap(),
            TextMode::PerGlyph,
        )
        .unwrap();
    }
    buf
}

fn count_colour(buf: &[u8], c: RGBColor) -> usize {
    buf.chunks_exact(3)
        .filter(|p| p == &[c.0, c.1, c.2])
        .count()
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn format_from_extension() {
    assert_eq!(
        ImageFormat::from_path(Path::new("a/map.png")),
        Some(ImageFormat::Png)
    );
    assert_eq!(
        ImageFormat::from_path(Path::new("MAP.Png")),
        Some(ImageFormat::Png)
    );
    assert_eq!(
        ImageFormat::from_path(Path::new("map.svg")),
        Some(ImageFormat::Svg)
    );
    assert_eq!(ImageFormat::from_path(Path::new("map")), None);
    assert_eq!(ImageFormat::from_path(Path::new("map.pdf")), None);
}

/// The Caspian is a hole in the Eurasia polygon, whose ring starts in
/// Chukotka on the far side of the antimeridian: a build that matched
/// holes to the wrong piece painted the Caspian as land.
#[test]
fn caspian_sea_is_sea() {
    let extent = Extent {
        lon_min: 44.0,
        lon_max: 58.0,
        lat_min: 36.0,
        lat_max: 46.0,
    };
    let opts = MapOptions {
        width: 800,
        height: 500,
        extent: ExtentChoice::Box(extent),
        inset: false,
        ..MapOptions::default()
    };
    let places = [place("Baku", Kind::City, 40.41, 49.87, 1)];
    let buf = render_rgb(&places, &opts);
    let layout = Layout::new(&opts, TextMode::PerGlyph);
    let (proj, _, _) = Projection::fit(&extent, layout.frame);
    let (sea, land) = (Theme::Light.palette().sea, Theme::Light.palette().land);
    for (lon, lat, want) in [(51.0, 42.5, sea), (54.8, 38.8, land), (46.0, 41.0, land)] {
        // The colour at the point or right beside it (a thin first-level
        // border may cross the point itself).
        let (x, y) = proj.project(lon, lat);
        let near = (-2i32..=2).flat_map(|dy| (-2i32..=2).map(move |dx| (dx, dy)));
        let found = near.into_iter().any(|(dx, dy)| {
            let (px, py) = ((x as i32 + dx) as usize, (y as i32 + dy) as usize);
            let i = 3 * (py * opts.width as usize + px);
            buf[i..i + 3] == [want.0, want.1, want.2]
        });
        assert!(found, "{lon},{lat}: not {want:?}");
    }
}

#[test]
fn png_has_requested_size_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let opts = MapOptions {
        width: 640,
        height: 400,
        ..MapOptions::default()
    };
    let a = dir.path().join("a.png");
    let b = dir.path().join("b.PNG");
    render_map(&central_asia(), &opts, &a).unwrap();
    render_map(&central_asia(), &opts, &b).unwrap();
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(png_size(&bytes), (640, 400));
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "same input, same bytes");
    // No temp files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn raster_shows_land_and_sea() {
    let opts = MapOptions {
        width: 800,
        height: 500,
        ..MapOptions::default()
    };
    for places in [central_asia(), Vec::new()] {
        let buf = render_rgb(&places, &opts);
        let total = (opts.width * opts.height) as usize;
        let pal = Theme::Light.palette();
        let land = count_colour(&buf, pal.land);
        let sea = count_colour(&buf, pal.sea);
        assert!(land > total / 20, "land {land}");
        assert!(sea > total / 50, "sea {sea}");
    }
    // Symbols are drawn.
    let buf = render_rgb(&central_asia(), &opts);
    let reddish = buf
        .chunks_exact(3)
        .filter(|p| p[0] > 180 && p[1] < 110 && p[2] < 100)
        .count();
    assert!(reddish > 50, "{reddish}");
}

#[test]
fn svg_has_title_and_escaped_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.svg");
    let mut places = central_asia();
    places.push(place("Fish & Chips", Kind::City, 51.5, -0.12, 2));
    let opts = MapOptions {
        title: "Events <2024>".into(),
        subtitle: Some("Sub & title".into()),
        ..MapOptions::default()
    };
    render_map(&places, &opts, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&svg);
    assert!(texts.contains(&"Events &lt;2024&gt;"), "{texts:?}");
    assert!(texts.contains(&"Sub &amp; title"));
    assert!(texts.contains(&"Fish &amp; Chips"));
    assert!(!svg.contains("Fish & Chips"));
    assert!(svg.contains("Natural Earth (public domain)"));
    assert!(svg.contains("DejaVu Sans"));
}

#[test]
fn svg_layers_are_groups_and_texts_are_one_line() {
    let opts = MapOptions {
        events: kabul_events(),
        ..MapOptions::default()
    };
    let svg =
        String::from_utf8(render_map_bytes(&central_asia(), &opts, ImageFormat::Svg).unwrap())
            .unwrap();
    // The groups, once each, in drawing order, and no layer marks left.
    let ids: Vec<&str> = svg
        .match_indices("<g id=\"")
        .map(|(at, m)| {
            let rest = &svg[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let layers: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| !i.starts_with("place-"))
        .collect();
    assert_eq!(layers, LAYERS);
    assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
    assert!(!svg.contains("fill=\"#EE4D"), "a layer mark is left");
    assert!(!svg.contains("fill=\"#EF"), "a place mark is left");
    // Each place's marker is a group with its id and a title, inside
    // the places layer, whether or not it got a label.
    let places = central_asia();
    let titled: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|i| i.starts_with("place-"))
        .collect();
    assert_eq!(titled.len(), places.len(), "{ids:?}");
    for p in &places {
        let title = format!("<title>{} ({} mention", p.label(), p.mentions);
        let at = svg.find(&title).unwrap_or_else(|| panic!("{title}"));
        let places_layer = svg.find("<g id=\"places\">").unwrap();
        let events_layer = svg.find("<g id=\"events\">").unwrap();
        assert!(places_layer < at && at < events_layer, "{title}");
    }
    // Place circles are in "places", labels in "labels".
    let group = |id: &str| {
        let start = svg.find(&format!("<g id=\"{id}\">")).unwrap();
        &svg[start..start + svg[start..].find("</g>").unwrap()]
    };
    assert!(group("places").contains("<circle"));
    assert!(
        group("labels").contains(">Kabul</text>"),
        "{}",
        group("labels")
    );
    assert!(group("furniture").contains("GeoNames"));
    // Every text element is one line.
    for line in svg.lines().filter(|l| l.contains("<text")) {
        assert!(line.ends_with("</text>"), "{line}");
    }
}

/// The contents of the SVG's `<text>` elements, trimmed, still escaped.
fn svg_texts(svg: &str) -> Vec<&str> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            Some(body[..body.find("</text>")?].trim())
        })
        .collect()
}

fn with_code(mut p: PlaceSummary, code: &str) -> PlaceSummary {
    p.country_code = Some(code.to_string());
    p
}

/// The RGB pixel at (lon, lat) on a map drawn with `opts`.
fn pixel_at(buf: &[u8], opts: &MapOptions, extent: &Extent, lon: f64, lat: f64) -> [u8; 3] {
    let layout = Layout::new(opts, TextMode::PerGlyph);
    let kind = opts.projection.unwrap_or(ProjectionKind::auto_for(extent));
    let (proj, _, _) = Projection::fit_with(kind, extent, layout.frame);
    let (x, y) = proj.project(lon, lat);
    let i = 3 * (y.round() as usize * opts.width as usize + x.round() as usize);
    [buf[i], buf[i + 1], buf[i + 2]]
}

#[test]
fn choropleth_shades_countries_by_mentions() {
    let places = vec![
        with_code(place("Brasília", Kind::City, -15.8, -47.9, 6), "BR"),
        with_code(place("Brazil", Kind::Country, -10.0, -55.0, 3), "BR"),
        with_code(place("Lyon", Kind::City, 45.76, 4.84, 1), "FR"),
        with_code(place("Kabul", Kind::City, 34.53, 69.17, 2), "af"),
    ];
    let opts = MapOptions {
        width: 1000,
        height: 600,
        extent: ExtentChoice::World,
        choropleth: true,
        ..MapOptions::default()
    };
    let buf = render_rgb(&places, &opts);
    let pal = Theme::Light.palette();
    let rgb = |c: RGBColor| [c.0, c.1, c.2];
    // Counts BR 9, AF 2, FR 1: the largest is the darkest, the smallest
    // the lightest; unnamed countries stay land.
    let classes = Classes::for_max(9);
    let at = |lon, lat| pixel_at(&buf, &opts, &Extent::WORLD, lon, lat);
    assert_eq!(at(-62.0, -5.0), rgb(pal.ramp[4]), "Brazil, 9 mentions");
    assert_eq!(
        at(2.0, 47.0),
        rgb(classes.colour(0, &pal.ramp)),
        "France, 1"
    );
    let af = classes.colour(classes.class_of(2).unwrap(), &pal.ramp);
    assert_eq!(at(65.0, 33.0), rgb(af), "Afghanistan, 2 (lower-case code)");
    assert_eq!(at(-100.0, 58.0), rgb(pal.land), "Canada, unnamed");
    assert_eq!(at(25.0, -25.0), rgb(pal.land), "Botswana, unnamed");
    // French Guiana has its own code (GF), as GeoNames gives Cayenne: a
    // place in France does not shade it.
    assert_eq!(at(-53.2, 3.9), rgb(pal.land), "French Guiana is not France");
    // Without the option nothing is shaded.
    let plain = render_rgb(
        &places,
        &MapOptions {
            choropleth: false,
            ..opts.clone()
        },
    );
    assert_eq!(
        pixel_at(&plain, &opts, &Extent::WORLD, -62.0, -5.0),
        rgb(pal.land)
    );
    // The legend names the classes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.svg");
    render_map(&places, &opts, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&svg);
    assert!(texts.contains(&"Mentions per country"), "{texts:?}");
    for i in 0..classes.len() {
        assert!(
            texts.contains(&classes.label(i).as_str()),
            "{}",
            classes.label(i)
        );
    }
}

#[test]
fn lakes_are_water() {
    // Lake Victoria, on a map of East Africa.
    let extent = Extent {
        lon_min: 28.0,
        lon_max: 40.0,
        lat_min: -6.0,
        lat_max: 4.0,
    };
    let opts = MapOptions {
        width: 800,
        height: 500,
        extent: ExtentChoice::Box(extent),
        ..MapOptions::default()
    };
    let buf = render_rgb(&[], &opts);
    let pal = Theme::Light.palette();
    assert_eq!(
        pixel_at(&buf, &opts, &extent, 32.6, -1.6),
        [pal.sea.0, pal.sea.1, pal.sea.2]
    );
    assert_eq!(
        pixel_at(&buf, &opts, &extent, 36.0, 0.5),
        [pal.land.0, pal.land.1, pal.land.2]
    );
}

#[test]
fn dark_theme_is_dark() {
    let light = MapOptions {
        width: 800,
        height: 500,
        ..MapOptions::default()
    };
    let dark = MapOptions {
        theme: Theme::Dark,
        ..light.clone()
    };
    let (pl, pd) = (Theme::Light.palette(), Theme::Dark.palette());
    let buf = render_rgb(&central_asia(), &dark);
    let total = (dark.width * dark.height) as usize;
    assert!(count_colour(&buf, pd.land) > total / 10);
    assert!(count_colour(&buf, pd.paper) > total / 20);
    assert_eq!(count_colour(&buf, pl.land), 0);
    assert_eq!(count_colour(&buf, pl.sea), 0);
    let mean: f64 = buf.iter().map(|&b| b as f64).sum::<f64>() / buf.len() as f64;
    let light_mean: f64 = render_rgb(&central_asia(), &light)
        .iter()
        .map(|&b| b as f64)
        .sum::<f64>()
        / buf.len() as f64;
    assert!(mean < 90.0 && light_mean > 180.0, "{mean} {light_mean}");
}

#[test]
fn inset_locator_only_on_small_area_maps() {
    let small = MapOptions {
        width: 900,
        height: 560,
        ..MapOptions::default()
    };
    let no_inset = MapOptions {
        inset: false,
        ..small.clone()
    };
    let one = [place("Kabul", Kind::City, 34.53, 69.17, 1)];
    let a = render_rgb(&one, &small);
    let b = render_rgb(&one, &no_inset);
    // The inset sits in the upper right corner and differs from the map
    // under it; everything else is the same.
    let w = small.width as usize;
    let differs = |x0: usize, x1: usize, y0: usize, y1: usize| {
        (y0..y1).any(|y| (3 * (y * w + x0)..3 * (y * w + x1)).any(|i| a[i] != b[i]))
    };
    assert!(differs(w * 3 / 4, w - 20, 80, 160));
    assert!(!differs(0, w / 2, 0, small.height as usize));
    // World maps never get one.
    let world = [
        place("Lima", Kind::City, -12.05, -77.04, 1),
        place("Tokyo", Kind::City, 35.68, 139.69, 1),
        place("Kabul", Kind::City, 34.53, 69.17, 1),
    ];
    assert!(render_rgb(&world, &small) == render_rgb(&world, &no_inset));
}

#[test]
fn scale_bar_on_regional_maps_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.svg");
    render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let km: Vec<&str> = svg_texts(&svg)
        .into_iter()
        .filter(|t| t.contains(" km at "))
        .collect();
    assert_eq!(km.len(), 1, "{km:?}");
    let (dist, lat) = km[0].split_once(" km at ").unwrap();
    let n: f64 = dist.parse().unwrap();
    assert!(theme::nice_distance(n) == Some(n) && n >= 100.0, "{n}");
    assert!(lat.ends_with("°N"), "{lat}");
    let world = MapOptions {
        extent: ExtentChoice::World,
        ..MapOptions::default()
    };
    render_map(&central_asia(), &world, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(!svg_texts(&svg).iter().any(|t| t.contains(" km")));
}

fn sindh() -> Vec<PlaceSummary> {
    vec![
        place("Hyderabad", Kind::City, 25.39, 68.37, 3),
        place("Karachi", Kind::City, 24.86, 67.01, 2),
    ]
}

#[test]
fn rivers_on_regional_maps_only() {
    let svg_of = |places: &[PlaceSummary], opts: &MapOptions| {
        String::from_utf8(render_map_bytes(places, opts, ImageFormat::Svg).unwrap()).unwrap()
    };
    // A map of Sindh names the Indus, once, among the context names (after
    // the places' own labels).
    let svg = svg_of(&sindh(), &MapOptions::default());
    let texts = svg_texts(&svg);
    assert_eq!(
        texts.iter().filter(|t| **t == "Indus").count(),
        1,
        "{texts:?}"
    );
    let context = svg.find("<g id=\"context-labels\"").unwrap();
    let furniture = svg.find("<g id=\"furniture\"").unwrap();
    let at = svg.find(">Indus</text>").unwrap();
    assert!(context < at && at < furniture);
    let element = &svg[svg[..at].rfind("<text").unwrap()..at];
    assert!(element.contains("font-style=\"italic\""), "{element}");
    // Its line is drawn in the river colour, north of Hyderabad (the city's
    // marker covers it at its own latitude), within 0.3 degree.
    let opts = MapOptions::default();
    let buf = render_rgb(&sindh(), &opts);
    let layout = Layout::new(&opts, TextMode::PerGlyph);
    let colour = layers::rivers::river_colour(&layout);
    let points: Vec<(f64, f64)> = sindh().iter().map(|p| (p.lon, p.lat)).collect();
    let extent = opts.extent.resolve(&points);
    let (proj, _, _) =
        Projection::fit_with(ProjectionKind::auto_for(&extent), &extent, layout.frame);
    let (x0, y0) = proj.project(68.07, 25.7);
    let (x1, _) = proj.project(68.67, 25.7);
    let (y, w) = (y0.round() as usize, opts.width as usize);
    let on_river = (x0.round() as usize..x1.round() as usize)
        .filter(|&x| buf[3 * (y * w + x)..3 * (y * w + x) + 3] == [colour.0, colour.1, colour.2])
        .count();
    assert!(on_river >= 1, "no river pixel north of Hyderabad");
    assert!(
        count_colour(&buf, colour) > 500,
        "{}",
        count_colour(&buf, colour)
    );
    // A place of that name keeps its own label: no second "Indus".
    let mut places = sindh();
    places.push(place("Indus", Kind::Feature, 24.2, 67.5, 1));
    let svg = svg_of(&places, &MapOptions::default());
    assert_eq!(svg_texts(&svg).iter().filter(|t| **t == "Indus").count(), 1);
    // A world map has no rivers: no names, no river pixels.
    let world = MapOptions {
        extent: ExtentChoice::World,
        ..MapOptions::default()
    };
    let svg = svg_of(&sindh(), &world);
    assert!(!svg_texts(&svg).contains(&"Indus"));
    assert_eq!(count_colour(&render_rgb(&sindh(), &world), colour), 0);
    // Nor does a map of Europe, 40 degrees and more across.
    let europe = MapOptions {
        extent: ExtentChoice::Box(Extent {
            lon_min: -10.0,
            lon_max: 35.0,
            lat_min: 36.0,
            lat_max: 60.0,
        }),
        ..MapOptions::default()
    };
    let paris = [place("Paris", Kind::City, 48.86, 2.35, 1)];
    let svg = svg_of(&paris, &europe);
    for name in ["Danube", "Rhine", "Loire", "Seine"] {
        assert!(!svg_texts(&svg).contains(&name), "{name}");
    }
}

#[test]
fn svg_labels_are_one_text_element_each_with_a_halo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.svg");
    render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&svg);
    for name in ["Kabul", "Moscow", "Dushanbe", "Afghanistan"] {
        assert_eq!(texts.iter().filter(|t| **t == name).count(), 1, "{name}");
    }
    assert!(svg.contains("paint-order=\"stroke\""));
    // The raster has the halo too: white pixels right round a label.
    assert_eq!(svg_halos("a\nb\n"), "a\nb\n");
}

#[test]
fn labels_with_no_room_are_counted_in_the_footer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.svg");
    // Forty towns in a few kilometres, on a small map: most labels
    // find no room, and the map says how many.
    let crowded: Vec<PlaceSummary> = (0..40)
        .map(|i| {
            let (dy, dx) = ((i / 8) as f64 * 0.01, (i % 8) as f64 * 0.01);
            place(&format!("Town{i:02}"), Kind::City, 34.5 + dy, 69.2 + dx, 1)
        })
        .collect();
    let small = MapOptions {
        width: 600,
        height: 400,
        ..MapOptions::default()
    };
    render_map(&crowded, &small, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&svg);
    let drawn = texts.iter().filter(|t| t.starts_with("Town")).count();
    assert!(drawn < 40, "{drawn}");
    let note = format!("+{} places not labelled", 40 - drawn);
    assert!(
        texts.iter().any(|t| t.starts_with(&note)),
        "{note}: {texts:?}"
    );
    // A map where every label fits says nothing of the kind.
    render_map(&central_asia(), &MapOptions::default(), &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(!svg.contains("not labelled"));
}

#[test]
fn projection_and_extent_options_change_the_map() {
    let opts = MapOptions {
        width: 800,
        height: 500,
        extent: ExtentChoice::World,
        ..MapOptions::default()
    };
    let ee = render_rgb(&central_asia(), &opts);
    let merc = render_rgb(
        &central_asia(),
        &MapOptions {
            projection: Some(ProjectionKind::WebMercator),
            ..opts.clone()
        },
    );
    assert!(ee != merc);
    // Equal Earth's world is rounded: the frame's corners are paper.
    let pal = Theme::Light.palette();
    let layout = Layout::new(&opts, TextMode::PerGlyph);
    let (_, frame, _) = Projection::fit(&Extent::WORLD, layout.frame);
    let i = 3 * ((frame.y as usize + 3) * 800 + frame.x as usize + 3);
    assert_eq!(&ee[i..i + 3], &[pal.paper.0, pal.paper.1, pal.paper.2]);
    // A box extent shows just that box: Kabul's region, no Moscow.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.svg");
    let boxed = MapOptions {
        extent: "60,29,75,39".parse().unwrap(),
        ..MapOptions::default()
    };
    render_map(&central_asia(), &boxed, &path).unwrap();
    let texts = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&texts);
    assert!(
        texts.contains(&"Kabul") && !texts.contains(&"Moscow"),
        "{texts:?}"
    );
}

#[test]
fn world_view_renders() {
    let dir = tempfile::tempdir().unwrap();
    let mut places = central_asia();
    places.push(place("New York", Kind::City, 40.71, -74.01, 4));
    places.push(place("Sydney", Kind::City, -33.87, 151.21, 2));
    let path = dir.path().join("world.png");
    render_map(&places, &MapOptions::default(), &path).unwrap();
    assert_eq!(png_size(&std::fs::read(&path).unwrap()), (1600, 1000));
}

#[test]
fn unwritable_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["no/such/dir/map.png", "no/such/dir/map.svg"] {
        let path = dir.path().join(name);
        let err = render_map(&central_asia(), &MapOptions::default(), &path).unwrap_err();
        assert!(
            matches!(&err, Error::Output { path: p, .. } if p == &path),
            "{err}"
        );
        assert!(err.to_string().contains("map."), "{err}");
    }
}

#[test]
fn bad_extension_and_size_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = render_map(&[], &MapOptions::default(), &dir.path().join("m.jpg")).unwrap_err();
    assert!(err.to_string().contains("m.jpg"));
    let tiny = MapOptions {
        width: 10,
        ..MapOptions::default()
    };
    assert!(render_map(&[], &tiny, &dir.path().join("m.png")).is_err());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

fn kabul_events() -> Vec<Event> {
    use EventType::*;
    let kabul = Some((34.53, 69.17));
    vec![
        events::test_event(Attack, Some("2024-03-01"), kabul),
        events::test_event(Attack, Some("2024-03-02"), kabul),
        events::test_event(ArmedClash, Some("2024-03-01"), kabul),
        events::test_event(Protest, Some("2024-03-02"), Some((38.54, 68.78))),
        events::test_event(NaturalDisaster, None, Some((36.7, 71.0))),
        events::test_event(Displacement, Some("2024-03-03"), None),
    ]
}

#[test]
fn events_get_markers_and_a_legend() {
    let dir = tempfile::tempdir().unwrap();
    let opts = MapOptions {
        events: kabul_events(),
        ..MapOptions::default()
    };
    let path = dir.path().join("map.svg");
    render_map(&central_asia(), &opts, &path).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let texts = svg_texts(&svg);
    for t in [
        "Events",
        "Attack (2)",
        "Armed clash (1)",
        "Protest (1)",
        "Natural disaster (1)",
        "1 without a place, not shown",
        "City or town",
    ] {
        assert!(texts.contains(&t), "{t}: {texts:?}");
    }
    assert!(!texts.iter().any(|t| t.contains("Displacement")));

    // Markers in their colours, above the circles; PNG is deterministic.
    let small = MapOptions {
        width: 800,
        height: 500,
        ..opts
    };
    let buf = render_rgb(&central_asia(), &small);
    for kind in [EventType::Attack, EventType::Protest] {
        let c = event_style(kind).colour;
        assert!(count_colour(&buf, c) > 20, "{kind:?}");
    }
    let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
    render_map(&central_asia(), &small, &a).unwrap();
    render_map(&central_asia(), &small, &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

/// Without located events the map is exactly the map without events:
/// same extent, no markers, no "Events" legend.
#[test]
fn no_located_events_no_event_layer() {
    let dir = tempfile::tempdir().unwrap();
    let plain = MapOptions {
        width: 800,
        height: 500,
        ..MapOptions::default()
    };
    let unlocated = MapOptions {
        events: vec![events::test_event(EventType::Attack, None, None)],
        ..plain.clone()
    };
    for ext in ["svg", "png"] {
        let a = dir.path().join(format!("plain.{ext}"));
        let b = dir.path().join(format!("unlocated.{ext}"));
        render_map(&central_asia(), &plain, &a).unwrap();
        render_map(&central_asia(), &unlocated, &b).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    }
    let svg = std::fs::read_to_string(dir.path().join("plain.svg")).unwrap();
    assert!(!svg_texts(&svg).contains(&"Events"));
}

#[test]
fn extent_takes_in_events() {
    let opts = MapOptions {
        width: 800,
        height: 500,
        events: vec![events::test_event(
            EventType::Protest,
            None,
            Some((48.86, 2.35)),
        )],
        ..MapOptions::default()
    };
    // Paris is far west of a Central Asia map: only drawn if the
    // extent grows to hold it.
    let buf = render_rgb(&central_asia(), &opts);
    assert!(count_colour(&buf, event_style(EventType::Protest).colour) > 10);
}

/// Maps with events for eyeballing; run with
/// `cargo test --release --lib render::tests::look_events -- --ignored`.
#[test]
#[ignore]
fn look_events() {
    let tmp = std::env::temp_dir();
    let mut evs = kabul_events();
    for (i, &k) in EventType::ALL.iter().enumerate() {
        let lat = 31.0 + (i / 3) as f64 * 2.5;
        let lon = 63.0 + (i % 3) as f64 * 3.0;
        evs.push(events::test_event(k, Some("2024-03-04"), Some((lat, lon))));
    }
    for i in 0..25 {
        let k = EventType::ALL[i * 7 % EventType::ALL.len()];
        evs.push(events::test_event(k, None, Some((31.61, 65.71))));
    }
    let mut places = central_asia();
    places.push(place("Kandahar", Kind::City, 31.61, 65.71, 4));
    places.push(place("Mazar-i-Sharif", Kind::City, 36.71, 67.11, 2));
    let opts = MapOptions {
        subtitle: Some("Places and events".into()),
        events: evs,
        ..MapOptions::default()
    };
    render_map(&places, &opts, &tmp.join("render_events.png")).unwrap();
    render_map(&places, &opts, &tmp.join("render_events.svg")).unwrap();
    let small = MapOptions {
        width: 640,
        height: 400,
        ..opts.clone()
    };
    render_map(&places, &small, &tmp.join("render_events_small.png")).unwrap();
    let narrow = MapOptions {
        width: 500,
        height: 800,
        ..opts.clone()
    };
    render_map(&places, &narrow, &tmp.join("render_events_narrow.png")).unwrap();
    let world = MapOptions {
        events: vec![
            events::test_event(EventType::Protest, None, Some((40.71, -74.01))),
            events::test_event(EventType::Protest, None, Some((40.71, -74.01))),
            events::test_event(EventType::Political, None, Some((-33.87, 151.21))),
            events::test_event(EventType::Attack, None, Some((34.53, 69.17))),
        ],
        ..MapOptions::default()
    };
    render_map(
        &central_asia(),
        &world,
        &tmp.join("render_events_world.png"),
    )
    .unwrap();
}

/// Renders the maps used for eyeballing to /tmp; run with
/// `cargo test --release --lib render::tests::look -- --ignored --nocapture`.
#[test]
#[ignore]
fn look() {
    let mut places = central_asia();
    let t = std::time::Instant::now();
    render_map(
        &places,
        &MapOptions::default(),
        &std::env::temp_dir().join("render_check.png"),
    )
    .unwrap();
    println!("regional png, first (decodes basemap): {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for _ in 0..5 {
        render_map(
            &places,
            &MapOptions::default(),
            &std::env::temp_dir().join("render_check.png"),
        )
        .unwrap();
    }
    println!("regional png, warm: {:?} each", t.elapsed() / 5);
    places.push(place("New York", Kind::City, 40.71, -74.01, 4));
    places.push(place("Sydney", Kind::City, -33.87, 151.21, 2));
    let opts = MapOptions {
        subtitle: Some("Six places, 35 mentions".into()),
        ..MapOptions::default()
    };
    let t = std::time::Instant::now();
    render_map(
        &places,
        &opts,
        &std::env::temp_dir().join("render_world.png"),
    )
    .unwrap();
    println!("world png: {:?}", t.elapsed());
    let t = std::time::Instant::now();
    render_map(
        &places,
        &opts,
        &std::env::temp_dir().join("render_world.svg"),
    )
    .unwrap();
    println!("world svg: {:?}", t.elapsed());

    let pacific = [
        place("Suva", Kind::City, -18.14, 178.44, 6),
        place("Apia", Kind::City, -13.83, -171.77, 3),
        place("Fiji", Kind::Country, -17.8, 178.0, 4),
        place("Nuku'alofa", Kind::City, -21.14, -175.2, 1),
    ];
    render_map(
        &pacific,
        &MapOptions::default(),
        &std::env::temp_dir().join("render_pacific.png"),
    )
    .unwrap();
    let one = [place("Kabul", Kind::City, 34.53, 69.17, 1)];
    render_map(
        &one,
        &MapOptions::default(),
        &std::env::temp_dir().join("render_one.png"),
    )
    .unwrap();
    let europe: Vec<PlaceSummary> = [
        ("Paris", 48.86, 2.35, 20),
        ("London", 51.51, -0.13, 15),
        ("Brussels", 50.85, 4.35, 9),
        ("Amsterdam", 52.37, 4.9, 7),
        ("Berlin", 52.52, 13.4, 12),
        ("Lille", 50.63, 3.06, 3),
        ("Antwerp", 51.22, 4.4, 2),
        ("Rotterdam", 51.92, 4.48, 2),
        ("Cologne", 50.94, 6.96, 4),
        ("Luxembourg", 49.61, 6.13, 2),
        ("Ghent", 51.05, 3.72, 1),
        ("Lyon", 45.76, 4.84, 3),
        ("Fish & Chips", 53.4, -2.98, 1),
        ("Warsaw", 52.23, 21.01, 5),
        ("Rome", 41.9, 12.5, 6),
    ]
    .iter()
    .map(|&(n, lat, lon, m)| place(n, Kind::City, lat, lon, m))
    .chain([place("Belgium", Kind::Country, 50.64, 4.67, 10)])
    .collect();
    let opts = MapOptions {
        title: "Floods in Western Europe".into(),
        subtitle: Some("16 places".into()),
        width: 1200,
        height: 900,
        ..MapOptions::default()
    };
    render_map(
        &europe,
        &opts,
        &std::env::temp_dir().join("render_europe.png"),
    )
    .unwrap();
    render_map(
        &europe,
        &opts,
        &std::env::temp_dir().join("render_europe.svg"),
    )
    .unwrap();
}

#[test]
fn named_areas_are_tinted_and_context_is_named() {
    // A Vermont flood: the state is named, so it is tinted; New York,
    // not named, stays land; the Gulf of Maine gets a muted context name.
    let places = vec![
        with_code(place("Vermont", Kind::Admin1, 44.07, -72.67, 2), "US"),
        with_code(place("Montpelier", Kind::City, 44.26, -72.58, 3), "US"),
    ];
    let extent = Extent {
        lon_min: -77.0,
        lon_max: -68.0,
        lat_min: 42.0,
        lat_max: 47.5,
    };
    let opts = MapOptions {
        width: 1000,
        height: 600,
        extent: ExtentChoice::Box(extent),
        inset: false,
        ..MapOptions::default()
    };
    let buf = render_rgb(&places, &opts);
    let pal = Theme::Light.palette();
    let land = [pal.land.0, pal.land.1, pal.land.2];
    let at = |lon, lat| pixel_at(&buf, &opts, &extent, lon, lat);
    assert_ne!(at(-72.9, 43.2), land, "southern Vermont is tinted");
    assert_eq!(at(-75.2, 43.0), land, "New York is not");
    let svg =
        String::from_utf8(render_map_bytes(&places, &opts, ImageFormat::Svg).unwrap()).unwrap();
    let texts = svg_texts(&svg);
    assert!(texts.contains(&"Gulf of Maine"), "{texts:?}");
    // The state, drawn as an area, keeps only a dot; the town its disc.
    let radius = |title: &str| -> f64 {
        let at = svg.find(&format!("<title>{title}")).unwrap();
        let r = &svg[at..][svg[at..].find(" r=\"").unwrap() + 4..];
        r[..r.find('"').unwrap()].parse().unwrap()
    };
    assert!(radius("Vermont") <= 4.0, "{}", radius("Vermont"));
    assert!(radius("Montpelier") >= 6.0, "{}", radius("Montpelier"));
    // Context names sit in their own group, after the data's labels.
    let ctx = svg.find("<g id=\"context-labels\">").unwrap();
    assert!(svg[ctx..].contains("Gulf of Maine"));
    assert!(svg.find("<g id=\"labels\">").unwrap() < ctx);
}
