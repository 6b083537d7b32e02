# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_staticpod_global_optspecs
    string join \n root= manifests-dir= backup-dir= o/output= color= q/quiet v/verbose h/help V/version
end

function __fish_staticpod_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_staticpod_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_staticpod_using_subcommand
    set -l cmd (__fish_staticpod_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c staticpod -n "__fish_staticpod_needs_command" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_needs_command" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_needs_command" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_needs_command" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_needs_command" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_needs_command" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_needs_command" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_needs_command" -s V -l version -d 'Print version'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "render" -d 'Render the manifests kubeadm would write for a config'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "diff" -d 'Compare the rendered manifests with the ones on disk, and say which pods restart'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "hash" -d 'Raw SHA-256 and semantic (kubelet) digest of manifest files'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "plan" -d 'Judge an upgrade of this node\'s control plane to a target version'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "apply" -d 'Back up and atomically replace the manifests (rendered, or pre-rendered files)'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "backups" -d 'List, show and prune backup folders (staticpod\'s and kubeadm\'s)'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "restore" -d 'Put manifests back from a backup folder (staticpod\'s or kubeadm\'s)'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "verify" -d 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "import" -d 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "restart" -d 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod\'s health'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "man" -d 'Print the man page (roff), e.g. `staticpod man | man -l -`'
complete -c staticpod -n "__fish_staticpod_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l config -d 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l kubernetes-version -d 'Kubernetes version of the control plane (overrides kubernetesVersion)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l kubeadm-version -d 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l advertise-address -d 'The node\'s advertise address (overrides localAPIEndpoint.advertiseAddress)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l node-name -d 'The node name (overrides nodeRegistration.name)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l patches -d 'kubeadm patches directory (overrides patches.directory)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l etcd-initial-cluster -d 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l component -d 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l out -d 'Write DIR/<component>.yaml (mode 0600, atomically) instead of printing' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -l no-proxy-env -d 'Do not copy *_proxy variables from the environment into the manifests'
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l config -d 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l kubernetes-version -d 'Kubernetes version of the control plane (overrides kubernetesVersion)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l kubeadm-version -d 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l advertise-address -d 'The node\'s advertise address (overrides localAPIEndpoint.advertiseAddress)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l node-name -d 'The node name (overrides nodeRegistration.name)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l patches -d 'kubeadm patches directory (overrides patches.directory)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l etcd-initial-cluster -d 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l component -d 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l context -d 'Lines of context in the unified diff' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -l no-proxy-env -d 'Do not copy *_proxy variables from the environment into the manifests'
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -l check -d 'Verify a list in `sha256sum` format instead' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand hash" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l target-version -d 'The Kubernetes version to upgrade to' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -l allow-downgrade -d 'Allow a target older than the running kube-apiserver'
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand plan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l config -d 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l kubernetes-version -d 'Kubernetes version of the control plane (overrides kubernetesVersion)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l kubeadm-version -d 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l advertise-address -d 'The node\'s advertise address (overrides localAPIEndpoint.advertiseAddress)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l node-name -d 'The node name (overrides nodeRegistration.name)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l patches -d 'kubeadm patches directory (overrides patches.directory)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l etcd-initial-cluster -d 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l component -d 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l from -d 'Pre-rendered manifests instead of a config: a directory holding <component>.yaml files, or the files themselves' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l lock-timeout -d 'Seconds to wait for another staticpod run\'s lock' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l timeout -d 'Bound of each component\'s wait (Go duration: 90s, 2m30s, 5m)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l proc -d 'The process table to watch [default: <root>/proc]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l no-proxy-env -d 'Do not copy *_proxy variables from the environment into the manifests'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l dry-run -d 'Say what would be done; change nothing'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -l wait -d 'Swap one component at a time in kubeadm\'s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -f -a "list" -d 'Backup folders, newest first'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -f -a "show" -d 'One folder: its files, their checksums, its record'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -f -a "prune" -d 'Remove all but the newest N folders (the newest is never removed)'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and not __fish_seen_subcommand_from list show prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l keep -r
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l lock-timeout -d 'Seconds to wait for another staticpod run\'s lock' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -l dry-run -d 'Say what would be removed; remove nothing'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from help" -f -a "list" -d 'Backup folders, newest first'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from help" -f -a "show" -d 'One folder: its files, their checksums, its record'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove all but the newest N folders (the newest is never removed)'
complete -c staticpod -n "__fish_staticpod_using_subcommand backups; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l component -d 'Only these components (repeatable)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l lock-timeout -d 'Seconds to wait for another staticpod run\'s lock' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l timeout -d 'Bound of each component\'s wait (Go duration: 90s, 2m30s, 5m)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l proc -d 'The process table to watch [default: <root>/proc]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l latest -d 'The newest backup folder'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l dry-run -d 'Say what would be done; change nothing'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l force -d 'Restore even when the folder\'s checksums do not verify'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -l wait -d 'Swap one component at a time in kubeadm\'s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l config -d 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l kubernetes-version -d 'Kubernetes version of the control plane (overrides kubernetesVersion)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l kubeadm-version -d 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l advertise-address -d 'The node\'s advertise address (overrides localAPIEndpoint.advertiseAddress)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l node-name -d 'The node name (overrides nodeRegistration.name)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l patches -d 'kubeadm patches directory (overrides patches.directory)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l etcd-initial-cluster -d 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l component -d 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l target-version -d 'Also judge the upgrade path to this Kubernetes version' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l profile -d '`cis` adds the CIS Kubernetes Benchmark v1.12 checks' -r -f -a "default\t''
cis\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l skip -d 'Skip a group of checks (repeatable); `files` when the node\'s files are not under --root' -r -f -a "strays\t''
skew\t''
consistency\t''
files\t''
drift\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l now -d 'Judge certificate expiry at this time instead of now (RFC 3339, e.g. 2027-01-15T00:00:00Z): what will have expired by the next maintenance window?' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l textfile-dir -d 'Also write the Prometheus metrics to DIR/staticpod.prom, atomically (node_exporter\'s textfile collector directory)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -l no-proxy-env -d 'Do not copy *_proxy variables from the environment into the manifests'
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l kubeadm-version -d 'Emulate exactly this kubeadm release [default: the newest known patch of the Kubernetes minor the images show, as every command]' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l component -d 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd [default: every manifest present]' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l api -d 'Config API version [default: v1beta4 where the release accepts it, else v1beta3]' -r -f -a "v1beta3\t''
v1beta4\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l out -d 'Write the configuration to FILE (atomically, mode 0600) instead of stdout' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l patches-out -d 'Write kubeadm patch files for what the configuration cannot say into DIR' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l configmap -d 'Wrap the ClusterConfiguration as the kube-system/kubeadm-config ConfigMap'
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -l full -d 'Also write the values kubeadm would default anyway'
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l timeout -d 'Bound of each component\'s wait (Go duration: 90s, 2m30s, 5m)' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l proc -d 'The process table to watch [default: <root>/proc]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l lock-timeout -d 'Seconds to wait for another staticpod run\'s lock' -r
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l wait -d 'Wait for the new process and its health (the default)'
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -l no-wait -d 'Only wait for the old process to stop, put the manifest back and return'
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -l root -d 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -l manifests-dir -d 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -l backup-dir -d 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]' -r -F
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -s o -l output -d 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)' -r -f -a "text\t''
json\t''
prometheus\t'Prometheus text exposition format (`verify`)'
junit\t'JUnit XML (`verify`)'"
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -l color -d 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -s q -l quiet -d 'Print no warnings'
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -s v -l verbose -d 'Say what was decided (release, node facts) on stderr'
complete -c staticpod -n "__fish_staticpod_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "render" -d 'Render the manifests kubeadm would write for a config'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "diff" -d 'Compare the rendered manifests with the ones on disk, and say which pods restart'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "hash" -d 'Raw SHA-256 and semantic (kubelet) digest of manifest files'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "plan" -d 'Judge an upgrade of this node\'s control plane to a target version'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "apply" -d 'Back up and atomically replace the manifests (rendered, or pre-rendered files)'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "backups" -d 'List, show and prune backup folders (staticpod\'s and kubeadm\'s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "restore" -d 'Put manifests back from a backup folder (staticpod\'s or kubeadm\'s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "verify" -d 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "import" -d 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "restart" -d 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod\'s health'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "man" -d 'Print the man page (roff), e.g. `staticpod man | man -l -`'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and not __fish_seen_subcommand_from render diff hash plan apply backups restore verify import restart completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and __fish_seen_subcommand_from backups" -f -a "list" -d 'Backup folders, newest first'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and __fish_seen_subcommand_from backups" -f -a "show" -d 'One folder: its files, their checksums, its record'
complete -c staticpod -n "__fish_staticpod_using_subcommand help; and __fish_seen_subcommand_from backups" -f -a "prune" -d 'Remove all but the newest N folders (the newest is never removed)'
