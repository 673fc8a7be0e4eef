//! Charts of a report: columns over years and bars of a breakdown. A chart is laid out once into
//! a [`Scene`] of rectangles, lines and text in its own coordinates, and the scene is drawn as SVG
//! for the pages or onto a PDF page, so the two look alike.

pub use crate::pdf::Colour;
use crate::pdf::{text_width, Weight};
use crate::xml_escape;
use hoptac_core::numbers::format_int;

/// One named run of values, one per category; `None` where nothing is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<i64>>,
}

/// A chart as values, before it is laid out.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Vertical columns per category (a year), one colour per series, side by side.
    Columns {
        title: String,
        categories: Vec<String>,
        series: Vec<Series>,
    },
    /// One horizontal bar per item: a breakdown by type or by stars.
    Bars {
        title: String,
        items: Vec<(String, i64)>,
    },
}

impl Chart {
    pub fn title(&self) -> &str {
        match self {
            Chart::Columns { title, .. } | Chart::Bars { title, .. } => title,
        }
    }

    /// Whether the chart has a value to show at all.
    pub fn has_values(&self) -> bool {
        match self {
            Chart::Columns { series, .. } => series.iter().any(|s| s.values.iter().any(Option::is_some)),
            Chart::Bars { items, .. } => !items.is_empty(),
        }
    }

    /// The chart's figures as categories and series; the bars of a breakdown are one series
    /// without a name.
    pub fn data(&self) -> (Vec<String>, Vec<Series>) {
        match self {
            Chart::Columns {
                categories, series, ..
            } => (categories.clone(), series.clone()),
            Chart::Bars { items, .. } => (
                items.iter().map(|(label, _)| label.clone()).collect(),
                vec![Series {
                    name: String::new(),
                    values: items.iter().map(|(_, v)| Some(*v)).collect(),
                }],
            ),
        }
    }

    /// The chart's figures in words, for readers who cannot see it: "2023: THT 10, HTX 20; ...".
    pub fn description(&self) -> String {
        match self {
            Chart::Columns {
                categories, series, ..
            } => categories
                .iter()
                .enumerate()
                .map(|(i, category)| {
                    let values: Vec<String> = series
                        .iter()
                        .filter_map(|s| {
                            s.values
                                .get(i)
                                .copied()
                                .flatten()
                                .map(|v| format!("{} {}", s.name, format_int(v)))
                        })
                        .collect();
                    format!("{category}: {}", values.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; "),
            Chart::Bars { items, .. } => items
                .iter()
                .map(|(label, value)| format!("{label}: {}", format_int(*value)))
                .collect::<Vec<_>>()
                .join("; "),
        }
    }

    pub fn layout(&self) -> Scene {
        match self {
            Chart::Columns {
                title,
                categories,
                series,
            } => columns(title, categories, series),
            Chart::Bars { title, items } => bars(title, items),
        }
    }

    /// The chart as an SVG image; `id` makes its title referable within a page.
    pub fn svg(&self, id: &str) -> String {
        let scene = self.layout();
        let id = xml_escape(id);
        let mut svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
             role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             font-family=\"DejaVu Sans, Verdana, sans-serif\">\
             <title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
            w = scene.width,
            h = scene.height,
            title = xml_escape(self.title()),
            desc = xml_escape(&self.description()),
        );
        for mark in &scene.marks {
            svg.push_str(&mark.svg());
        }
        svg.push_str("</svg>");
        svg
    }
}

/// Colours told apart also by readers with colour-blindness (Okabe and Ito's palette).
const PALETTE: [Colour; 6] = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (204, 121, 167),
    (86, 180, 233),
    (213, 94, 0),
];
const INK: Colour = (33, 37, 41);
const MUTED: Colour = (96, 103, 112);
const GRID: Colour = (222, 226, 230);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// Something drawn, in the chart's own units (points in a PDF, pixels on a page).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Rect {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        colour: Colour,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        colour: Colour,
    },
    /// A line of text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        anchor: Anchor,
        size: f32,
        bold: bool,
        colour: Colour,
        text: String,
    },
}

impl Mark {
    /// The mark scaled by `scale` and moved so that the chart's top left lands on `origin`: where a
    /// chart is drawn on a page.
    pub fn placed(&self, origin: (f32, f32), scale: f32) -> Mark {
        let at = |(x, y): (f32, f32)| (origin.0 + x * scale, origin.1 + y * scale);
        let mut mark = self.clone();
        match &mut mark {
            Mark::Rect {
                x, y, width, height, ..
            } => {
                (*x, *y) = at((*x, *y));
                *width *= scale;
                *height *= scale;
            }
            Mark::Line { from, to, .. } => {
                *from = at(*from);
                *to = at(*to);
            }
            Mark::Text { x, y, size, .. } => {
                (*x, *y) = at((*x, *y));
                *size *= scale;
            }
        }
        mark
    }

    fn svg(&self) -> String {
        let hex = |(r, g, b): Colour| format!("#{r:02x}{g:02x}{b:02x}");
        match self {
            Mark::Rect {
                x,
                y,
                width,
                height,
                colour,
            } => format!(
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{width:.1}\" height=\"{height:.1}\" fill=\"{}\"/>",
                hex(*colour)
            ),
            Mark::Line { from, to, colour } => format!(
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{}\"/>",
                from.0,
                from.1,
                to.0,
                to.1,
                hex(*colour)
            ),
            Mark::Text {
                x,
                y,
                anchor,
                size,
                bold,
                colour,
                text,
            } => format!(
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\"{weight} text-anchor=\"{anchor}\" \
                 fill=\"{fill}\">{text}</text>",
                weight = if *bold { " font-weight=\"bold\"" } else { "" },
                anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                },
                fill = hex(*colour),
                text = xml_escape(text),
            ),
        }
    }
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub marks: Vec<Mark>,
}

const WIDTH: f32 = 640.0;
const TITLE_SIZE: f32 = 13.0;
const LABEL_SIZE: f32 = 10.0;

fn text(x: f32, y: f32, anchor: Anchor, size: f32, colour: Colour, text: String) -> Mark {
    Mark::Text {
        x,
        y,
        anchor,
        size,
        bold: false,
        colour,
        text,
    }
}

fn title_mark(title: &str) -> Mark {
    Mark::Text {
        x: 0.0,
        y: TITLE_SIZE + 2.0,
        anchor: Anchor::Start,
        size: TITLE_SIZE,
        bold: true,
        colour: INK,
        text: title.to_owned(),
    }
}

/// The top of a scale from 0 that holds `max` in four even steps of 1, 2 or 5 times a power of ten.
fn scale_top(max: i64) -> i64 {
    if max <= 0 {
        return 4;
    }
    let mut power = 1i64;
    loop {
        for step in [1, 2, 5] {
            if step * power * 4 >= max {
                return step * power * 4;
            }
        }
        power *= 10;
    }
}

fn columns(title: &str, categories: &[String], series: &[Series]) -> Scene {
    let mut marks = vec![title_mark(title)];
    let mut top = 28.0;
    // The legend, one swatch and name per series, on one line.
    if series.len() > 1 {
        let mut x = 0.0;
        for (i, s) in series.iter().enumerate() {
            let colour = PALETTE[i % PALETTE.len()];
            marks.push(Mark::Rect {
                x,
                y: top,
                width: 10.0,
                height: 10.0,
                colour,
            });
            marks.push(text(
                x + 14.0,
                top + 9.0,
                Anchor::Start,
                LABEL_SIZE,
                INK,
                s.name.clone(),
            ));
            x += 14.0 + text_width(Weight::Regular, LABEL_SIZE, &s.name) + 18.0;
        }
        top += 20.0;
    }
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .copied()
        .max()
        .unwrap_or(0);
    let scale = scale_top(max);
    let axis_width = text_width(Weight::Regular, LABEL_SIZE, &format_int(scale)) + 8.0;
    let plot = (axis_width, top + 14.0, WIDTH - axis_width, 180.0);
    let (left, plot_top, plot_width, plot_height) = plot;
    let bottom = plot_top + plot_height;
    for step in 0..=4 {
        let value = scale * step / 4;
        let y = bottom - plot_height * step as f32 / 4.0;
        marks.push(Mark::Line {
            from: (left, y),
            to: (left + plot_width, y),
            colour: GRID,
        });
        marks.push(text(
            left - 6.0,
            y + 3.5,
            Anchor::End,
            LABEL_SIZE,
            MUTED,
            format_int(value),
        ));
    }
    let group = plot_width / categories.len().max(1) as f32;
    let bar = group * 0.72 / series.len().max(1) as f32;
    for (c, category) in categories.iter().enumerate() {
        let group_left = left + group * c as f32 + group * 0.14;
        for (i, s) in series.iter().enumerate() {
            let Some(value) = s.values.get(c).copied().flatten() else {
                continue;
            };
            let height = plot_height * value as f32 / scale as f32;
            let x = group_left + bar * i as f32;
            marks.push(Mark::Rect {
                x,
                y: bottom - height,
                width: bar - 1.0,
                height,
                colour: PALETTE[i % PALETTE.len()],
            });
            let size = if bar < 24.0 { 8.0 } else { 9.0 };
            marks.push(text(
                x + bar / 2.0,
                bottom - height - 3.0,
                Anchor::Middle,
                size,
                INK,
                format_int(value),
            ));
        }
        marks.push(text(
            left + group * (c as f32 + 0.5),
            bottom + 15.0,
            Anchor::Middle,
            LABEL_SIZE,
            INK,
            category.clone(),
        ));
    }
    Scene {
        width: WIDTH,
        height: bottom + 22.0,
        marks,
    }
}

fn bars(title: &str, items: &[(String, i64)]) -> Scene {
    const ROW: f32 = 24.0;
    let mut marks = vec![title_mark(title)];
    let label_width = items
        .iter()
        .map(|(label, _)| text_width(Weight::Regular, LABEL_SIZE, label))
        .fold(0.0, f32::max)
        .min(WIDTH * 0.45)
        + 10.0;
    let max = items.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let room = WIDTH - label_width - 60.0;
    let top = 30.0;
    for (i, (label, value)) in items.iter().enumerate() {
        let y = top + ROW * i as f32;
        let length = room * *value as f32 / max as f32;
        marks.push(text(
            label_width - 10.0,
            y + 13.0,
            Anchor::End,
            LABEL_SIZE,
            INK,
            label.clone(),
        ));
        marks.push(Mark::Rect {
            x: label_width,
            y: y + 3.0,
            width: length,
            height: ROW - 8.0,
            colour: PALETTE[i % PALETTE.len()],
        });
        marks.push(text(
            label_width + length + 6.0,
            y + 13.0,
            Anchor::Start,
            LABEL_SIZE,
            INK,
            format_int(*value),
        ));
    }
    Scene {
        width: WIDTH,
        height: top + ROW * items.len() as f32 + 6.0,
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trend() -> Chart {
        Chart::Columns {
            title: "Số tổ chức qua các năm".into(),
            categories: vec!["2023".into(), "2024".into()],
            series: vec![
                Series {
                    name: "THT".into(),
                    values: vec![Some(12), None],
                },
                Series {
                    name: "HTX".into(),
                    values: vec![Some(1250), Some(1310)],
                },
            ],
        }
    }

    #[test]
    fn scales_end_on_round_numbers() {
        assert_eq!(scale_top(0), 4);
        assert_eq!(scale_top(3), 4);
        assert_eq!(scale_top(7), 8);
        assert_eq!(scale_top(37), 40);
        assert_eq!(scale_top(1310), 2000);
        assert_eq!(scale_top(41), 80);
    }

    #[test]
    fn columns_stand_in_proportion_and_unknown_years_are_left_out() {
        let scene = trend().layout();
        let bars: Vec<f32> = scene
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { height, width, .. } if *width > 10.0 => Some(*height),
                _ => None,
            })
            .collect();
        // THT 2023, HTX 2023, HTX 2024: no bar for the THT of 2024, which is not known.
        assert_eq!(bars.len(), 3);
        assert!((bars[2] / bars[1] - 1310.0 / 1250.0).abs() < 1e-3);
        let labels: Vec<&str> = scene
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        assert!(labels.contains(&"1.310"), "{labels:?}");
        assert!(labels.contains(&"2.000"), "{labels:?}");
    }

    #[test]
    fn the_svg_names_itself_and_tells_its_figures() {
        let svg = trend().svg("trend");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("<title id=\"trend-title\">Số tổ chức qua các năm</title>"));
        assert!(svg.contains("2023: THT 12, HTX 1.250; 2024: HTX 1.310"), "{svg}");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn bars_are_as_long_as_their_values() {
        let chart = Chart::Bars {
            title: "Theo hạng sao".into(),
            items: vec![("3 sao".into(), 30), ("4 sao <tốt>".into(), 15)],
        };
        let lengths: Vec<f32> = chart
            .layout()
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Rect { width, .. } => Some(*width),
                _ => None,
            })
            .collect();
        assert!((lengths[0] / lengths[1] - 2.0).abs() < 1e-3);
        assert!(chart.svg("s").contains("4 sao &lt;tốt&gt;"));
        assert!(!Chart::Bars {
            title: String::new(),
            items: vec![]
        }
        .has_values());
    }
}
