//! The whole report as an A4 PDF: title, narrative, charts and the table part by part, laid out
//! first as marks page by page so that every page can say how many there are, then drawn.

use super::{completeness_headings, CompletenessTable, ReportDocument, TableRow, TableSection};
use hoptac_core::word;
use hoptac_render::chart::{Anchor, Colour, Mark};
use hoptac_render::pdf::{wrap, Canvas, Fonts, Weight, A4_HEIGHT, A4_WIDTH};
use hoptac_render::RenderError;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::Document;

const MARGIN: f32 = 42.0;
const WIDTH: f32 = A4_WIDTH - 2.0 * MARGIN;
const BOTTOM: f32 = A4_HEIGHT - 48.0;
const INK: Colour = (20, 20, 20);
const GREY: Colour = (95, 95, 95);
const RULE: Colour = (170, 170, 170);
const SHADE: Colour = (221, 235, 247);
const TABLE_SIZE: f32 = 8.0;
const TABLE_LEADING: f32 = 10.0;

pub fn report_pdf(doc: &ReportDocument) -> Result<Vec<u8>, RenderError> {
    let fonts = Fonts::load().ok_or_else(|| RenderError::Pdf("the shipped font did not load".into()))?;
    let pages = Layout::of(doc);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.code().into())
            .creator("hoptac".into()),
    );
    let settings = PageSettings::from_wh(A4_WIDTH, A4_HEIGHT)
        .ok_or_else(|| RenderError::Pdf("A4 is not a page size".into()))?;
    let count = pages.len();
    for (number, marks) in pages.into_iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        let mut canvas = Canvas {
            surface: &mut surface,
            fonts: &fonts,
        };
        for mark in &marks {
            canvas.mark(mark);
        }
        let footer = format!("{} {}/{count}", word!(doc.lang, "report-page"), number + 1);
        canvas.mark(&text(
            A4_WIDTH / 2.0,
            A4_HEIGHT - 24.0,
            Anchor::Middle,
            (false, 8.0, GREY),
            &footer,
        ));
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| RenderError::Pdf(format!("{e:?}")))
}

fn text(x: f32, y: f32, anchor: Anchor, (bold, size, colour): (bool, f32, Colour), text: &str) -> Mark {
    Mark::Text {
        x,
        y,
        anchor,
        size,
        bold,
        colour,
        text: text.to_owned(),
    }
}

/// The report's marks, page by page, from the top of the first page down.
struct Layout {
    pages: Vec<Vec<Mark>>,
    /// Where the next thing goes on the last page.
    y: f32,
}

impl Layout {
    fn of(doc: &ReportDocument) -> Vec<Vec<Mark>> {
        let mut layout = Layout {
            pages: vec![Vec::new()],
            y: MARGIN + 12.0,
        };
        layout.lines(&doc.title, Anchor::Middle, (true, 14.0, INK), 19.0);
        layout.lines(&doc.subtitle, Anchor::Middle, (false, 9.5, GREY), 13.0);
        layout.y += 10.0;
        for part in &doc.narrative {
            if let Some(heading) = &part.heading {
                layout.lines(heading, Anchor::Start, (true, 11.0, INK), 16.0);
                layout.y += 3.0;
            }
            for paragraph in &part.paragraphs {
                layout.lines(paragraph, Anchor::Start, (false, 10.5, INK), 15.0);
                layout.y += 5.0;
            }
        }
        for chart in doc.charts.iter().filter(|c| c.has_values()) {
            layout.scene(&chart.layout());
        }
        for section in &doc.sections {
            layout.table(doc, section);
        }
        if let Some(completeness) = &doc.completeness {
            layout.completeness(doc, completeness);
        }
        layout.pages
    }

    fn marks(&mut self) -> &mut Vec<Mark> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN + 12.0;
    }

    /// Makes room for `height` points, on a new page when this one is full.
    fn room(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.new_page();
        }
    }

    /// Text wrapped to the page's width, one baseline every `leading` points.
    fn lines(&mut self, content: &str, anchor: Anchor, style: (bool, f32, Colour), leading: f32) {
        let weight = if style.0 { Weight::Bold } else { Weight::Regular };
        let x = match anchor {
            Anchor::Middle => A4_WIDTH / 2.0,
            _ => MARGIN,
        };
        for line in wrap(weight, style.1, WIDTH, content) {
            self.room(leading);
            let y = self.y;
            self.marks().push(text(x, y, anchor, style, &line));
            self.y += leading;
        }
    }

    /// A chart, shrunk to the page's width when wider.
    fn scene(&mut self, scene: &hoptac_render::chart::Scene) {
        let scale = (WIDTH / scene.width).min(1.0);
        self.y += 8.0;
        self.room(scene.height * scale);
        let origin = (MARGIN, self.y);
        let placed: Vec<Mark> = scene.marks.iter().map(|m| m.placed(origin, scale)).collect();
        self.marks().extend(placed);
        self.y += scene.height * scale + 8.0;
    }

    fn table(&mut self, doc: &ReportDocument, section: &TableSection) {
        let rows: Vec<&TableRow> = section
            .rows
            .iter()
            .filter(|r| r.value.is_some() || r.target.is_some() || r.previous.is_some())
            .collect();
        if rows.is_empty() {
            return;
        }
        // A gap, then room above the part's title's baseline for its letters.
        self.y += 10.0 + 11.0;
        // The part's title stays with its heading and first row.
        self.room(80.0);
        self.lines(&section.label, Anchor::Start, (true, 11.0, INK), 15.0);
        let headings = [
            word!(doc.lang, "report-indicator").to_owned(),
            word!(doc.lang, "report-unit").to_owned(),
            word!(doc.lang, "report-value").to_owned(),
            word!(doc.lang, "report-source_2").to_owned(),
            word!(doc.lang, "report-plan").to_owned(),
            word!(doc.lang, "report-of_plan").to_owned(),
            format!(
                "{} {}",
                word!(doc.lang, "report-same_period").to_owned(),
                doc.previous_label
            ),
            word!(doc.lang, "report-change").to_owned(),
        ];
        let headings = TableLine::of(&FIGURES, &headings.each_ref().map(|h| h.as_str()), None, true);
        self.room(headings.height);
        self.table_line(&headings);
        for row in rows {
            let cells = [
                row.name.clone(),
                row.unit.clone(),
                row.text(row.value),
                row.source
                    .map(|s| s.short_label(doc.lang))
                    .unwrap_or("")
                    .to_owned(),
                row.text(row.target),
                row.achievement_text(),
                row.text(row.previous),
                row.change_text(),
            ];
            let line = TableLine::of(
                &FIGURES,
                &cells.each_ref().map(|c| c.as_str()),
                row.note.as_deref(),
                false,
            );
            self.table_row(&headings, &line);
        }
    }

    /// A line of a table; one that runs onto a new page repeats the table's heading there.
    fn table_row(&mut self, headings: &TableLine, line: &TableLine) {
        if self.y + line.height > BOTTOM {
            self.new_page();
            self.table_line(headings);
        }
        self.table_line(line);
    }

    /// The completeness of the figures over the place's parts, after the figures.
    fn completeness(&mut self, doc: &ReportDocument, table: &CompletenessTable) {
        self.y += 10.0 + 11.0;
        self.room(80.0);
        self.lines(&table.label, Anchor::Start, (true, 11.0, INK), 15.0);
        self.lines(&table.parts, Anchor::Start, (false, 9.0, GREY), 12.0);
        let [_, indicator, rest @ ..] = completeness_headings(doc.lang);
        let headings = [indicator, rest[0], rest[1], rest[2], rest[3], rest[4]];
        let headings = TableLine::of(&COMPLETENESS, &headings, None, true);
        self.room(headings.height);
        self.table_line(&headings);
        for row in &table.rows {
            let numbers = [row.expected, row.with_data, row.computed, row.entered].map(|n| n.to_string());
            let missing = row.missing_text();
            let cells = [
                row.name.as_str(),
                &numbers[0],
                &numbers[1],
                &numbers[2],
                &numbers[3],
                &missing,
            ];
            let line = TableLine::of(&COMPLETENESS, &cells, None, false);
            self.table_row(&headings, &line);
        }
    }

    fn table_line(&mut self, line: &TableLine) {
        let top = self.y;
        let mut marks = Vec::new();
        if line.heading {
            marks.push(Mark::Rect {
                x: MARGIN,
                y: top,
                width: WIDTH,
                height: line.height,
                colour: SHADE,
            });
        }
        let mut x = MARGIN;
        for (c, (cell_lines, &width)) in line.cells.iter().zip(line.columns.widths).enumerate() {
            // Words read from the left; numbers line up on the right.
            let (anchor, at) = match (line.heading, line.columns.words.contains(&c)) {
                (true, _) => (Anchor::Middle, x + width / 2.0),
                (false, true) => (Anchor::Start, x + 3.0),
                (false, false) => (Anchor::End, x + width - 3.0),
            };
            for (l, text_line) in cell_lines.iter().enumerate() {
                let y = top + TABLE_LEADING * (l as f32 + 1.0);
                marks.push(text(at, y, anchor, (line.heading, TABLE_SIZE, INK), text_line));
            }
            x += width;
        }
        let below_name = line.cells[0].len();
        for (l, note_line) in line.note.iter().enumerate() {
            let y = top + TABLE_LEADING * ((below_name + l) as f32 + 1.0);
            marks.push(text(
                MARGIN + 3.0,
                y,
                Anchor::Start,
                (false, TABLE_SIZE - 1.0, GREY),
                note_line,
            ));
        }
        let bottom = top + line.height;
        marks.push(Mark::Line {
            from: (MARGIN, bottom),
            to: (MARGIN + WIDTH, bottom),
            colour: RULE,
        });
        self.marks().extend(marks);
        self.y = bottom;
    }
}

/// A table's columns: their widths in points, filling the page's width, and which of them hold
/// words rather than numbers.
struct Columns {
    widths: &'static [f32],
    words: &'static [usize],
}

/// The figures' table: indicator, unit, value, source, plan, achievement, previous period,
/// change.
const FIGURES: Columns = Columns {
    widths: &[171.0, 64.0, 50.0, 40.0, 42.0, 40.0, 56.0, 48.0],
    words: &[0, 1, 3],
};

/// The completeness table: indicator, parts expected, with data, counted, entered, without data.
const COMPLETENESS: Columns = Columns {
    widths: &[171.0, 55.0, 55.0, 60.0, 55.0, 115.0],
    words: &[0, 5],
};

/// One line of a table with its cells wrapped to their columns and the note under the first.
struct TableLine {
    columns: &'static Columns,
    cells: Vec<Vec<String>>,
    note: Vec<String>,
    heading: bool,
    height: f32,
}

impl TableLine {
    fn of(columns: &'static Columns, cells: &[&str], note: Option<&str>, heading: bool) -> TableLine {
        let weight = if heading { Weight::Bold } else { Weight::Regular };
        let cells: Vec<Vec<String>> = cells
            .iter()
            .zip(columns.widths)
            .map(|(cell, width)| wrap(weight, TABLE_SIZE, width - 6.0, cell))
            .collect();
        let note = note
            .map(|n| wrap(Weight::Regular, TABLE_SIZE - 1.0, columns.widths[0] - 6.0, n))
            .unwrap_or_default();
        let lines = cells
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(cells[0].len() + note.len())
            .max(1);
        TableLine {
            columns,
            cells,
            note,
            heading,
            height: lines as f32 * TABLE_LEADING + 5.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    fn words(pages: &[Vec<Mark>]) -> Vec<String> {
        pages
            .iter()
            .flatten()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_layout_holds_narrative_chart_and_table() {
        let doc = sample::document();
        let pages = Layout::of(&doc);
        let words = words(&pages);
        assert!(
            words
                .iter()
                .any(|w| w.starts_with("Toàn tỉnh có 1.210 hợp tác xã")),
            "{words:?}"
        );
        assert!(words.contains(&"Hợp tác xã qua các năm".to_owned()));
        // A template's headings stand in bold above their paragraphs.
        let heading = pages.iter().flatten().find_map(|m| match m {
            Mark::Text { text, bold, .. } if text == "II. Kết quả sản xuất, kinh doanh" => {
                Some(*bold)
            }
            _ => None,
        });
        assert_eq!(heading, Some(true));
        assert!(words.contains(&"150,0%".to_owned()));
        assert!(words.contains(&"+2".to_owned()));
        assert!(words.contains(&"53,1".to_owned()));
        assert!(
            words.iter().any(|w| w.contains("Số liệu nhập: 1.200")),
            "{words:?}"
        );
        // The completeness table names the part without data.
        assert!(words.contains(&"Mức độ đầy đủ của số liệu".to_owned()));
        assert!(words.contains(&"Tỉnh Thái Nguyên".to_owned()), "{words:?}");
        // Every mark lies on its page.
        for mark in pages.iter().flatten() {
            if let Mark::Text { x, y, .. } = mark {
                assert!((0.0..=A4_WIDTH).contains(x) && (0.0..=A4_HEIGHT).contains(y));
            }
        }
    }

    #[test]
    fn a_long_table_runs_onto_new_pages_with_its_heading() {
        let mut doc = sample::document();
        let row = doc.sections[0].rows[0].clone();
        doc.sections[0].rows = vec![row; 120];
        let pages = Layout::of(&doc);
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let last = words(&pages[pages.len() - 1..]);
        assert!(last.contains(&"Chỉ tiêu".to_owned()), "{last:?}");
        let pdf = report_pdf(&doc).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}
