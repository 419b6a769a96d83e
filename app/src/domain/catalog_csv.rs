//! The catalogue CSV a seller exports and imports: one row per variant, the columns
//! of [`COLUMNS`]. Rows with the same `product_id` are one existing product; rows
//! without one and with the same title are one new product. A product's rows list
//! all its variants: on import, variants left out are removed, and the product-level
//! columns must agree on every row of the product.
//!
//! Reading here is pure: text in, products as form drafts out, or every problem with
//! its line and column. The server adds what needs the database (categories, which
//! products are the store's) and writes all products in one transaction, or none.

use super::listing::{ListingStatus, VariantDraft};

/// The columns in export order. `description` is optional on import (left out:
/// existing descriptions are kept).
pub const COLUMNS: [&str; 13] = [
    "product_id",
    "title",
    "status",
    "category",
    "tags",
    "shipping",
    "handling_days",
    "sku",
    "size",
    "color",
    "price",
    "compare_at",
    "stock",
];

/// At most this many variant rows in one file.
pub const MAX_ROWS: usize = 5_000;
/// At most this many bytes in one file.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// A problem with one line of the file (line 1 is the header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, column: &str, message: impl Into<String>) -> Self {
        Self {
            line,
            column: column.to_owned(),
            message: message.into(),
        }
    }
}

/// One product as the file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProduct {
    /// The existing product these rows update; `None` creates one.
    pub product_id: Option<i64>,
    /// The lines of its rows, the first one first.
    pub lines: Vec<usize>,
    pub title: String,
    pub status: ListingStatus,
    /// The category's slug.
    pub category: String,
    /// Comma-separated, as the product form takes them.
    pub tags: String,
    pub shipping: String,
    pub handling_days: String,
    /// `None` when the file has no description column.
    pub description: Option<String>,
    /// The variants in file order, `id` unset (the server matches SKUs).
    pub variants: Vec<VariantDraft>,
}

/// The file's records: fields split on commas, with RFC 4180 quoting ("a ""b""",
/// commas and line breaks inside quotes). Each record comes with its first line.
pub fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start = 1;
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut touched = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                '\r' => {}
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => {
                quoted = true;
                touched = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                touched = true;
            }
            '\r' => {}
            '\n' => {
                if touched || !field.is_empty() {
                    record.push(std::mem::take(&mut field));
                    out.push((start, std::mem::take(&mut record)));
                }
                touched = false;
                line += 1;
                start = line;
            }
            c => {
                field.push(c);
                touched = true;
            }
        }
    }
    if quoted {
        return Err(LineError::new(
            start,
            "",
            "A quoted field is never closed: check the quotes on this line.",
        ));
    }
    if touched || !field.is_empty() {
        record.push(field);
        out.push((start, record));
    }
    Ok(out)
}

/// Undoes the export's protection of text that a spreadsheet would run as a formula
/// (`'=SUM(…)` back to `=SUM(…)`).
fn unprotect(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => value,
    }
}

/// Reads the file into products, or every problem found in it.
pub fn read(text: &str) -> Result<Vec<ImportProduct>, Vec<LineError>> {
    if text.len() > MAX_BYTES {
        return Err(vec![LineError::new(
            0,
            "",
            "The file is larger than 5 MB; split it into smaller files.",
        )]);
    }
    let records = records(text).map_err(|e| vec![e])?;
    let Some(((_, header), rows)) = records.split_first() else {
        return Err(vec![LineError::new(
            1,
            "",
            "The file is empty. Export your catalogue to see the columns it needs.",
        )]);
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut errors = Vec::new();
    for name in &header {
        if !COLUMNS.contains(&name.as_str()) && name != "description" {
            errors.push(LineError::new(
                1,
                name,
                format!(
                    "Unknown column “{name}”. The columns are: {}, and optionally description.",
                    COLUMNS.join(", ")
                ),
            ));
        }
    }
    for name in COLUMNS {
        if !header.iter().any(|h| h == name) {
            errors.push(LineError::new(
                1,
                name,
                format!("The column “{name}” is missing."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if rows.is_empty() {
        return Err(vec![LineError::new(
            2,
            "",
            "The file has a header but no rows.",
        )]);
    }
    if rows.len() > MAX_ROWS {
        return Err(vec![LineError::new(
            0,
            "",
            format!(
                "The file has {} rows; import at most {MAX_ROWS} at a time.",
                rows.len()
            ),
        )]);
    }
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut products: Vec<ImportProduct> = Vec::new();
    for (line, fields) in rows {
        let line = *line;
        if fields.len() != header.len() {
            errors.push(LineError::new(
                line,
                "",
                format!(
                    "This row has {} fields; the header has {}.",
                    fields.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |name: &str| {
            col(name)
                .map(|i| unprotect(fields[i].trim()).to_owned())
                .unwrap_or_default()
        };
        let product_id = match get("product_id").as_str() {
            "" => None,
            typed => match typed.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(LineError::new(
                        line,
                        "product_id",
                        "Leave product_id empty for a new product, or keep the number from the export.",
                    ));
                    continue;
                }
            },
        };
        let status = match ListingStatus::parse(&get("status").to_lowercase()) {
            Ok(s) => s,
            Err(e) => {
                errors.push(LineError::new(line, "status", e.0));
                continue;
            }
        };
        let title = get("title")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let row = ImportProduct {
            product_id,
            lines: vec![line],
            title: title.clone(),
            status,
            category: get("category").to_lowercase(),
            tags: get("tags").replace(';', ","),
            shipping: get("shipping"),
            handling_days: get("handling_days"),
            description: col("description").map(|i| fields[i].trim().replace("\r\n", "\n")),
            variants: vec![VariantDraft {
                id: None,
                size: get("size"),
                color: get("color"),
                sku: get("sku"),
                price: get("price"),
                compare_at: get("compare_at"),
                stock: get("stock"),
            }],
        };
        let same = |p: &ImportProduct| match (product_id, p.product_id) {
            (Some(a), Some(b)) => a == b,
            (None, None) => !title.is_empty() && p.title.eq_ignore_ascii_case(&title),
            _ => false,
        };
        match products.iter_mut().find(|p| same(p)) {
            Some(product) => {
                let first = product.lines[0];
                let differs = [
                    ("title", !product.title.eq_ignore_ascii_case(&row.title)),
                    ("status", product.status != row.status),
                    ("category", product.category != row.category),
                    ("tags", product.tags != row.tags),
                    ("shipping", product.shipping != row.shipping),
                    ("handling_days", product.handling_days != row.handling_days),
                    ("description", product.description != row.description),
                ];
                for (column, differs) in differs {
                    if differs {
                        errors.push(LineError::new(
                            line,
                            column,
                            format!("Differs from line {first} of the same product; a product's rows must agree on {column}."),
                        ));
                    }
                }
                product.lines.push(line);
                product.variants.extend(row.variants);
            }
            None => products.push(row),
        }
    }
    if errors.is_empty() {
        Ok(products)
    } else {
        Err(errors)
    }
}

/// The line and column a product form error points at: `variants.2.price` is the
/// price column of the product's third row; a product-level field is its first row.
pub fn locate(product: &ImportProduct, field: &str) -> (usize, String) {
    let first = product.lines.first().copied().unwrap_or(0);
    if let Some(rest) = field.strip_prefix("variants.") {
        let mut parts = rest.splitn(2, '.');
        let index = parts.next().and_then(|i| i.parse::<usize>().ok());
        let column = parts.next().unwrap_or("sku");
        if let Some(line) = index.and_then(|i| product.lines.get(i)) {
            return (*line, column.to_owned());
        }
        return (first, "sku".into());
    }
    let column = match field {
        "images" => "status",
        "variants" => "sku",
        other => other,
    };
    (first, column.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "product_id,title,status,category,tags,shipping,handling_days,sku,size,color,price,compare_at,stock\n";

    #[test]
    fn records_follow_rfc_4180_quoting() {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n1,,3";
        let r = records(text).unwrap();
        assert_eq!(r[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            r[1],
            (
                2,
                vec!["x, y".into(), "say \"hi\"".into(), "two\nlines".into()]
            )
        );
        assert_eq!(r[2], (5, vec!["1".into(), "".into(), "3".into()]));
        assert_eq!(records("a,\"b\n").unwrap_err().line, 1);
    }

    #[test]
    fn rows_group_into_products_by_id_or_title() {
        let text = format!(
            "{HEADER}7,Linen shirt,active,tops,summer;linen,4.50,2,LIN-S,S,White,29.00,,3\n\
             7,Linen shirt,active,tops,summer;linen,4.50,2,LIN-M,M,White,29.00,39.00,0\n\
             ,New mug,draft,kitchen,,0,1,MUG-1,,,'=12.00,,10\n\
             ,new  MUG,draft,kitchen,,0,1,MUG-2,,Blue,12.00,,4\n"
        );
        let products = read(&text).unwrap();
        assert_eq!(products.len(), 2);
        assert_eq!(products[0].product_id, Some(7));
        assert_eq!(products[0].lines, vec![2, 3]);
        assert_eq!(products[0].tags, "summer,linen");
        assert_eq!(products[0].variants[1].compare_at, "39.00");
        assert_eq!(products[1].product_id, None);
        assert_eq!(
            products[1].variants.len(),
            2,
            "titles match without case or spacing"
        );
        assert_eq!(
            products[1].variants[0].price, "=12.00",
            "the export's ' protection is undone"
        );
        assert_eq!(products[1].description, None);
    }

    #[test]
    fn every_problem_comes_back_with_its_line_and_column() {
        let text = format!(
            "{HEADER}7,Linen shirt,active,tops,,4.50,2,LIN-S,S,White,29.00,,3\n\
             7,Linen shirt,hidden,tops,,4.50,2,LIN-M,M,White,29.00,,3\n\
             x,Mug,draft,kitchen,,0,1,MUG-1,,,12.00,,10\n\
             ,Bowl,sold,kitchen,,0,1,B-1,,,12.00,,10\n\
             ,Cup,draft,kitchen\n"
        );
        let errors = read(&text).unwrap_err();
        let at: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column.as_str())).collect();
        assert_eq!(
            at,
            vec![(3, "status"), (4, "product_id"), (5, "status"), (6, "")]
        );
    }

    #[test]
    fn the_header_must_name_every_column() {
        let errors = read("title,price,colour\nMug,1.00,red\n").unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.column == "colour" && e.message.contains("Unknown"))
        );
        assert!(
            errors
                .iter()
                .any(|e| e.column == "sku" && e.message.contains("missing"))
        );
        assert_eq!(read("").unwrap_err()[0].line, 1);
        assert!(read(HEADER).unwrap_err()[0].message.contains("no rows"));
    }

    #[test]
    fn form_errors_point_at_the_row_and_column() {
        let text = format!(
            "{HEADER},Mug,draft,kitchen,,0,1,M-1,,,12.00,,1\n,Mug,draft,kitchen,,0,1,M-2,,Red,0,,1\n"
        );
        let product = &read(&text).unwrap()[0];
        assert_eq!(locate(product, "variants.1.price"), (3, "price".into()));
        assert_eq!(locate(product, "title"), (2, "title".into()));
        assert_eq!(locate(product, "images"), (2, "status".into()));
    }
}
