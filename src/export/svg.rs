//! A small SVG writer for the views that GraphViz does not draw (the matrix and the timeline):
//! rectangles, text and lines written with a real XML writer, so that every name is escaped,
//! and an estimate of how wide a text is so the views can size their columns.

use super::label::text_width;
use super::style::CSS_FONTS;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// Width in pixels of `s` at `size` px: half the size per display column (a Chinese
/// character is two columns, so as wide as the font size).
pub fn text_px(s: &str, size: f64) -> f64 {
    text_width(s) as f64 * size * 0.56
}

/// An SVG document being written.
pub struct Svg<W: Write> {
    w: Writer<W>,
}

fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

impl<W: Write> Svg<W> {
    /// Opens a `width` × `height` document with a white background and `title`.
    pub fn start(out: W, width: f64, height: f64, title: &str) -> std::io::Result<Self> {
        let mut w = Writer::new(out);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.get_mut().write_all(b"\n")?;
        let mut svg = BytesStart::new("svg");
        svg.push_attribute(("xmlns", "http://www.w3.org/2000/svg"));
        svg.push_attribute(("width", n(width).as_str()));
        svg.push_attribute(("height", n(height).as_str()));
        svg.push_attribute((
            "viewBox",
            format!("0 0 {} {}", n(width), n(height)).as_str(),
        ));
        svg.push_attribute(("font-family", CSS_FONTS));
        w.write_event(Event::Start(svg))?;
        w.get_mut().write_all(b"\n")?;
        w.create_element("title")
            .write_text_content(BytesText::new(title))?;
        let mut this = Self { w };
        this.rect(0.0, 0.0, width, height, "#ffffff", None, None)?;
        Ok(this)
    }

    /// A rectangle, with a tooltip when `tip` is given.
    #[allow(clippy::too_many_arguments)]
    pub fn rect(
        &mut self,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        fill: &str,
        stroke: Option<&str>,
        tip: Option<&str>,
    ) -> std::io::Result<()> {
        let mut e = self
            .w
            .create_element("rect")
            .with_attribute(("x", n(x).as_str()))
            .with_attribute(("y", n(y).as_str()))
            .with_attribute(("width", n(width).as_str()))
            .with_attribute(("height", n(height).as_str()))
            .with_attribute(("rx", "2"))
            .with_attribute(("fill", fill));
        if let Some(stroke) = stroke {
            e = e
                .with_attribute(("stroke", stroke))
                .with_attribute(("stroke-width", "0.8"));
        }
        match tip {
            Some(tip) => {
                e.write_inner_content(|w| {
                    w.create_element("title")
                        .write_text_content(BytesText::new(tip))?;
                    Ok(())
                })?;
            }
            None => {
                e.write_empty()?;
            }
        }
        self.w.get_mut().write_all(b"\n")
    }

    /// Text at (x, y) (baseline); `anchor` is start, middle or end; `rotate` turns it about
    /// that point, in degrees.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        s: &str,
        size: f64,
        anchor: &str,
        fill: &str,
        weight: Option<&str>,
        rotate: Option<f64>,
    ) -> std::io::Result<()> {
        let mut e = self
            .w
            .create_element("text")
            .with_attribute(("x", n(x).as_str()))
            .with_attribute(("y", n(y).as_str()))
            .with_attribute(("font-size", n(size).as_str()))
            .with_attribute(("text-anchor", anchor))
            .with_attribute(("fill", fill));
        if let Some(weight) = weight {
            e = e.with_attribute(("font-weight", weight));
        }
        if let Some(deg) = rotate {
            e = e.with_attribute((
                "transform",
                format!("rotate({} {} {})", n(deg), n(x), n(y)).as_str(),
            ));
        }
        e.write_text_content(BytesText::new(s))?;
        self.w.get_mut().write_all(b"\n")
    }

    /// A line.
    pub fn line(
        &mut self,
        (x1, y1): (f64, f64),
        (x2, y2): (f64, f64),
        stroke: &str,
        width: f64,
    ) -> std::io::Result<()> {
        self.w
            .create_element("line")
            .with_attribute(("x1", n(x1).as_str()))
            .with_attribute(("y1", n(y1).as_str()))
            .with_attribute(("x2", n(x2).as_str()))
            .with_attribute(("y2", n(y2).as_str()))
            .with_attribute(("stroke", stroke))
            .with_attribute(("stroke-width", n(width).as_str()))
            .write_empty()?;
        self.w.get_mut().write_all(b"\n")
    }

    /// Closes the document.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new("svg")))?;
        self.w.get_mut().write_all(b"\n")
    }
}
