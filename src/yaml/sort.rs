//! go-yaml v2's order of mapping keys (`sorter.go`, `keyList.Less`), for string keys, and a
//! stable merge sort that tolerates its non-transitive comparisons.

use serde_json::{Map, Value};
use std::cmp::Ordering;

/// go-yaml v2's map key ordering (sorter.go keyList.Less) for string keys.
pub fn go_yaml_key_cmp(a: &str, b: &str) -> Ordering {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    if key_less(&ar, &br) {
        Ordering::Less
    } else if key_less(&br, &ar) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

/// `keyList.Less` for two string keys, on runes.
pub(crate) fn key_less(ar: &[char], br: &[char]) -> bool {
    for (i, (&a, &b)) in ar.iter().zip(br.iter()).enumerate() {
        if a == b {
            continue;
        }
        let al = is_letter(a);
        let bl = is_letter(b);
        if al && bl {
            return a < b;
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if a == '0' || b == '0' {
            // A zero continuing a number that already has a non-zero digit is
            // compared as part of that number, not as a leading zero.
            for &c in ar.iter().take(i).rev() {
                if !is_digit(c) {
                    break;
                }
                if c != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while let Some(&c) = ar.get(ai).filter(|c| is_digit(**c)) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(u32::from(c)) - 48);
            ai += 1;
        }
        let mut bi = i;
        while let Some(&c) = br.get(bi).filter(|c| is_digit(**c)) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(u32::from(c)) - 48);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return a < b;
    }
    ar.len() < br.len()
}

/// Go's `unicode.IsLetter` (categories Lu, Ll, Lt, Lm, Lo). Exact for Latin-1;
/// beyond it, Rust's `Alphabetic` property minus numeric characters is used,
/// which differs only for the few marks and symbols that carry the
/// Other_Alphabetic property.
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        c.is_alphabetic() && !c.is_numeric()
    }
}

/// First code points of the runs of ten decimal digits (category Nd) outside
/// ASCII, Unicode 15.0 (Go 1.21+; Go 1.19's Unicode 13 table lacks 0x11F50,
/// 0x16AC0 and 0x1E4F0).
const ND_ZEROS: [u32; 67] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x11F50, 0x16A60, 0x16AC0,
    0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E4F0, 0x1E950,
    0x1FBF0,
];

/// Go's `unicode.IsDigit` (category Nd).
pub(crate) fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    let cp = u32::from(c);
    let idx = ND_ZEROS.partition_point(|&zero| zero <= cp);
    idx > 0 && ND_ZEROS.get(idx - 1).is_some_and(|&zero| cp - zero < 10)
}

/// A stable merge sort that cannot panic even if `less` is not a strict weak
/// order (go-yaml's `Less` is not transitive for every set of keys, and the
/// standard library sorts may panic on such comparators).
pub(crate) fn merge_sort_by<T, F: Fn(&T, &T) -> bool>(mut items: Vec<T>, less: &F) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort_by(items, less);
    let right = merge_sort_by(right, less);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    loop {
        match (left.peek(), right.peek()) {
            (Some(l), Some(r)) => {
                if less(r, l) {
                    out.extend(right.next());
                } else {
                    out.extend(left.next());
                }
            }
            (Some(_), None) => {
                out.extend(left);
                break;
            }
            (None, _) => {
                out.extend(right);
                break;
            }
        }
    }
    out
}

/// The entries of a mapping in go-yaml's key order.
pub(crate) fn sorted_entries(map: &Map<String, Value>) -> Vec<(&String, &Value)> {
    let keyed: Vec<(Vec<char>, &String, &Value)> = map
        .iter()
        .map(|(k, v)| (k.chars().collect(), k, v))
        .collect();
    merge_sort_by(keyed, &|a: &(Vec<char>, &String, &Value), b| {
        key_less(&a.0, &b.0)
    })
    .into_iter()
    .map(|(_, k, v)| (k, v))
    .collect()
}
