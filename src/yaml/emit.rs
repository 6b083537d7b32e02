//! The go-yaml v2.4.0 emitter (`emitterc.go`): the event state machine (indentation,
//! `whitespace` and `indention` flags, simple and complex keys, empty flow collections),
//! `yaml_emitter_select_scalar_style` and the plain / single-quoted / double-quoted / literal
//! writers, including line folding at `best_width` 80.

use serde_json::{Map, Value};

use super::analysis::{analyze_scalar, is_break, is_printable, Analysis};
use super::sort::sorted_entries;
use super::style::{scalar_event, string_style, Style};

/// go-yaml's `best_indent`.
const BEST_INDENT: usize = 2;
/// The indentation indicator of block scalars: `best_indent` as a digit.
const BEST_INDENT_HINT: &str = "2";
/// go-yaml's `best_width`: scalars may be folded at a space past this column.
const BEST_WIDTH: usize = 80;
/// Longest key (in bytes) that `yaml_emitter_check_simple_key` accepts.
const MAX_SIMPLE_KEY_LEN: usize = 128;

/// Serialize like sigs.k8s.io/yaml.JSONToYAML (go-yaml v2.4): every mapping sorted with go-yaml's key order,
/// block style, 2-space indent, sequences not indented under their parent key, go-yaml v2 scalar styles, trailing newline.
pub fn to_yaml(value: &Value) -> String {
    let mut emitter = Emitter::new();
    // STREAM-START and an implicit DOCUMENT-START write nothing.
    emitter.emit_node(value, false, false);
    // DOCUMENT-END (implicit): only the final line break. STREAM-END writes
    // nothing because the encoder clears `open_ended` before it.
    emitter.write_indent();
    emitter.out
}

struct Emitter {
    out: String,
    /// Current column, in characters.
    column: usize,
    /// Current indentation; `None` is go-yaml's -1.
    indent: Option<usize>,
    indents: Vec<Option<usize>>,
    /// The last character written was whitespace (or nothing yet).
    whitespace: bool,
    /// Only indentation has been written on the current line.
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
}

impl Emitter {
    fn new() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: None,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
        }
    }

    // --- low-level writers ---------------------------------------------------

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.put(c);
            self.column = 0;
        }
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        self.indent = match self.indent {
            None if flow => Some(BEST_INDENT),
            None => Some(0),
            Some(i) if indentless => Some(i),
            Some(i) => Some(i + BEST_INDENT),
        };
    }

    fn pop_indent(&mut self) {
        if let Some(previous) = self.indents.pop() {
            self.indent = previous;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.unwrap_or(0);
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(
        &mut self,
        indicator: &str,
        need_whitespace: bool,
        is_whitespace: bool,
        is_indention: bool,
    ) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    // --- nodes -------------------------------------------------------------

    /// `yaml_emitter_emit_node`. Of its context flags only the mapping and
    /// simple-key ones influence the output of the nodes handled here.
    fn emit_node(&mut self, value: &Value, mapping: bool, simple_key: bool) {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match value {
            Value::Array(items) if items.is_empty() => self.emit_empty_flow("[", "]"),
            Value::Array(items) => self.emit_block_sequence(items),
            Value::Object(map) if map.is_empty() => self.emit_empty_flow("{", "}"),
            Value::Object(map) => self.emit_block_mapping(map),
            _ => {
                let (text, style) = scalar_event(value);
                let chars: Vec<char> = text.chars().collect();
                let analysis = analyze_scalar(&chars);
                self.emit_scalar(&chars, style, &analysis);
            }
        }
    }

    /// An empty sequence or mapping, which go-yaml writes in flow style.
    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        // The flow indent pushed and popped here is never used.
        self.write_indicator(close, false, false, false);
    }

    fn emit_block_sequence(&mut self, items: &[Value]) {
        let indentless = self.mapping_context && !self.indention;
        self.increase_indent(false, indentless);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.emit_node(item, false, false);
        }
        self.pop_indent();
    }

    fn emit_block_mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        for (key, value) in sorted_entries(map) {
            self.write_indent();
            let style = string_style(key);
            let chars: Vec<char> = key.chars().collect();
            let analysis = analyze_scalar(&chars);
            // yaml_emitter_check_simple_key
            if !analysis.multiline && key.len() <= MAX_SIMPLE_KEY_LEN {
                self.mapping_context = true;
                self.simple_key_context = true;
                self.emit_scalar(&chars, style, &analysis);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.mapping_context = true;
                self.simple_key_context = false;
                self.emit_scalar(&chars, style, &analysis);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.emit_node(value, true, false);
        }
        self.pop_indent();
    }

    fn emit_scalar(&mut self, value: &[char], requested: Style, analysis: &Analysis) {
        let style = self.select_scalar_style(requested, value.is_empty(), analysis);
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain_scalar(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted_scalar(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted_scalar(value, allow_breaks),
            Style::Literal => self.write_literal_scalar(value),
        }
        self.pop_indent();
    }

    /// `yaml_emitter_select_scalar_style` at flow level 0.
    fn select_scalar_style(&self, requested: Style, empty: bool, a: &Analysis) -> Style {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (empty && self.simple_key_context)) {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        style
    }

    // --- scalar writers ----------------------------------------------------

    fn write_plain_scalar(&mut self, value: &[char], allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && value.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted_scalar(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let n = value.len();
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && value.get(i + 1) != Some(&' ')
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted_scalar(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        // go-yaml's is_bom() looks at the start of the whole value, so a value
        // starting with U+FEFF has every character escaped.
        let starts_with_bom = value.first() == Some(&'\u{FEFF}');
        let mut spaces = false;
        let n = value.len();
        let mut i = 0;
        while let Some(&c) = value.get(i) {
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                match c {
                    '\0' => self.put('0'),
                    '\u{07}' => self.put('a'),
                    '\u{08}' => self.put('b'),
                    '\t' => self.put('t'),
                    '\n' => self.put('n'),
                    '\u{0B}' => self.put('v'),
                    '\u{0C}' => self.put('f'),
                    '\r' => self.put('r'),
                    '\u{1B}' => self.put('e'),
                    '"' => self.put('"'),
                    '\\' => self.put('\\'),
                    '\u{85}' => self.put('N'),
                    '\u{A0}' => self.put('_'),
                    '\u{2028}' => self.put('L'),
                    '\u{2029}' => self.put('P'),
                    _ => {
                        let cp = u32::from(c);
                        let (marker, width) = match cp {
                            0..=0xFF => ('x', 2),
                            0x100..=0xFFFF => ('u', 4),
                            _ => ('U', 8),
                        };
                        self.put(marker);
                        for k in (0..width).rev() {
                            let digit = (cp >> (4 * k)) & 0xF;
                            self.put(
                                char::from_digit(digit, 16).map_or('0', |d| d.to_ascii_uppercase()),
                            );
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if value.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
            i += 1;
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal_scalar(&mut self, value: &[char]) {
        self.write_indicator("|", true, false, false);
        // yaml_emitter_write_block_scalar_hints
        if value.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.write_indicator(BEST_INDENT_HINT, false, false, false);
        }
        let chomp = match value {
            [] => Some("-"),
            [.., last] if !is_break(*last) => Some("-"),
            [_] => Some("+"),
            [.., before, _] if is_break(*before) => Some("+"),
            _ => None,
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in value {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}
