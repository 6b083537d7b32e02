//! apply / backups / restore tests (being written).
