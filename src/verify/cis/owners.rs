//! User and group names as `stat -c %U:%G` prints them on the node: the first entry with the
//! id in `<root>/etc/passwd` / `<root>/etc/group`, `UNKNOWN` when there is none.

use std::collections::HashMap;
use std::path::Path;

use super::content::read_small;
use super::evaluate::under_root;
use crate::fsx::read::Limit;

pub(super) struct Owners {
    users: Table,
    groups: Table,
}

/// Names by id, or why the file could not be read.
struct Table {
    file: String,
    names: Result<HashMap<u32, String>, String>,
}

impl Table {
    fn read(root: &Path, node_path: &str) -> Table {
        let path = under_root(root, node_path);
        let names =
            read_small(&path, Limit::SYSTEM).map(|bytes| parse(&String::from_utf8_lossy(&bytes)));
        Table {
            file: path.display().to_string(),
            names,
        }
    }

    fn name(&self, id: u32) -> &str {
        match &self.names {
            Ok(names) => names.get(&id).map_or("UNKNOWN", String::as_str),
            Err(_) => "UNKNOWN",
        }
    }

    /// Why `name` is not a name of this table, if it is not.
    fn lacks(&self, name: &str, what: &str) -> Option<String> {
        match &self.names {
            Err(why) => Some(format!("`{}` cannot be read ({why})", self.file)),
            Ok(names) if !names.values().any(|n| n == name) => {
                Some(format!("there is no {what} `{name}` in `{}`", self.file))
            }
            Ok(_) => None,
        }
    }
}

/// `name:password:id:…` lines; the first name of an id wins (as getpwuid's file scan).
fn parse(text: &str) -> HashMap<u32, String> {
    let mut names = HashMap::new();
    for line in text.lines() {
        let mut fields = line.split(':');
        let (Some(name), Some(_), Some(id)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if let Ok(id) = id.trim().parse::<u32>() {
            names.entry(id).or_insert_with(|| name.to_string());
        }
    }
    names
}

impl Owners {
    pub(super) fn read(root: &Path) -> Owners {
        Owners {
            users: Table::read(root, "/etc/passwd"),
            groups: Table::read(root, "/etc/group"),
        }
    }

    /// What was found when `path` (owned by `uid:gid`) is not owned by `user:group`.
    pub(super) fn judge(
        &self,
        path: &str,
        uid: u32,
        gid: u32,
        user: &str,
        group: &str,
    ) -> Option<String> {
        let (u, g) = (self.users.name(uid), self.groups.name(gid));
        if u == user && g == group {
            return None;
        }
        let mut found =
            format!("`{path}` is owned by {u}:{g} (uid:gid {uid}:{gid}), want {user}:{group}");
        for why in [
            self.users.lacks(user, "user"),
            self.groups.lacks(group, "group"),
        ]
        .into_iter()
        .flatten()
        {
            found += &format!("; {why}");
        }
        Some(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_id_first_wins_and_unknown() {
        let names = parse("root:x:0:0:root:/root:/bin/sh\netcd:x:998:998::/:/sbin/nologin\ntoor:x:0:0::/:\nbad line\n");
        assert_eq!(names.get(&0).map(String::as_str), Some("root"));
        assert_eq!(names.get(&998).map(String::as_str), Some("etcd"));
        assert_eq!(names.len(), 2);
    }
}
