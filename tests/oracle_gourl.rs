//! `GoUrl` (render's port of Go's `url.Parse` + `Hostname()` / `Port()`) against Go's own
//! `net/url` tests.
//!
//! Source: github.com/golang/go `src/net/url/url_test.go` @
//! 011829989365218ba4532e86ab0b6702971daab3: the `urltests` table (the `scheme://` entries: the
//! expected Host split as `URL.Hostname()` / `URL.Port()` do), `TestParseErrors` and
//! `TestURLHostnameAndPort`. `GoUrl` reads only `scheme://[userinfo@]host[:port]`: an input
//! without `scheme://` (opaque, relative) gives empty parts, which its callers read as "no URL".
//!
//! Known differences (kept out of the vectors, listed in [`DIFFERENCES`]): `GoUrl` does not
//! percent-decode the host (Go: `hello.%e4%b8%96%e7%95%8c.com` → `hello.世界.com`, zone ids
//! `%25en0` → `%en0`), does not reject characters Go refuses in a host (`a b.com`, `%41`,
//! `[%10::1]`), and splits a bracketed host at the first `]` where Go takes the last.
//! Control-plane URL flags never contain these; they are reported for the port to fix.

use staticpod::render::etcd::GoUrl;

/// (input, scheme, hostname, port) from `urltests`.
#[rustfmt::skip]
const PARSE: &[(&str, &str, &str, &str)] = &[
    ("http://www.google.com", "http", "www.google.com", ""),
    ("http://www.google.com/", "http", "www.google.com", ""),
    ("http://www.google.com/file%20one%26two", "http", "www.google.com", ""),
    ("http://www.google.com/#file%20one%26two", "http", "www.google.com", ""),
    ("ftp://webmaster@www.google.com/", "ftp", "www.google.com", ""),
    ("ftp://john%20doe@www.google.com/", "ftp", "www.google.com", ""),
    ("http://www.google.com/?", "http", "www.google.com", ""),
    ("http://www.google.com/?foo=bar?", "http", "www.google.com", ""),
    ("http://www.google.com/?q=go+language", "http", "www.google.com", ""),
    ("http://www.google.com/?q=go%20language", "http", "www.google.com", ""),
    ("http://www.google.com/a%20b?q=c+d", "http", "www.google.com", ""),
    ("http://user:password@google.com", "http", "google.com", ""),
    ("http://j@ne:password@google.com", "http", "google.com", ""),
    ("http://jane:p@ssword@google.com", "http", "google.com", ""),
    ("http://j@ne:password@google.com/p@th?q=@go", "http", "google.com", ""),
    ("http://www.google.com/?q=go+language#foo", "http", "www.google.com", ""),
    ("http://www.google.com/?q=go+language#foo&bar", "http", "www.google.com", ""),
    ("http://www.google.com/?q=go+language#foo%26bar", "http", "www.google.com", ""),
    ("file:///home/adg/rabbits", "file", "", ""),
    ("file:///C:/FooBar/Baz.txt", "file", "", ""),
    ("http://%3Fam:pa%3Fsword@google.com", "http", "google.com", ""),
    ("http://192.168.0.1/", "http", "192.168.0.1", ""),
    ("http://192.168.0.1:8080/", "http", "192.168.0.1", "8080"),
    ("http://[fe80::1]/", "http", "fe80::1", ""),
    ("http://[fe80::1]:8080/", "http", "fe80::1", "8080"),
    ("http://rest.rsc.io/foo%2fbar/baz%2Fquux?alt=media", "http", "rest.rsc.io", ""),
    ("mysql://a,b,c/bar", "mysql", "a,b,c", ""),
    ("scheme://!$&'()*+,;=hello!:1/path", "scheme", "!$&'()*+,;=hello!", "1"),
    ("http://host/!$&'()*+,;=:@[hello]", "http", "host", ""),
    ("http://example.com/oid/[order_id]", "http", "example.com", ""),
    ("http://192.168.0.2:8080/foo", "http", "192.168.0.2", "8080"),
    ("http://192.168.0.2:/foo", "http", "192.168.0.2", ""),
    ("http://2b01:e34:ef40:7730:8e70:5aff:fefe:edac:8080/foo", "http", "2b01:e34:ef40:7730:8e70:5aff:fefe:edac", "8080"),
    ("http://2b01:e34:ef40:7730:8e70:5aff:fefe:edac:/foo", "http", "2b01:e34:ef40:7730:8e70:5aff:fefe:edac", ""),
    ("http://[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:8080/foo", "http", "2b01:e34:ef40:7730:8e70:5aff:fefe:edac", "8080"),
    ("http://[2b01:e34:ef40:7730:8e70:5aff:fefe:edac]:/foo", "http", "2b01:e34:ef40:7730:8e70:5aff:fefe:edac", ""),
    ("http://hello.世界.com/foo", "http", "hello.世界.com", ""),
    ("http://example.com//foo", "http", "example.com", ""),
    ("myscheme://authority<\"hi\">/foo", "myscheme", "authority<\"hi\">", ""),
];

/// (Host field, hostname, port) from `TestURLHostnameAndPort`, parsed as `http://<Host>/`.
#[rustfmt::skip]
const HOST_AND_PORT: &[(&str, &str, &str)] = &[
    ("foo.com:80", "foo.com", "80"),
    ("foo.com", "foo.com", ""),
    ("foo.com:", "foo.com", ""),
    ("FOO.COM", "FOO.COM", ""),
    ("1.2.3.4", "1.2.3.4", ""),
    ("1.2.3.4:80", "1.2.3.4", "80"),
    ("[1:2:3:4]", "1:2:3:4", ""),
    ("[1:2:3:4]:80", "1:2:3:4", "80"),
    ("[::1]:80", "::1", "80"),
    ("[::1]", "::1", ""),
    ("[::1]:", "::1", ""),
    ("localhost", "localhost", ""),
    ("localhost:443", "localhost", "443"),
    ("some.super.long.domain.example.org:8080", "some.super.long.domain.example.org", "8080"),
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:17000", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "17000"),
    ("[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", ""),
    ("[google.com]:80", "google.com", "80"),
    ("google.com]:80", "google.com]", "80"),
];

/// (input, Go's url.Parse fails?) from `TestParseErrors`.
#[rustfmt::skip]
const ERRORS: &[(&str, bool)] = &[
    ("http://[::1]", false),
    ("http://[::1]:80", false),
    ("http://[::1]:namedport", true),
    ("http://x:namedport", true),
    ("http://[::1]/", false),
    ("http://[::1]a", true),
    ("http://[::1]%23", true),
    ("http://[::1%25en0]", false),
    ("http://[::1]:", false),
    ("http://x:", false),
    ("http://[::1]:%38%30", true),
    ("http://[::1%25%41]", false),
    ("http://[::1]/%48", false),
    ("mysql://x@y(z:123)/foo", true),
    ("mysql://x@y(1.2.3.4:123)/foo", true),
    (" http://foo.com", true),
    ("ht tp://foo.com", true),
    ("ahttp://foo.com", false),
    ("1http://foo.com", true),
    ("http://[]%20%48%54%54%50%2f%31%2e%31%0a%4d%79%48%65%61%64%65%72%3a%20%31%32%33%0a%0a/", true),
    ("cache_object://foo", true),
    // `TestURLHostnameAndPort`'s hosts url.Parse refuses (invalid port).
    ("http://google.com:80_invalid_port/", true),
    ("http://google.com]extra:extra/", true),
];

/// Vectors of the same tables GoUrl gets wrong (see the module docs): input, what Go says.
#[rustfmt::skip]
pub const DIFFERENCES: &[(&str, &str)] = &[
    ("http://[fe80::1%25en0]/", "hostname fe80::1%en0 (zone id percent-decoded)"),
    ("http://hello.%e4%b8%96%e7%95%8c.com/foo", "hostname hello.世界.com (percent-decoded)"),
    ("tcp://[2020::2020:20:2020:2020%25Windows%20Loves%20Spaces]:2020", "hostname with the zone decoded"),
    ("http://[%10::1]", "error: no %xx escapes in an IP literal"),
    ("http://%41:8080/", "error: % encoding only for non-ASCII"),
    ("http://a b.com/", "error: a space in the host"),
    ("http://[::1]extra]:80/", "hostname ::1]extra, port 80 (the last ] closes the literal)"),
];

fn parse(text: &str) -> Option<(String, String, String)> {
    GoUrl::parse(text).map(|u| (u.scheme, u.hostname, u.port))
}

#[test]
fn urltests_scheme_hostname_port() {
    for (input, scheme, host, port) in PARSE {
        assert_eq!(
            parse(input),
            Some((scheme.to_string(), host.to_string(), port.to_string())),
            "{input}"
        );
    }
    // Case-insensitive scheme (urltests "MaIlTo:…", here with an authority).
    assert_eq!(parse("HtTp://h:1").map(|u| u.0), Some("http".to_string()));
}

#[test]
fn hostname_and_port_vectors() {
    for (host, hostname, port) in HOST_AND_PORT {
        let input = format!("http://{host}/");
        assert_eq!(
            parse(&input),
            Some(("http".to_string(), hostname.to_string(), port.to_string())),
            "{input}"
        );
    }
}

#[test]
fn parse_error_vectors() {
    for (input, go_fails) in ERRORS {
        let got = parse(input);
        // GoUrl's "no URL": None (url.Parse's error) or empty parts (no valid `scheme://`).
        let no_url = got.as_ref().is_none_or(|u| u.0.is_empty());
        assert_eq!(no_url, *go_fails, "{input}: {got:?}");
    }
}

#[test]
fn differences_are_still_differences() {
    // When GoUrl learns these, move them into the vectors above.
    for (input, go) in DIFFERENCES {
        let got = parse(input);
        let agrees = match *input {
            "http://[fe80::1%25en0]/" => got.as_ref().is_some_and(|u| u.1 == "fe80::1%en0"),
            "http://hello.%e4%b8%96%e7%95%8c.com/foo" => {
                got.as_ref().is_some_and(|u| u.1 == "hello.世界.com")
            }
            "tcp://[2020::2020:20:2020:2020%25Windows%20Loves%20Spaces]:2020" => got
                .as_ref()
                .is_some_and(|u| u.1 == "2020::2020:20:2020:2020%Windows Loves Spaces"),
            "http://[::1]extra]:80/" => got.as_ref().is_some_and(|u| u.1 == "::1]extra"),
            _ => got.is_none(),
        };
        assert!(
            !agrees,
            "{input}: GoUrl now agrees with Go ({go}); move it into the vectors"
        );
    }
}
