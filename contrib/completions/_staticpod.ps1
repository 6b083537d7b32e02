
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'staticpod' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'staticpod'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'staticpod' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the manifests kubeadm would write for a config')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare the rendered manifests with the ones on disk, and say which pods restart')
            [CompletionResult]::new('hash', 'hash', [CompletionResultType]::ParameterValue, 'Raw SHA-256 and semantic (kubelet) digest of manifest files')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Judge an upgrade of this node''s control plane to a target version')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Back up and atomically replace the manifests (rendered, or pre-rendered files)')
            [CompletionResult]::new('backups', 'backups', [CompletionResultType]::ParameterValue, 'List, show and prune backup folders (staticpod''s and kubeadm''s)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put manifests back from a backup folder (staticpod''s or kubeadm''s)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod''s health')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), e.g. `staticpod man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'staticpod;render' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump')
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Kubernetes version of the control plane (overrides kubernetesVersion)')
            [CompletionResult]::new('--kubeadm-version', '--kubeadm-version', [CompletionResultType]::ParameterName, 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)')
            [CompletionResult]::new('--advertise-address', '--advertise-address', [CompletionResultType]::ParameterName, 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)')
            [CompletionResult]::new('--node-name', '--node-name', [CompletionResultType]::ParameterName, 'The node name (overrides nodeRegistration.name)')
            [CompletionResult]::new('--patches', '--patches', [CompletionResultType]::ParameterName, 'kubeadm patches directory (overrides patches.directory)')
            [CompletionResult]::new('--etcd-initial-cluster', '--etcd-initial-cluster', [CompletionResultType]::ParameterName, 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write DIR/<component>.yaml (mode 0600, atomically) instead of printing')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-proxy-env', '--no-proxy-env', [CompletionResultType]::ParameterName, 'Do not copy *_proxy variables from the environment into the manifests')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;diff' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump')
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Kubernetes version of the control plane (overrides kubernetesVersion)')
            [CompletionResult]::new('--kubeadm-version', '--kubeadm-version', [CompletionResultType]::ParameterName, 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)')
            [CompletionResult]::new('--advertise-address', '--advertise-address', [CompletionResultType]::ParameterName, 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)')
            [CompletionResult]::new('--node-name', '--node-name', [CompletionResultType]::ParameterName, 'The node name (overrides nodeRegistration.name)')
            [CompletionResult]::new('--patches', '--patches', [CompletionResultType]::ParameterName, 'kubeadm patches directory (overrides patches.directory)')
            [CompletionResult]::new('--etcd-initial-cluster', '--etcd-initial-cluster', [CompletionResultType]::ParameterName, 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Lines of context in the unified diff')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-proxy-env', '--no-proxy-env', [CompletionResultType]::ParameterName, 'Do not copy *_proxy variables from the environment into the manifests')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;hash' {
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Verify a list in `sha256sum` format instead')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;plan' {
            [CompletionResult]::new('--target-version', '--target-version', [CompletionResultType]::ParameterName, 'The Kubernetes version to upgrade to')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--allow-downgrade', '--allow-downgrade', [CompletionResultType]::ParameterName, 'Allow a target older than the running kube-apiserver')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;apply' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump')
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Kubernetes version of the control plane (overrides kubernetesVersion)')
            [CompletionResult]::new('--kubeadm-version', '--kubeadm-version', [CompletionResultType]::ParameterName, 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)')
            [CompletionResult]::new('--advertise-address', '--advertise-address', [CompletionResultType]::ParameterName, 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)')
            [CompletionResult]::new('--node-name', '--node-name', [CompletionResultType]::ParameterName, 'The node name (overrides nodeRegistration.name)')
            [CompletionResult]::new('--patches', '--patches', [CompletionResultType]::ParameterName, 'kubeadm patches directory (overrides patches.directory)')
            [CompletionResult]::new('--etcd-initial-cluster', '--etcd-initial-cluster', [CompletionResultType]::ParameterName, 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Pre-rendered manifests instead of a config: a directory holding <component>.yaml files, or the files themselves')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for another staticpod run''s lock')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)')
            [CompletionResult]::new('--proc', '--proc', [CompletionResultType]::ParameterName, 'The process table to watch [default: <root>/proc]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-proxy-env', '--no-proxy-env', [CompletionResultType]::ParameterName, 'Do not copy *_proxy variables from the environment into the manifests')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be done; change nothing')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Swap one component at a time in kubeadm''s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;backups' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Backup folders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One folder: its files, their checksums, its record')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove all but the newest N folders (the newest is never removed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'staticpod;backups;list' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;backups;show' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;backups;prune' {
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'keep')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for another staticpod run''s lock')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be removed; remove nothing')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;backups;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Backup folders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One folder: its files, their checksums, its record')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove all but the newest N folders (the newest is never removed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'staticpod;backups;help;list' {
            break
        }
        'staticpod;backups;help;show' {
            break
        }
        'staticpod;backups;help;prune' {
            break
        }
        'staticpod;backups;help;help' {
            break
        }
        'staticpod;restore' {
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable)')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for another staticpod run''s lock')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)')
            [CompletionResult]::new('--proc', '--proc', [CompletionResultType]::ParameterName, 'The process table to watch [default: <root>/proc]')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--latest', '--latest', [CompletionResultType]::ParameterName, 'The newest backup folder')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Say what would be done; change nothing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restore even when the folder''s checksums do not verify')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Swap one component at a time in kubeadm''s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;verify' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump')
            [CompletionResult]::new('--kubernetes-version', '--kubernetes-version', [CompletionResultType]::ParameterName, 'Kubernetes version of the control plane (overrides kubernetesVersion)')
            [CompletionResult]::new('--kubeadm-version', '--kubeadm-version', [CompletionResultType]::ParameterName, 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)')
            [CompletionResult]::new('--advertise-address', '--advertise-address', [CompletionResultType]::ParameterName, 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)')
            [CompletionResult]::new('--node-name', '--node-name', [CompletionResultType]::ParameterName, 'The node name (overrides nodeRegistration.name)')
            [CompletionResult]::new('--patches', '--patches', [CompletionResultType]::ParameterName, 'kubeadm patches directory (overrides patches.directory)')
            [CompletionResult]::new('--etcd-initial-cluster', '--etcd-initial-cluster', [CompletionResultType]::ParameterName, 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd')
            [CompletionResult]::new('--target-version', '--target-version', [CompletionResultType]::ParameterName, 'Also judge the upgrade path to this Kubernetes version')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, '`cis` adds the CIS Kubernetes Benchmark v1.12 checks')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Skip a group of checks (repeatable); `files` when the node''s files are not under --root')
            [CompletionResult]::new('--now', '--now', [CompletionResultType]::ParameterName, 'Judge certificate expiry at this time instead of now (RFC 3339, e.g. 2027-01-15T00:00:00Z): what will have expired by the next maintenance window?')
            [CompletionResult]::new('--textfile-dir', '--textfile-dir', [CompletionResultType]::ParameterName, 'Also write the Prometheus metrics to DIR/staticpod.prom, atomically (node_exporter''s textfile collector directory)')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-proxy-env', '--no-proxy-env', [CompletionResultType]::ParameterName, 'Do not copy *_proxy variables from the environment into the manifests')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;import' {
            [CompletionResult]::new('--kubeadm-version', '--kubeadm-version', [CompletionResultType]::ParameterName, 'Emulate exactly this kubeadm release [default: the newest known patch of the Kubernetes minor the images show, as every command]')
            [CompletionResult]::new('--component', '--component', [CompletionResultType]::ParameterName, 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd [default: every manifest present]')
            [CompletionResult]::new('--api', '--api', [CompletionResultType]::ParameterName, 'Config API version [default: v1beta4 where the release accepts it, else v1beta3]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the configuration to FILE (atomically, mode 0600) instead of stdout')
            [CompletionResult]::new('--patches-out', '--patches-out', [CompletionResultType]::ParameterName, 'Write kubeadm patch files for what the configuration cannot say into DIR')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--configmap', '--configmap', [CompletionResultType]::ParameterName, 'Wrap the ClusterConfiguration as the kube-system/kubeadm-config ConfigMap')
            [CompletionResult]::new('--full', '--full', [CompletionResultType]::ParameterName, 'Also write the values kubeadm would default anyway')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;restart' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)')
            [CompletionResult]::new('--proc', '--proc', [CompletionResultType]::ParameterName, 'The process table to watch [default: <root>/proc]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for another staticpod run''s lock')
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait for the new process and its health (the default)')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Only wait for the old process to stop, put the manifest back and return')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;completions' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;man' {
            [CompletionResult]::new('--root', '--root', [CompletionResultType]::ParameterName, 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)')
            [CompletionResult]::new('--manifests-dir', '--manifests-dir', [CompletionResultType]::ParameterName, 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]')
            [CompletionResult]::new('--backup-dir', '--backup-dir', [CompletionResultType]::ParameterName, 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print no warnings')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say what was decided (release, node facts) on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'staticpod;help' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Render the manifests kubeadm would write for a config')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare the rendered manifests with the ones on disk, and say which pods restart')
            [CompletionResult]::new('hash', 'hash', [CompletionResultType]::ParameterValue, 'Raw SHA-256 and semantic (kubelet) digest of manifest files')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Judge an upgrade of this node''s control plane to a target version')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Back up and atomically replace the manifests (rendered, or pre-rendered files)')
            [CompletionResult]::new('backups', 'backups', [CompletionResultType]::ParameterValue, 'List, show and prune backup folders (staticpod''s and kubeadm''s)')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Put manifests back from a backup folder (staticpod''s or kubeadm''s)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod''s health')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, elvish, powershell)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), e.g. `staticpod man | man -l -`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'staticpod;help;render' {
            break
        }
        'staticpod;help;diff' {
            break
        }
        'staticpod;help;hash' {
            break
        }
        'staticpod;help;plan' {
            break
        }
        'staticpod;help;apply' {
            break
        }
        'staticpod;help;backups' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Backup folders, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One folder: its files, their checksums, its record')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Remove all but the newest N folders (the newest is never removed)')
            break
        }
        'staticpod;help;backups;list' {
            break
        }
        'staticpod;help;backups;show' {
            break
        }
        'staticpod;help;backups;prune' {
            break
        }
        'staticpod;help;restore' {
            break
        }
        'staticpod;help;verify' {
            break
        }
        'staticpod;help;import' {
            break
        }
        'staticpod;help;restart' {
            break
        }
        'staticpod;help;completions' {
            break
        }
        'staticpod;help;man' {
            break
        }
        'staticpod;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
