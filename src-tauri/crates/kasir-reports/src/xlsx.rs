//! The Excel exports' writer: an Office Open XML workbook (ECMA-376 SpreadsheetML, the `.xlsx`
//! Excel, LibreOffice and Google Sheets open) with exactly what the exports use: named sheets,
//! column widths, a frozen header row, an autofilter on it, bold/header/title text, and whole
//! numbers shown as `#,##0` (rupiah) or `0` (counts).
//!
//! Rows stream straight into the zip entry of their sheet, one at a time, so a long period
//! never sits in memory. Strings are written inline (`t="inlineStr"`), numbers exactly as the
//! `i64` they are. The workbook part, which lists the sheets and their filter ranges, is
//! written last: a zip's parts may come in any order.

use std::io::{self, Seek, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// How a cell looks; one entry each of `cellXfs` in the styles part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Bold,
    /// A table's header: bold on light grey, centred.
    Header,
    /// The same, left-aligned (the product list, read back by the import).
    HeaderLeft,
    /// Rupiah: `#,##0` (built-in number format 3).
    Money,
    /// A count: `0` (built-in number format 1).
    Count,
    /// The summary's title: bold, 14 pt.
    Title,
}

impl Style {
    fn index(self) -> u8 {
        match self {
            Style::Plain => 0,
            Style::Bold => 1,
            Style::Header => 2,
            Style::HeaderLeft => 3,
            Style::Money => 4,
            Style::Count => 5,
            Style::Title => 6,
        }
    }
}

/// One cell of a row, in column order.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Cell<'a> {
    /// Nothing in this column.
    Empty,
    Text(&'a str, Style),
    Number(i64, Style),
}

/// What sets a sheet out: its column widths (in characters, from column A) and whether its
/// first row is a header that stays in view and carries the autofilter.
pub(crate) struct Layout<'a> {
    pub widths: &'a [f64],
    pub header: bool,
}

struct SheetMeta {
    name: String,
    /// The autofilter's range (`A1:X9`), when the sheet has a header and rows under it.
    filter: Option<String>,
}

struct OpenSheet {
    header: bool,
    /// The last row written (0-based) and the widest row's cell count.
    last_row: Option<u32>,
    columns: usize,
}

/// A workbook being written to `W` (a file, or a buffer in tests).
pub(crate) struct Workbook<W: Write + Seek> {
    zip: ZipWriter<W>,
    sheets: Vec<SheetMeta>,
    open: Option<OpenSheet>,
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

fn zip_error(e: zip::result::ZipError) -> io::Error {
    match e {
        zip::result::ZipError::Io(e) => e,
        other => io::Error::other(other),
    }
}

/// Excel's limits on a sheet name: 1-31 characters, none of `[]:*?/\`, no leading or trailing
/// apostrophe.
fn check_sheet_name(name: &str) -> io::Result<()> {
    let len = name.chars().count();
    if len == 0
        || len > 31
        || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
        || name.starts_with('\'')
        || name.ends_with('\'')
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("nama sheet tidak valid: {name}"),
        ));
    }
    Ok(())
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Text as XML character data: markup escaped, and the control characters XML 1.0 cannot hold
/// written as SpreadsheetML's `_xHHHH_` (a literal `_xHHHH_` in the text gets its `_` escaped so
/// it reads back as itself).
fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    for (i, ch) in text.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            '_' if looks_like_escape(&bytes[i..]) => out.push_str("_x005F_"),
            c => out.push(c),
        }
    }
}

/// `_xHHHH_` at the start of `b`.
fn looks_like_escape(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// A width in characters as Excel stores it (the default font's padding added).
fn stored_width(chars: f64) -> f64 {
    if chars < 1.0 {
        return (chars * 12.0).round() / 12.0;
    }
    ((chars * 7.0 + 5.0) / 7.0 * 256.0).trunc() / 256.0
}

impl<W: Write + Seek> Workbook<W> {
    pub fn new(out: W) -> Workbook<W> {
        Workbook {
            zip: ZipWriter::new(out),
            sheets: Vec::new(),
            open: None,
        }
    }

    /// Start the next sheet (the previous one, if any, is finished first).
    pub fn start_sheet(&mut self, name: &str, layout: &Layout<'_>) -> io::Result<()> {
        self.finish_sheet()?;
        check_sheet_name(name)?;
        if self
            .sheets
            .iter()
            .any(|s| s.name.eq_ignore_ascii_case(name))
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("nama sheet ganda: {name}"),
            ));
        }
        let index = self.sheets.len() + 1;
        self.zip
            .start_file(format!("xl/worksheets/sheet{index}.xml"), options())
            .map_err(zip_error)?;
        let mut head = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
             xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
        );
        let selected = if index == 1 { " tabSelected=\"1\"" } else { "" };
        if layout.header {
            head.push_str(&format!(
                "<sheetViews><sheetView{selected} workbookViewId=\"0\"><pane ySplit=\"1\" \
                 topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection \
                 pane=\"bottomLeft\"/></sheetView></sheetViews>"
            ));
        } else {
            head.push_str(&format!(
                "<sheetViews><sheetView{selected} workbookViewId=\"0\"/></sheetViews>"
            ));
        }
        head.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
        if !layout.widths.is_empty() {
            head.push_str("<cols>");
            for (i, w) in layout.widths.iter().enumerate() {
                head.push_str(&format!(
                    "<col min=\"{n}\" max=\"{n}\" width=\"{}\" customWidth=\"1\"/>",
                    stored_width(*w),
                    n = i + 1
                ));
            }
            head.push_str("</cols>");
        }
        head.push_str("<sheetData>");
        self.zip.write_all(head.as_bytes())?;
        self.sheets.push(SheetMeta {
            name: name.to_string(),
            filter: None,
        });
        self.open = Some(OpenSheet {
            header: layout.header,
            last_row: None,
            columns: 0,
        });
        Ok(())
    }

    /// Write row `row` (0-based, after every row written so far) of the open sheet.
    pub fn row(&mut self, row: u32, cells: &[Cell<'_>]) -> io::Result<()> {
        let sheet = self.open.as_mut().ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "tidak ada sheet yang terbuka")
        })?;
        if sheet.last_row.is_some_and(|last| row <= last) || row >= 1_048_576 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("baris {} di luar urutan", row + 1),
            ));
        }
        sheet.last_row = Some(row);
        sheet.columns = sheet.columns.max(cells.len());
        let r = row + 1;
        let mut xml = format!("<row r=\"{r}\">");
        for (col, cell) in cells.iter().enumerate() {
            let at = format!("{}{r}", column_name(col));
            match *cell {
                Cell::Empty => {}
                Cell::Number(n, style) => {
                    xml.push_str(&format!(
                        "<c r=\"{at}\"{}><v>{n}</v></c>",
                        style_attr(style)
                    ));
                }
                Cell::Text(text, style) => {
                    let space = if text.starts_with(char::is_whitespace)
                        || text.ends_with(char::is_whitespace)
                    {
                        " xml:space=\"preserve\""
                    } else {
                        ""
                    };
                    xml.push_str(&format!(
                        "<c r=\"{at}\"{} t=\"inlineStr\"><is><t{space}>",
                        style_attr(style)
                    ));
                    escape_into(&mut xml, text);
                    xml.push_str("</t></is></c>");
                }
            }
        }
        xml.push_str("</row>");
        self.zip.write_all(xml.as_bytes())
    }

    fn finish_sheet(&mut self) -> io::Result<()> {
        let Some(sheet) = self.open.take() else {
            return Ok(());
        };
        let mut tail = String::from("</sheetData>");
        let filter = match sheet.last_row {
            Some(last) if sheet.header && last > 0 && sheet.columns > 0 => {
                Some(format!("A1:{}{}", column_name(sheet.columns - 1), last + 1))
            }
            _ => None,
        };
        if let Some(range) = &filter {
            tail.push_str(&format!("<autoFilter ref=\"{range}\"/>"));
        }
        tail.push_str(
            "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
             header=\"0.3\" footer=\"0.3\"/></worksheet>",
        );
        self.zip.write_all(tail.as_bytes())?;
        if let Some(meta) = self.sheets.last_mut() {
            meta.filter = filter;
        }
        Ok(())
    }

    /// Write the remaining parts and close the zip; returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.finish_sheet()?;
        if self.sheets.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "buku kerja tanpa sheet",
            ));
        }
        let n = self.sheets.len();
        let mut types = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types \
             xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default \
             Extension=\"rels\" \
             ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default \
             Extension=\"xml\" ContentType=\"application/xml\"/><Override \
             PartName=\"/xl/workbook.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
             <Override PartName=\"/xl/styles.xml\" \
             ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>",
        );
        let mut rels = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships \
             xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        let mut sheets = String::new();
        let mut names = String::new();
        for (i, meta) in self.sheets.iter().enumerate() {
            let k = i + 1;
            types.push_str(&format!(
                "<Override PartName=\"/xl/worksheets/sheet{k}.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            ));
            rels.push_str(&format!(
                "<Relationship Id=\"rId{k}\" \
                 Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
                 Target=\"worksheets/sheet{k}.xml\"/>"
            ));
            let mut name = String::new();
            escape_into(&mut name, &meta.name);
            sheets.push_str(&format!(
                "<sheet name=\"{name}\" sheetId=\"{k}\" r:id=\"rId{k}\"/>"
            ));
            if let Some(range) = &meta.filter {
                // The filter's range as Excel names it: 'Sheet'!$A$1:$X$9.
                let (from, to) = range.split_once(':').unwrap_or((range, range));
                let absolute = |cell: &str| {
                    let split = cell
                        .find(|c: char| c.is_ascii_digit())
                        .unwrap_or(cell.len());
                    format!("${}${}", &cell[..split], &cell[split..])
                };
                let quoted = name.replace('\'', "''");
                names.push_str(&format!(
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" \
                     hidden=\"1\">'{quoted}'!{}:{}</definedName>",
                    absolute(from),
                    absolute(to)
                ));
            }
        }
        types.push_str("</Types>");
        rels.push_str(&format!(
            "<Relationship Id=\"rId{}\" \
             Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" \
             Target=\"styles.xml\"/></Relationships>",
            n + 1
        ));
        let mut workbook = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<workbook \
             xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
             <bookViews><workbookView/></bookViews><sheets>{sheets}</sheets>"
        );
        if !names.is_empty() {
            workbook.push_str(&format!("<definedNames>{names}</definedNames>"));
        }
        workbook.push_str("</workbook>");

        let parts: [(&str, &str); 5] = [
            ("xl/workbook.xml", &workbook),
            ("xl/_rels/workbook.xml.rels", &rels),
            ("xl/styles.xml", STYLES),
            ("_rels/.rels", ROOT_RELS),
            ("[Content_Types].xml", &types),
        ];
        for (name, body) in parts {
            self.zip.start_file(name, options()).map_err(zip_error)?;
            self.zip.write_all(body.as_bytes())?;
        }
        self.zip.finish().map_err(zip_error)
    }
}

fn style_attr(style: Style) -> String {
    match style.index() {
        0 => String::new(),
        i => format!(" s=\"{i}\""),
    }
}

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
Target=\"xl/workbook.xml\"/></Relationships>";

/// Fonts: 0 the default, 1 bold, 2 bold 14 pt. Fills: 0 none, 1 gray125 (both required), 2 the
/// header's grey. `cellXfs` in [`Style::index`] order.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
<fonts count=\"3\">\
<font><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"11\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
<font><b/><sz val=\"14\"/><color theme=\"1\"/><name val=\"Calibri\"/><family val=\"2\"/></font>\
</fonts>\
<fills count=\"3\">\
<fill><patternFill patternType=\"none\"/></fill>\
<fill><patternFill patternType=\"gray125\"/></fill>\
<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE2E8F0\"/><bgColor indexed=\"64\"/></patternFill></fill>\
</fills>\
<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
<cellXfs count=\"7\">\
<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyAlignment=\"1\"><alignment horizontal=\"center\"/></xf>\
<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>\
<xf numFmtId=\"3\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
<xf numFmtId=\"1\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
</cellXfs>\
<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
<dxfs count=\"0\"/><tableStyles count=\"0\"/>\
</styleSheet>";

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    use std::io::{Cursor, Read};

    fn book(build: impl FnOnce(&mut Workbook<Cursor<Vec<u8>>>) -> io::Result<()>) -> Vec<u8> {
        let mut wb = Workbook::new(Cursor::new(Vec::new()));
        build(&mut wb).expect("build");
        wb.finish().expect("finish").into_inner()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        let mut s = String::new();
        zip.by_name(name)
            .expect("part")
            .read_to_string(&mut s)
            .expect("read");
        s
    }

    #[test]
    fn column_names_run_past_z() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_name)
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn cells_read_back_with_their_types_and_text_exactly() {
        let tricky = "A & B <c> \"d\" _x0041_ tab\there\u{1}";
        let bytes = book(|wb| {
            wb.start_sheet(
                "Penjualan",
                &Layout {
                    widths: &[10.0, 12.0, 8.0],
                    header: true,
                },
            )?;
            wb.row(
                0,
                &[
                    Cell::Text("nama", Style::Header),
                    Cell::Text("harga", Style::Header),
                    Cell::Text("qty", Style::Header),
                ],
            )?;
            wb.row(
                1,
                &[
                    Cell::Text(tricky, Style::Plain),
                    Cell::Number(9_007_199_254_740_993, Style::Money),
                    Cell::Number(-3, Style::Count),
                ],
            )?;
            wb.row(3, &[Cell::Empty, Cell::Text("  spasi  ", Style::Bold)])?;
            wb.start_sheet(
                "Ringkasan",
                &Layout {
                    widths: &[],
                    header: false,
                },
            )?;
            wb.row(0, &[Cell::Text("Laporan", Style::Title)])
        });
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.clone())).expect("open");
        assert_eq!(wb.sheet_names(), ["Penjualan", "Ringkasan"]);
        let range = wb.worksheet_range("Penjualan").expect("sheet");
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][1], Data::String("harga".into()));
        assert_eq!(rows[1][0], Data::String(tricky.into()));
        // Read back as a float by calamine; the file holds the digits exactly.
        assert!(part(&bytes, "xl/worksheets/sheet1.xml").contains("<v>9007199254740993</v>"));
        assert_eq!(rows[1][2], Data::Float(-3.0));
        assert_eq!(rows[2][0], Data::Empty);
        assert_eq!(rows[3][1], Data::String("  spasi  ".into()));
        let summary = wb.worksheet_range("Ringkasan").expect("sheet");
        assert_eq!(
            summary.get_value((0, 0)),
            Some(&Data::String("Laporan".into()))
        );
    }

    #[test]
    fn the_header_is_frozen_filtered_and_styled() {
        let bytes = book(|wb| {
            wb.start_sheet(
                "Toko's Data",
                &Layout {
                    widths: &[14.0],
                    header: true,
                },
            )?;
            wb.row(
                0,
                &[
                    Cell::Text("a", Style::Header),
                    Cell::Text("b", Style::HeaderLeft),
                ],
            )?;
            wb.row(
                1,
                &[Cell::Number(1, Style::Money), Cell::Number(2, Style::Count)],
            )?;
            wb.row(2, &[Cell::Number(3, Style::Money)])
        });
        let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("state=\"frozen\""), "{sheet}");
        assert!(sheet.contains("<autoFilter ref=\"A1:B3\"/>"), "{sheet}");
        assert!(
            sheet.contains("<c r=\"A2\" s=\"4\"><v>1</v></c>"),
            "{sheet}"
        );
        assert!(sheet.contains("width=\"14.7109375\""), "{sheet}");
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(
            workbook.contains("localSheetId=\"0\" hidden=\"1\">'Toko''s Data'!$A$1:$B$3<"),
            "{workbook}"
        );
        let styles = part(&bytes, "xl/styles.xml");
        assert_eq!(styles.matches("<xf ").count(), 1 + 7, "one style per Style");
        let types = part(&bytes, "[Content_Types].xml");
        assert!(types.contains("/xl/worksheets/sheet1.xml"));
    }

    #[test]
    fn a_sheet_without_rows_under_its_header_has_no_filter() {
        let bytes = book(|wb| {
            wb.start_sheet(
                "Kosong",
                &Layout {
                    widths: &[],
                    header: true,
                },
            )?;
            wb.row(0, &[Cell::Text("a", Style::Header)])
        });
        assert!(!part(&bytes, "xl/worksheets/sheet1.xml").contains("autoFilter"));
        assert!(!part(&bytes, "xl/workbook.xml").contains("definedName"));
    }

    #[test]
    fn rows_out_of_order_bad_names_and_an_empty_book_are_refused() {
        let mut wb = Workbook::new(Cursor::new(Vec::new()));
        for bad in [
            "",
            "a/b",
            "[x]",
            "'kutip",
            "nama yang jauh lebih panjang dari 31",
        ] {
            assert!(
                wb.start_sheet(
                    bad,
                    &Layout {
                        widths: &[],
                        header: false
                    }
                )
                .is_err(),
                "{bad}"
            );
        }
        assert!(wb.row(0, &[]).is_err(), "no sheet open");
        wb.start_sheet(
            "A",
            &Layout {
                widths: &[],
                header: false,
            },
        )
        .expect("sheet");
        wb.row(2, &[Cell::Number(1, Style::Plain)]).expect("row 3");
        assert!(wb.row(2, &[]).is_err(), "the same row twice");
        assert!(wb.row(1, &[]).is_err(), "a row above");
        assert!(
            wb.start_sheet(
                "a",
                &Layout {
                    widths: &[],
                    header: false
                }
            )
            .is_err(),
            "twice"
        );
        assert!(Workbook::new(Cursor::new(Vec::new())).finish().is_err());
    }
}
