//! Facts about the Go types of the v1 Pod API that decide how zero values behave. `k8s-openapi`
//! models every optional field as `Option`, so it cannot tell a Go value field (whose zero value
//! is omitted by `omitempty` and equals "absent" in the kubelet's hash) from a pointer field
//! (whose zero value is kept and differs from "absent"). These lists cover the Pod tree.

/// Plain `bool` fields with `omitempty`: `false` equals absent.
pub const VALUE_BOOLS: &[&str] = &[
    "readOnly",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "stdin",
    "stdinOnce",
    "tty",
];

/// Plain `int32` fields with `omitempty` (probe numbers, hostPort): `0` equals absent.
pub const VALUE_INTS: &[&str] = &[
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
    "hostPort",
];

/// `map[string]string` / ResourceList fields with `omitempty`: Go's encoder drops an empty one.
pub const STRING_MAPS: &[&str] = &[
    "labels",
    "annotations",
    "nodeSelector",
    "requests",
    "limits",
    "overhead",
];

/// Slices without `omitempty` (every other slice in the Pod tree has it).
pub const KEPT_SLICES: &[&str] = &["containers"];

/// String fields that are pointers (`""` differs from absent); every other string field is a
/// value. `type` is a pointer only under `hostPath`.
pub const POINTER_STRINGS: &[&str] = &[
    "localhostProfile",
    "runtimeClassName",
    "procMount",
    "preemptionPolicy",
    "mountPropagation",
    "recursiveReadOnly",
    "service",
    "type",
];
