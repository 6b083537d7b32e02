//! Command-line types (clap derive only; behaviour never reads these types directly).

// The doc comments here are clap's `--help` text (and the man page's), shown verbatim: a
// placeholder such as `<root>` must stay as it is, not be put in backticks for rustdoc.
#![allow(rustdoc::invalid_html_tags)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "staticpod",
    version,
    about = "Render, diff, apply and restore kubeadm control-plane static pod manifests, offline",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts; each one's help says which commands it affects (the
/// others accept and ignore it, so one command line can serve several subcommands).
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is
    /// resolved under it (render, diff, apply, verify; the default /proc of --wait and
    /// restart; and the defaults of the two directories below)
    #[arg(long, global = true, value_name = "DIR", default_value = "/")]
    pub root: PathBuf,
    /// Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify)
    /// [default: <root>/etc/kubernetes/manifests]
    #[arg(long, global = true, value_name = "DIR")]
    pub manifests_dir: Option<PathBuf>,
    /// Backup directory (apply, backups, restore, restart) [default:
    /// <root>/etc/kubernetes/tmp]
    #[arg(long, global = true, value_name = "DIR")]
    pub backup_dir: Option<PathBuf>,
    /// Output format (`prometheus` and `junit`: `verify` only; completions and man always
    /// print their own format)
    #[arg(short = 'o', long = "output", global = true, value_enum, default_value_t = OutputChoice::Text)]
    pub output: OutputChoice,
    /// Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless
    /// NO_COLOR is set), always, never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print no warnings
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say what was decided (release, node facts) on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// What `-o` accepts: every command's formats, and `verify`'s report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputChoice {
    Text,
    Json,
    /// Prometheus text exposition format (`verify`)
    Prometheus,
    /// JUnit XML (`verify`)
    Junit,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render the manifests kubeadm would write for a config
    Render(RenderArgs),
    /// Compare the rendered manifests with the ones on disk, and say which pods restart
    Diff(DiffArgs),
    /// Raw SHA-256 and semantic (kubelet) digest of manifest files
    Hash(HashArgs),
    /// Judge an upgrade of this node's control plane to a target version
    Plan(PlanArgs),
    /// Back up and atomically replace the manifests (rendered, or pre-rendered files)
    Apply(ApplyArgs),
    /// List, show and prune backup folders (staticpod's and kubeadm's)
    Backups(BackupsArgs),
    /// Put manifests back from a backup folder (staticpod's or kubeadm's)
    Restore(RestoreArgs),
    /// Check the manifest set: validity, stray files, version skew, consistency,
    /// referenced files and certificates, drift from a config, CIS
    Verify(VerifyArgs),
    /// Infer the kubeadm configuration (and patches) that reproduces the manifests on disk
    Import(ImportArgs),
    /// Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up,
    /// move it out, wait for the process to stop, put it back, wait for the new pod's health
    Restart(RestartArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `staticpod man | man -l -`
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub input: RenderInputArgs,
    /// Pre-rendered manifests instead of a config: a directory holding <component>.yaml
    /// files, or the files themselves
    #[arg(long, value_name = "DIR|FILE", num_args = 1.., conflicts_with = "config")]
    pub from: Vec<PathBuf>,
    /// Say what would be done; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Seconds to wait for another staticpod run's lock
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub lock_timeout: u64,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct BackupsArgs {
    #[command(subcommand)]
    pub command: BackupsCommand,
}

#[derive(Debug, Subcommand)]
pub enum BackupsCommand {
    /// Backup folders, newest first
    List,
    /// One folder: its files, their checksums, its record
    Show {
        /// Folder name in the backup directory, or a path
        id: String,
    },
    /// Remove all but the newest N folders (the newest is never removed)
    Prune {
        #[arg(long, value_name = "N")]
        keep: usize,
        /// Say what would be removed; remove nothing
        #[arg(long)]
        dry_run: bool,
        /// Seconds to wait for another staticpod run's lock
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        lock_timeout: u64,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Also report drift: components whose manifest differs from what kubeadm writes for
    /// this config (the render options below apply)
    #[command(flatten)]
    pub input: RenderInputArgs,
    /// Also judge the upgrade path to this Kubernetes version
    #[arg(long, value_name = "V")]
    pub target_version: Option<String>,
    /// `cis` adds the CIS Kubernetes Benchmark v1.12 checks
    #[arg(long, value_enum, default_value_t = VerifyProfile::Default)]
    pub profile: VerifyProfile,
    /// Skip a group of checks (repeatable); `files` when the node's files are not under --root
    #[arg(long, value_enum, value_name = "CHECK")]
    pub skip: Vec<SkipCheck>,
    /// Judge certificate expiry at this time instead of now (RFC 3339, e.g.
    /// 2027-01-15T00:00:00Z): what will have expired by the next maintenance window?
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Also write the Prometheus metrics to DIR/staticpod.prom, atomically (node_exporter's
    /// textfile collector directory)
    #[arg(long, value_name = "DIR")]
    pub textfile_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyProfile {
    Default,
    Cis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SkipCheck {
    Strays,
    Skew,
    Consistency,
    Files,
    Drift,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// Folder name in the backup directory, or a path
    #[arg(
        value_name = "ID|PATH",
        required_unless_present = "latest",
        conflicts_with = "latest"
    )]
    pub id: Option<String>,
    /// The newest backup folder
    #[arg(long)]
    pub latest: bool,
    /// Only these components (repeatable)
    #[arg(long = "component", value_name = "C")]
    pub components: Vec<String>,
    /// Say what would be done; change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Restore even when the folder's checksums do not verify
    #[arg(long)]
    pub force: bool,
    /// Seconds to wait for another staticpod run's lock
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub lock_timeout: u64,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub input: RenderInputArgs,
    /// Lines of context in the unified diff
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub context: usize,
}

#[derive(Debug, Args)]
pub struct HashArgs {
    /// Files to hash [default: every manifest in the manifests directory]
    #[arg(value_name = "FILE", conflicts_with = "check")]
    pub files: Vec<PathBuf>,
    /// Verify a list in `sha256sum` format instead
    #[arg(long, value_name = "SUMS")]
    pub check: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The Kubernetes version to upgrade to
    #[arg(long, value_name = "V")]
    pub target_version: String,
    /// Allow a target older than the running kube-apiserver
    #[arg(long)]
    pub allow_downgrade: bool,
}

#[derive(Debug, Args)]
pub struct RenderInputArgs {
    /// kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a
    /// `kubectl get cm kubeadm-config -o yaml` dump
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Kubernetes version of the control plane (overrides kubernetesVersion)
    #[arg(long, value_name = "V")]
    pub kubernetes_version: Option<String>,
    /// Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)
    #[arg(long, value_name = "V")]
    pub kubeadm_version: Option<String>,
    /// The node's advertise address (overrides localAPIEndpoint.advertiseAddress)
    #[arg(long, value_name = "IP")]
    pub advertise_address: Option<String>,
    /// The node name (overrides nodeRegistration.name)
    #[arg(long, value_name = "NAME")]
    pub node_name: Option<String>,
    /// kubeadm patches directory (overrides patches.directory)
    #[arg(long, value_name = "DIR")]
    pub patches: Option<PathBuf>,
    /// Do not copy *_proxy variables from the environment into the manifests
    #[arg(long)]
    pub no_proxy_env: bool,
    /// etcd members for a control-plane join, as kubeadm gets them from etcd:
    /// NAME=PEER_URL[,NAME=PEER_URL…] (including this node)
    #[arg(long, value_name = "MEMBERS")]
    pub etcd_initial_cluster: Option<String>,
    /// Only these components (repeatable): kube-apiserver, kube-controller-manager,
    /// kube-scheduler, etcd
    #[arg(long = "component", value_name = "C")]
    pub components: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub input: RenderInputArgs,
    /// Write DIR/<component>.yaml (mode 0600, atomically) instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportApi {
    V1beta3,
    V1beta4,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Emulate exactly this kubeadm release [default: the newest known patch of the
    /// Kubernetes minor the images show, as every command]
    #[arg(long, value_name = "V")]
    pub kubeadm_version: Option<String>,
    /// Only these components (repeatable): kube-apiserver, kube-controller-manager,
    /// kube-scheduler, etcd [default: every manifest present]
    #[arg(long = "component", value_name = "C")]
    pub components: Vec<String>,
    /// Config API version [default: v1beta4 where the release accepts it, else v1beta3]
    #[arg(long, value_enum)]
    pub api: Option<ImportApi>,
    /// Write the configuration to FILE (atomically, mode 0600) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write kubeadm patch files for what the configuration cannot say into DIR
    #[arg(long, value_name = "DIR")]
    pub patches_out: Option<PathBuf>,
    /// Wrap the ClusterConfiguration as the kube-system/kubeadm-config ConfigMap
    #[arg(long)]
    pub configmap: bool,
    /// Also write the values kubeadm would default anyway
    #[arg(long)]
    pub full: bool,
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// Swap one component at a time in kubeadm's order (etcd, kube-apiserver,
    /// kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and
    /// healthy; when one is not, put back every file this run swapped (exit 3)
    #[arg(long)]
    pub wait: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
}

/// How `--wait` watches the node.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Bound of each component's wait (Go duration: 90s, 2m30s, 5m)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = crate::node::parse_go_duration)]
    pub timeout: std::time::Duration,
    /// The process table to watch [default: <root>/proc]
    #[arg(long = "proc", value_name = "DIR")]
    pub proc_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RestartArgs {
    /// Components to restart: kube-apiserver, kube-controller-manager, kube-scheduler, etcd
    #[arg(value_name = "COMPONENT", required = true, num_args = 1..)]
    pub components: Vec<String>,
    /// Wait for the new process and its health (the default)
    #[arg(long, overrides_with = "no_wait")]
    pub wait: bool,
    /// Only wait for the old process to stop, put the manifest back and return
    #[arg(long, overrides_with = "wait")]
    pub no_wait: bool,
    #[command(flatten)]
    pub watch: WatchArgs,
    /// Seconds to wait for another staticpod run's lock
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub lock_timeout: u64,
}
