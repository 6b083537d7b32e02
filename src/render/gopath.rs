//! Go's `filepath.Join` / `path.Clean` for the slash-separated paths kubeadm builds.

/// `path.Clean`: collapse `//`, `.` and `..`; no trailing slash; `""` → `"."`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// `filepath.Join(a, b)`: join the non-empty elements with `/` and clean the result.
pub fn join(base: &str, name: &str) -> String {
    match (base.is_empty(), name.is_empty()) {
        (true, true) => String::new(),
        (true, false) => clean(name),
        (false, true) => clean(base),
        (false, false) => clean(&format!("{base}/{name}")),
    }
}

/// `filepath.Dir`: everything before the last slash, cleaned (`"."` when there is none).
pub fn dir(path: &str) -> String {
    match path.rfind('/') {
        Some(index) => clean(&path[..=index]),
        None => ".".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_cleans_like_go() {
        assert_eq!(
            join("/etc/kubernetes/pki", "ca.crt"),
            "/etc/kubernetes/pki/ca.crt"
        );
        assert_eq!(
            join("/etc/kubernetes/pki/", "ca.crt"),
            "/etc/kubernetes/pki/ca.crt"
        );
        assert_eq!(join("/a//b/../c", "etcd/ca.crt"), "/a/c/etcd/ca.crt");
        assert_eq!(clean(""), ".");
        assert_eq!(clean("/.."), "/");
    }

    #[test]
    fn dir_like_go() {
        assert_eq!(dir("/etc/etcd/ca.crt"), "/etc/etcd");
        assert_eq!(dir("ca.crt"), ".");
        assert_eq!(dir(""), ".");
        assert_eq!(dir("/ca.crt"), "/");
    }
}
