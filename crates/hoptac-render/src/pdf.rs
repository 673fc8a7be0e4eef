//! Drawing on a PDF page with the shipped fonts: lines of text measured by the same shaper that
//! lays them out, so that centring and wrapping are exact, and filled or stroked shapes.
//! Coordinates are points from the top left of the page.

use crate::chart::{Anchor, Mark};
use crate::qr::{QrMatrix, QUIET_ZONE};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// A document of one A4 page in Vietnamese, titled `title`, drawn by `draw` with the shipped
/// fonts: a certificate, a form to print.
pub fn one_a4_page(title: String, draw: impl FnOnce(&mut Canvas)) -> Result<Vec<u8>, crate::RenderError> {
    use krilla::metadata::Metadata;
    use krilla::page::PageSettings;
    let fonts =
        Fonts::load().ok_or_else(|| crate::RenderError::Pdf("the shipped font did not load".into()))?;
    let mut document = krilla::Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language("vi".into())
            .creator("hoptac".into()),
    );
    let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT)
        .ok_or_else(|| crate::RenderError::Pdf("A4 is not a page size".into()))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let mut canvas = Canvas {
        surface: &mut surface,
        fonts: &fonts,
    };
    draw(&mut canvas);
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| crate::RenderError::Pdf(format!("{e:?}")))
}

/// A4 portrait, in points.
pub const A4_WIDTH: f32 = 595.28;
pub const A4_HEIGHT: f32 = 841.89;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

impl Weight {
    fn bytes(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }
}

/// The fonts of a document, loaded once per document.
pub struct Fonts {
    regular: Font,
    bold: Font,
}

impl Fonts {
    pub fn load() -> Option<Fonts> {
        Some(Fonts {
            regular: Font::new(REGULAR.into(), 0)?,
            bold: Font::new(BOLD.into(), 0)?,
        })
    }

    fn font(&self, weight: Weight) -> Font {
        match weight {
            Weight::Regular => self.regular.clone(),
            Weight::Bold => self.bold.clone(),
        }
    }
}

/// The width of a line of text, in points, as shaped.
pub fn text_width(weight: Weight, size: f32, text: &str) -> f32 {
    let Some(face) = rustybuzz::Face::from_slice(weight.bytes(), 0) else {
        return 0.0;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / f32::from(face.units_per_em() as u16)
}

/// Splits text into lines no wider than `max_width`, breaking between words; a word wider than
/// the line stands alone on its line.
pub fn wrap(weight: Weight, size: f32, max_width: f32, text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || text_width(weight, size, &candidate) <= max_width {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Where a line of text hangs from its anchor.
#[derive(Clone, Copy)]
pub enum Align {
    Left,
    Centre,
}

/// A colour as red, green, blue.
pub type Colour = (u8, u8, u8);

pub const BLACK: Colour = (0, 0, 0);

/// A page being drawn.
pub struct Canvas<'a, 'b> {
    pub surface: &'a mut Surface<'b>,
    pub fonts: &'a Fonts,
}

impl Canvas<'_, '_> {
    fn fill(&mut self, colour: Colour) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
            opacity: NormalizedF32::ONE,
            rule: FillRule::NonZero,
        }));
    }

    /// One line of text with its baseline at `y`.
    pub fn text(&mut self, (x, y): (f32, f32), align: Align, style: (Weight, f32, Colour), text: &str) {
        let (weight, size, colour) = style;
        let left = match align {
            Align::Left => x,
            Align::Centre => x - text_width(weight, size, text) / 2.0,
        };
        self.fill(colour);
        self.surface.draw_text(
            Point::from_xy(left, y),
            self.fonts.font(weight),
            size,
            text,
            false,
            TextDirection::LeftToRight,
        );
    }

    /// Text wrapped to `width` from the baseline `y`, one line every `leading` points; returns the
    /// baseline after the last line.
    pub fn paragraph(
        &mut self,
        (x, y): (f32, f32),
        width: f32,
        leading: f32,
        align: Align,
        style: (Weight, f32, Colour),
        text: &str,
    ) -> f32 {
        let mut baseline = y;
        for line in wrap(style.0, style.1, width, text) {
            self.text((x, baseline), align, style, &line);
            baseline += leading;
        }
        baseline
    }

    /// A mark of a chart or a laid-out page, in the page's points.
    pub fn mark(&mut self, mark: &Mark) {
        match mark {
            Mark::Rect {
                x,
                y,
                width,
                height,
                colour,
            } => {
                let Some(rect) = Rect::from_xywh(*x, *y, *width, *height) else {
                    return;
                };
                let mut builder = PathBuilder::new();
                builder.push_rect(rect);
                if let Some(path) = builder.finish() {
                    self.fill(*colour);
                    self.surface.draw_path(&path);
                }
            }
            Mark::Line { from, to, colour } => {
                let mut builder = PathBuilder::new();
                builder.move_to(from.0, from.1);
                builder.line_to(to.0, to.1);
                if let Some(path) = builder.finish() {
                    self.surface.set_fill(None);
                    self.surface.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    self.surface.draw_path(&path);
                    self.surface.set_stroke(None);
                }
            }
            Mark::Text {
                x,
                y,
                anchor,
                size,
                bold,
                colour,
                text,
            } => {
                let weight = if *bold { Weight::Bold } else { Weight::Regular };
                let left = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - text_width(weight, *size, text) / 2.0,
                    Anchor::End => x - text_width(weight, *size, text),
                };
                self.text((left, *y), Align::Left, (weight, *size, *colour), text);
            }
        }
    }

    /// The outline of a rectangle.
    pub fn frame(&mut self, rect: (f32, f32, f32, f32), width: f32, colour: Colour) {
        let Some(rect) = Rect::from_xywh(rect.0, rect.1, rect.2, rect.3) else {
            return;
        };
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        let Some(path) = builder.finish() else {
            return;
        };
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(colour.0, colour.1, colour.2).into(),
            width,
            ..Stroke::default()
        }));
        self.surface.draw_path(&path);
        self.surface.set_stroke(None);
    }

    /// A QR code `size` points wide at (x, y), quiet zone included, on white.
    pub fn qr(&mut self, x: f32, y: f32, size: f32, code: &QrMatrix) {
        let module = size / (code.width() + 2 * QUIET_ZONE) as f32;
        let mut builder = PathBuilder::new();
        for (column, row) in code.dark_modules() {
            let left = x + (column + QUIET_ZONE) as f32 * module;
            let top = y + (row + QUIET_ZONE) as f32 * module;
            if let Some(square) = Rect::from_xywh(left, top, module, module) {
                builder.push_rect(square);
            }
        }
        if let Some(path) = builder.finish() {
            self.fill(BLACK);
            self.surface.draw_path(&path);
        }
    }
}
