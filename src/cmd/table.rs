//! Text tables: left-aligned columns that grow with their longest value, so a long component
//! version or backup folder name never shifts the columns after it.

/// `rows` as lines of left-aligned columns separated by one space: column `i` is as wide as
/// its widest cell, and at least `min_widths[i]` (the layout scripts already read); the last
/// column is not padded.
pub fn columns(min_widths: &[usize], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = min_widths.to_vec();
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            let width = cell.chars().count();
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => widths.push(width),
            }
        }
    }
    let mut text = String::new();
    for row in rows {
        let last = row.len().saturating_sub(1);
        for (i, cell) in row.iter().enumerate() {
            if i == last {
                text += cell;
            } else {
                let width = widths.get(i).copied().unwrap_or(0);
                text += &format!("{cell:<width$} ");
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn short_values_keep_the_minimum_widths() {
        let text = columns(
            &[6, 4],
            &[row(&["NAME", "V", "X"]), row(&["a", "1.2", "ok"])],
        );
        assert_eq!(text, "NAME   V    X\na      1.2  ok\n");
    }

    #[test]
    fn a_long_value_widens_its_column_for_every_row() {
        let text = columns(
            &[4, 2],
            &[
                row(&["NAME", "V", "X"]),
                row(&["a", "unknown (no image)", "ok"]),
            ],
        );
        assert_eq!(
            text,
            "NAME V                  X\na    unknown (no image) ok\n"
        );
        let starts: Vec<usize> = text.lines().map(|l| l.rfind(' ').unwrap_or(0)).collect();
        assert_eq!(starts[0], starts[1]);
    }
}
