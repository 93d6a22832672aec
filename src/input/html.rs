//! Plain text out of an HTML page: tags stripped, `<script>`, `<style>`,
//! `<head>` contents and comments dropped, block elements turned into line
//! breaks, character references decoded. Good enough for news pages saved
//! from a browser; not a full HTML parser (no DOM, no error recovery rules
//! beyond "an unclosed tag runs to the end").

/// The page's `<title>` (or first `<h1>`), and its text.
pub fn to_text(html: &str) -> (Option<String>, String) {
    let title = element_text(html, "title").or_else(|| element_text(html, "h1"));
    let mut out = String::with_capacity(html.len() / 2);
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        push_text(&mut out, &html[text_start..lt]);
        if html[lt..].starts_with("<!--") {
            i = html[lt..].find("-->").map_or(bytes.len(), |e| lt + e + 3);
            text_start = i;
            continue;
        }
        let end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
        let tag = tag_name(&html[lt + 1..end]);
        i = end;
        // Elements whose content is never article text.
        if matches!(
            tag.as_str(),
            "script" | "style" | "head" | "noscript" | "template"
        ) {
            let close = format!("</{tag}");
            i = find_ascii_ci(&html[end..], &close).map_or(bytes.len(), |p| {
                let after = end + p;
                memchr::memchr(b'>', &bytes[after..]).map_or(bytes.len(), |e| after + e + 1)
            });
        } else if is_block(&tag) {
            out.push('\n');
        }
        text_start = i;
    }
    push_text(&mut out, &html[text_start.min(html.len())..]);
    (title, tidy(&out))
}

/// The lower-case name of the tag in `inner` (the text between `<` and
/// `>`), without a leading `/`.
fn tag_name(inner: &str) -> String {
    inner
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "blockquote"
            | "figcaption"
            | "title"
            | "hr"
    )
}

/// Byte offset of `needle` (ASCII) in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// The decoded text of the first `<name>…</name>` element, if not empty.
fn element_text(html: &str, name: &str) -> Option<String> {
    let open = find_ascii_ci(html, &format!("<{name}"))?;
    let start = open + html[open..].find('>')? + 1;
    let len = find_ascii_ci(&html[start..], &format!("</{name}"))?;
    let mut text = String::new();
    push_text(&mut text, &strip_tags(&html[start..start + len]));
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// `s` without anything between `<` and `>`.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Appends `text` with character references decoded.
fn push_text(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The `;` is looked for among the next bytes, not chars: a byte
        // count could end inside "é" ("&éééééé" once panicked here), and
        // the index of an ASCII `;` is always a char boundary.
        let semi = memchr::memchr(b';', &rest.as_bytes()[..rest.len().min(12)]);
        let decoded = semi.and_then(|s| entity(&rest[1..s]).map(|c| (c, s + 1)));
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character a reference names (`amp`, `#39`, `#x2019`, …).
fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "iacute" => 'í',
        "uacute" => 'ú',
        "atilde" => 'ã',
        "otilde" => 'õ',
        "acirc" => 'â',
        "ecirc" => 'ê',
        "ocirc" => 'ô',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        _ => return None,
    })
}

/// Collapses runs of spaces within lines and of blank lines, trims.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_entities() {
        let html = "<!doctype html><html><head><title>Floods in  Porto&nbsp;Alegre</title>\
            <style>p { color: red }</style></head><body><h1>Ignored heading</h1>\
            <script>var x = '<p>not text</p>';</script><!-- a <b>comment</b> -->\
            <p>Rain fell on <b>Porto Alegre</b> &amp; Canoas.</p><p>Water rose 2&#160;m in Gua&iacute;ba&#x2019;s port.</p></body></html>";
        let (title, text) = to_text(html);
        assert_eq!(title.as_deref(), Some("Floods in Porto Alegre"));
        assert_eq!(
            text,
            "Ignored heading\n\nRain fell on Porto Alegre & Canoas.\n\nWater rose 2 m in Guaíba’s port."
        );
    }

    #[test]
    fn ampersand_before_multibyte_letters_does_not_panic() {
        let (_, text) = to_text("<p>Kabul &\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}.</p>");
        assert_eq!(text, "Kabul &\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}.");
        let (_, text) = to_text("a &\u{201c}quoted\u{201d}; &amp;\u{e9}t\u{e9} &eacute;");
        assert_eq!(text, "a &\u{201c}quoted\u{201d}; &\u{e9}t\u{e9} \u{e9}");
    }

    proptest::proptest! {
        /// Any text, markup or not, gives text without a panic.
        #[test]
        fn any_text_converts(s in "(<[a-z/!-]{0,4}|&[#a-z0-9]{0,6};?|[a-z\u{e9}\u{201c} ]{0,6}){0,30}") {
            let _ = to_text(&s);
        }
    }

    #[test]
    fn survives_broken_markup() {
        let (title, text) = to_text("<p>Kabul <b unclosed");
        assert_eq!((title, text.as_str()), (None, "Kabul"));
        let (_, text) = to_text("a & b &bogus; &#xZZ; &#0;");
        assert_eq!(text, "a & b &bogus; &#xZZ; &#0;");
        let (_, text) = to_text("<SCRIPT>x</SCRIPT>Lagos<STYLE>y");
        assert_eq!(text, "Lagos");
    }
}
