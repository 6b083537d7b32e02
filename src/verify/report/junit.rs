//! JUnit XML of a verify run, the shape CI systems (Jenkins, GitLab, GitHub actions' test
//! reporters) read: `<testsuites>` → one `<testsuite>` per group of checks that ran → one
//! `<testcase>` per check id of the group, with one `<failure>` when the check has error
//! findings (each listed in its text); warning and info findings go to the testcase's
//! `<system-out>`. Counts: a suite's `tests` is its ids, `failures` its ids with an error.

use std::fmt::Write;

use crate::verify::{Finding, Report, Severity};

/// What the XML says besides the findings.
#[derive(Debug, Clone)]
pub struct Run<'a> {
    /// The run's findings.
    pub report: &'a Report,
    /// The groups that ran and their ids ([`super::catalogue::ran`]).
    pub groups: &'a [(&'static str, Vec<String>)],
    /// The run's clock, seconds since the Unix epoch (UTC in the XML).
    pub now: i64,
    /// The node's name (each testsuite's `hostname`).
    pub hostname: &'a str,
    /// The manifests directory, as given (each testsuite's `manifestsDir` property).
    pub manifests_dir: &'a str,
}

/// The XML document, ending in a line feed.
pub fn render(run: &Run<'_>) -> String {
    let timestamp = timestamp(run.now);
    let mut suites = String::new();
    let (mut all_tests, mut all_failures) = (0, 0);
    for (index, (group, ids)) in run.groups.iter().enumerate() {
        let mut cases = String::new();
        let mut failures = 0;
        for id in ids {
            let findings: Vec<&Finding> =
                run.report.findings.iter().filter(|f| &f.id == id).collect();
            let errors: Vec<&&Finding> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            let others: Vec<&&Finding> = findings
                .iter()
                .filter(|f| f.severity != Severity::Error)
                .collect();
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"staticpod.verify.{}\" time=\"0\"",
                escape(id),
                escape(group)
            );
            if errors.is_empty() && others.is_empty() {
                cases.push_str("/>\n");
                continue;
            }
            cases.push_str(">\n");
            if !errors.is_empty() {
                failures += 1;
                let text: Vec<String> = errors.iter().map(|f| line(f)).collect();
                let _ = writeln!(
                    cases,
                    "      <failure message=\"{} error finding(s)\" type=\"error\">{}</failure>",
                    errors.len(),
                    escape(&text.join("\n"))
                );
            }
            if !others.is_empty() {
                let text: Vec<String> = others.iter().map(|f| line(f)).collect();
                let _ = writeln!(
                    cases,
                    "      <system-out>{}</system-out>",
                    escape(&text.join("\n"))
                );
            }
            cases.push_str("    </testcase>\n");
        }
        all_tests += ids.len();
        all_failures += failures;
        let _ = write!(
            suites,
            "  <testsuite name=\"{name}\" package=\"staticpod.verify\" id=\"{index}\" hostname=\"{host}\" timestamp=\"{timestamp}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n    <properties>\n      <property name=\"manifestsDir\" value=\"{dir}\"/>\n    </properties>\n{cases}    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n",
            name = escape(group),
            host = escape(run.hostname),
            tests = ids.len(),
            dir = escape(run.manifests_dir),
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"staticpod verify\" tests=\"{all_tests}\" failures=\"{all_failures}\" errors=\"0\" skipped=\"0\" time=\"0\">\n{suites}</testsuites>\n"
    )
}

/// `error kube-apiserver: message [file]`.
fn line(f: &Finding) -> String {
    let severity = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    };
    let component = f.component.as_deref().unwrap_or("node");
    let file = f
        .file
        .as_deref()
        .map(|p| format!(" [{}]", p.display()))
        .unwrap_or_default();
    format!("{severity} {component}: {}{file}", f.message)
}

/// XML text or attribute value: markup characters escaped, characters XML 1.0 forbids
/// (control characters other than tab, line feed, carriage return) replaced by U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit's timestamp: ISO 8601 without a zone (`2027-01-15T00:00:00`), UTC.
fn timestamp(now: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(now) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => "1970-01-01T00:00:00".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(escape("bell\u{7}"), "bell\u{fffd}");
        assert_eq!(escape("tab\tline\n"), "tab\tline\n");
    }

    #[test]
    fn timestamp_is_utc_without_zone() {
        assert_eq!(timestamp(1_799_971_200), "2027-01-15T00:00:00");
    }
}
