//! The cheap pre-scan that runs before the YAML parser: the parser (libyaml) needs time
//! quadratic in the nesting depth and about 160 bytes per node, so depth and size are judged
//! first, in one linear pass over the text.

use super::decode::{position_of, DecodeError};

/// The deepest nesting accepted. kubeadm's inputs are shallow: a Pod manifest nests about 8
/// levels, a kubeadm config about 6.
pub const MAX_DEPTH: usize = 100;

/// The most nodes a document may hold: counted in the text before parsing (lines plus flow
/// separators, an upper bound of the nodes), and again while decoding (aliases expanded). A
/// kubeadm manifest holds a few hundred; the parser needs about 160 bytes per node, so this
/// keeps any input's memory well under 100 MiB (a 10 MiB flat list would need gigabytes).
pub const MAX_NODES: usize = 200_000;

/// Refuse text nested deeper than [`MAX_DEPTH`], in one linear pass, before the parser sees it.
///
/// Counts, generously, the open flow collections (`[`, `{` outside comments and quoted
/// scalars; a closing bracket never takes the count below zero) plus the block levels (the
/// stack of indentation columns, with each compact `- ` or `? ` indicator opening one more).
/// A real document is never counted shallower than it is; a string holding many unmatched
/// brackets may be counted deeper.
pub fn check_depth(text: &str) -> Result<(), DecodeError> {
    let bytes = text.as_bytes();
    let mut flow: usize = 0;
    let mut block: Vec<usize> = Vec::new();
    let mut i = 0;
    let mut line_start = true;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' && q == b'"' {
                i += 2;
                continue;
            }
            if c == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                quote = None;
            }
            i += 1;
            continue;
        }
        if line_start {
            line_start = false;
            let indent = bytes[i..].iter().take_while(|&&b| b == b' ').count();
            let rest = &bytes[i + indent..];
            let blank_or_comment = matches!(rest.first(), None | Some(b'\n' | b'\r' | b'#'));
            if !blank_or_comment && flow == 0 {
                while block.last().is_some_and(|&top| top > indent) {
                    block.pop();
                }
                if block.last() != Some(&indent) {
                    block.push(indent);
                }
                // Compact nested collections on one line: `- - - x`, `- ? x`.
                // `i` is where the line starts, so column `c` is the byte at `i + c`.
                let mut column = indent;
                while matches!(bytes.get(i + column), Some(b'-' | b'?'))
                    && matches!(bytes.get(i + column + 1), Some(b' ' | b'\t'))
                {
                    column += 2;
                    while bytes.get(i + column) == Some(&b' ') {
                        column += 1;
                    }
                    block.push(column);
                    if block.len() + flow > MAX_DEPTH {
                        return Err(too_deep(text, i + column));
                    }
                }
                if block.len() + flow > MAX_DEPTH {
                    return Err(too_deep(text, i + indent));
                }
            }
            i += indent;
            continue;
        }
        // A quote opens a quoted scalar where a scalar can start: first on its line, right
        // after a flow indicator, or after `: `, `- `, `? ` (not inside a plain scalar).
        let prev = i.checked_sub(1).map(|j| bytes[j]);
        let before_prev = i.checked_sub(2).map(|j| bytes[j]);
        let after_indicator = match prev {
            None | Some(b'\n' | b'[' | b'{' | b',') => true,
            Some(b' ' | b'\t') => {
                matches!(
                    before_prev,
                    None | Some(b':' | b'-' | b'?' | b'\n' | b'[' | b'{' | b',')
                ) || line_content_starts_at(bytes, i)
            }
            _ => false,
        };
        match c {
            b'\n' => line_start = true,
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'\n') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' if after_indicator => quote = Some(c),
            b'[' | b'{' => {
                flow += 1;
                if block.len() + flow > MAX_DEPTH {
                    return Err(too_deep(text, i));
                }
            }
            b']' | b'}' => flow = flow.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    let nodes = bytes.iter().filter(|&&b| b == b'\n' || b == b',').count();
    if nodes > MAX_NODES {
        return Err(DecodeError::TooManyNodes);
    }
    // Then brackets counted everywhere, quotes and comments included, against a ten times
    // higher cap: should the quote detection below take a plain scalar for a quoted one, deep
    // nesting after it is still refused (and a parser is quick on 1000 levels).
    let mut anywhere: usize = 0;
    for (i, &c) in bytes.iter().enumerate() {
        match c {
            b'[' | b'{' => {
                anywhere += 1;
                if anywhere > MAX_DEPTH * 10 {
                    return Err(too_deep(text, i));
                }
            }
            b']' | b'}' => anywhere = anywhere.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// Whether only spaces precede byte `i` on its line.
fn line_content_starts_at(bytes: &[u8], i: usize) -> bool {
    bytes[..i]
        .iter()
        .rev()
        .take_while(|&&b| b != b'\n')
        .all(|&b| b == b' ')
}

fn too_deep(text: &str, offset: usize) -> DecodeError {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    DecodeError::TooDeep {
        position: position_of(text, offset),
    }
}
