//! One record of Go's `encoding/csv` with the default `csv.Reader` (comma `,`, no lazy
//! quotes, no leading-space trimming): how pflag's `StringSlice` splits a value
//! (`readAsCSV` in spf13/pflag `string_slice.go`).

/// The fields of the first record of `text`, or why Go's reader refuses it (the component
/// then refuses the flag: `invalid argument`).
pub fn read_record(text: &str) -> Result<Vec<String>, &'static str> {
    // The reader skips empty lines before the first record; a value that is only line ends
    // has no record (io.EOF).
    let text = text.trim_start_matches(['\r', '\n']);
    if text.is_empty() {
        return Err("no CSV record (only line ends)");
    }
    let mut fields = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        let mut field = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') => match chars.peek() {
                        Some('"') => {
                            field.push('"');
                            chars.next();
                        }
                        Some(',') => {
                            chars.next();
                            fields.push(field);
                            break;
                        }
                        None | Some('\n') | Some('\r') => {
                            fields.push(field);
                            return Ok(fields);
                        }
                        Some(_) => return Err("extraneous or missing \" in quoted-field"),
                    },
                    Some('\r') if chars.peek() == Some(&'\n') => {}
                    Some(c) => field.push(c),
                    None => return Err("extraneous or missing \" in quoted-field"),
                }
            }
        } else {
            loop {
                match chars.next() {
                    Some(',') => {
                        fields.push(field);
                        break;
                    }
                    Some('\r') if chars.peek() == Some(&'\n') => {}
                    None | Some('\n') => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some('"') => return Err("bare \" in non-quoted-field"),
                    Some(c) => field.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_record;

    #[test]
    fn fields_quotes_and_errors() {
        assert_eq!(read_record("a,b,,c").unwrap(), ["a", "b", "", "c"]);
        assert_eq!(read_record("a, b").unwrap(), ["a", " b"]);
        assert_eq!(read_record("a,").unwrap(), ["a", ""]);
        assert_eq!(read_record(r#""one,two""#).unwrap(), ["one,two"]);
        assert_eq!(read_record(r#""a""b",c"#).unwrap(), [r#"a"b"#, "c"]);
        assert_eq!(read_record("a\nb").unwrap(), ["a"]);
        assert!(read_record(r#"a"b"#).is_err());
        assert!(read_record(r#""ab"c"#).is_err());
        assert!(read_record(r#""open"#).is_err());
        assert!(read_record("\n").is_err());
    }
}
