
use builtin;
use str;

set edit:completion:arg-completer[staticpod] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'staticpod'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'staticpod'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand render 'Render the manifests kubeadm would write for a config'
            cand diff 'Compare the rendered manifests with the ones on disk, and say which pods restart'
            cand hash 'Raw SHA-256 and semantic (kubelet) digest of manifest files'
            cand plan 'Judge an upgrade of this node''s control plane to a target version'
            cand apply 'Back up and atomically replace the manifests (rendered, or pre-rendered files)'
            cand backups 'List, show and prune backup folders (staticpod''s and kubeadm''s)'
            cand restore 'Put manifests back from a backup folder (staticpod''s or kubeadm''s)'
            cand verify 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS'
            cand import 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk'
            cand restart 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod''s health'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print the man page (roff), e.g. `staticpod man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'staticpod;render'= {
            cand --config 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump'
            cand --kubernetes-version 'Kubernetes version of the control plane (overrides kubernetesVersion)'
            cand --kubeadm-version 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)'
            cand --advertise-address 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)'
            cand --node-name 'The node name (overrides nodeRegistration.name)'
            cand --patches 'kubeadm patches directory (overrides patches.directory)'
            cand --etcd-initial-cluster 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)'
            cand --component 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd'
            cand --out 'Write DIR/<component>.yaml (mode 0600, atomically) instead of printing'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --no-proxy-env 'Do not copy *_proxy variables from the environment into the manifests'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;diff'= {
            cand --config 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump'
            cand --kubernetes-version 'Kubernetes version of the control plane (overrides kubernetesVersion)'
            cand --kubeadm-version 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)'
            cand --advertise-address 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)'
            cand --node-name 'The node name (overrides nodeRegistration.name)'
            cand --patches 'kubeadm patches directory (overrides patches.directory)'
            cand --etcd-initial-cluster 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)'
            cand --component 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd'
            cand --context 'Lines of context in the unified diff'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --no-proxy-env 'Do not copy *_proxy variables from the environment into the manifests'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;hash'= {
            cand --check 'Verify a list in `sha256sum` format instead'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;plan'= {
            cand --target-version 'The Kubernetes version to upgrade to'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --allow-downgrade 'Allow a target older than the running kube-apiserver'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;apply'= {
            cand --config 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump'
            cand --kubernetes-version 'Kubernetes version of the control plane (overrides kubernetesVersion)'
            cand --kubeadm-version 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)'
            cand --advertise-address 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)'
            cand --node-name 'The node name (overrides nodeRegistration.name)'
            cand --patches 'kubeadm patches directory (overrides patches.directory)'
            cand --etcd-initial-cluster 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)'
            cand --component 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd'
            cand --from 'Pre-rendered manifests instead of a config: a directory holding <component>.yaml files, or the files themselves'
            cand --lock-timeout 'Seconds to wait for another staticpod run''s lock'
            cand --timeout 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)'
            cand --proc 'The process table to watch [default: <root>/proc]'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --no-proxy-env 'Do not copy *_proxy variables from the environment into the manifests'
            cand --dry-run 'Say what would be done; change nothing'
            cand --wait 'Swap one component at a time in kubeadm''s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;backups'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'Backup folders, newest first'
            cand show 'One folder: its files, their checksums, its record'
            cand prune 'Remove all but the newest N folders (the newest is never removed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'staticpod;backups;list'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;backups;show'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;backups;prune'= {
            cand --keep 'keep'
            cand --lock-timeout 'Seconds to wait for another staticpod run''s lock'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --dry-run 'Say what would be removed; remove nothing'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;backups;help'= {
            cand list 'Backup folders, newest first'
            cand show 'One folder: its files, their checksums, its record'
            cand prune 'Remove all but the newest N folders (the newest is never removed)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'staticpod;backups;help;list'= {
        }
        &'staticpod;backups;help;show'= {
        }
        &'staticpod;backups;help;prune'= {
        }
        &'staticpod;backups;help;help'= {
        }
        &'staticpod;restore'= {
            cand --component 'Only these components (repeatable)'
            cand --lock-timeout 'Seconds to wait for another staticpod run''s lock'
            cand --timeout 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)'
            cand --proc 'The process table to watch [default: <root>/proc]'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --latest 'The newest backup folder'
            cand --dry-run 'Say what would be done; change nothing'
            cand --force 'Restore even when the folder''s checksums do not verify'
            cand --wait 'Swap one component at a time in kubeadm''s order (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) and wait for each restarted pod to be up and healthy; when one is not, put back every file this run swapped (exit 3)'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;verify'= {
            cand --config 'kubeadm config file (Init/Cluster/JoinConfiguration, v1beta3 or v1beta4) or a `kubectl get cm kubeadm-config -o yaml` dump'
            cand --kubernetes-version 'Kubernetes version of the control plane (overrides kubernetesVersion)'
            cand --kubeadm-version 'Emulate exactly this kubeadm release (default: kubeadm V for Kubernetes V when known, else the newest known patch of its minor)'
            cand --advertise-address 'The node''s advertise address (overrides localAPIEndpoint.advertiseAddress)'
            cand --node-name 'The node name (overrides nodeRegistration.name)'
            cand --patches 'kubeadm patches directory (overrides patches.directory)'
            cand --etcd-initial-cluster 'etcd members for a control-plane join, as kubeadm gets them from etcd: NAME=PEER_URL[,NAME=PEER_URL…] (including this node)'
            cand --component 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd'
            cand --target-version 'Also judge the upgrade path to this Kubernetes version'
            cand --profile '`cis` adds the CIS Kubernetes Benchmark v1.12 checks'
            cand --skip 'Skip a group of checks (repeatable); `files` when the node''s files are not under --root'
            cand --now 'Judge certificate expiry at this time instead of now (RFC 3339, e.g. 2027-01-15T00:00:00Z): what will have expired by the next maintenance window?'
            cand --textfile-dir 'Also write the Prometheus metrics to DIR/staticpod.prom, atomically (node_exporter''s textfile collector directory)'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --no-proxy-env 'Do not copy *_proxy variables from the environment into the manifests'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;import'= {
            cand --kubeadm-version 'Emulate exactly this kubeadm release [default: the newest known patch of the Kubernetes minor the images show, as every command]'
            cand --component 'Only these components (repeatable): kube-apiserver, kube-controller-manager, kube-scheduler, etcd [default: every manifest present]'
            cand --api 'Config API version [default: v1beta4 where the release accepts it, else v1beta3]'
            cand --out 'Write the configuration to FILE (atomically, mode 0600) instead of stdout'
            cand --patches-out 'Write kubeadm patch files for what the configuration cannot say into DIR'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --configmap 'Wrap the ClusterConfiguration as the kube-system/kubeadm-config ConfigMap'
            cand --full 'Also write the values kubeadm would default anyway'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;restart'= {
            cand --timeout 'Bound of each component''s wait (Go duration: 90s, 2m30s, 5m)'
            cand --proc 'The process table to watch [default: <root>/proc]'
            cand --lock-timeout 'Seconds to wait for another staticpod run''s lock'
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand --wait 'Wait for the new process and its health (the default)'
            cand --no-wait 'Only wait for the old process to stop, put the manifest back and return'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;completions'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;man'= {
            cand --root 'Node root: every node path (CA directories kubeadm probes, pki, /etc/hostname) is resolved under it (render, diff, apply, verify; the default /proc of --wait and restart; and the defaults of the two directories below)'
            cand --manifests-dir 'Static pod manifests directory (diff, hash, plan, apply, restore, restart, verify) [default: <root>/etc/kubernetes/manifests]'
            cand --backup-dir 'Backup directory (apply, backups, restore, restart) [default: <root>/etc/kubernetes/tmp]'
            cand -o 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --output 'Output format (`prometheus` and `junit`: `verify` only; completions and man always print their own format)'
            cand --color 'Colour (diff, hash, verify): auto (on a terminal whose TERM is not `dumb`, unless NO_COLOR is set), always, never'
            cand -q 'Print no warnings'
            cand --quiet 'Print no warnings'
            cand -v 'Say what was decided (release, node facts) on stderr'
            cand --verbose 'Say what was decided (release, node facts) on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'staticpod;help'= {
            cand render 'Render the manifests kubeadm would write for a config'
            cand diff 'Compare the rendered manifests with the ones on disk, and say which pods restart'
            cand hash 'Raw SHA-256 and semantic (kubelet) digest of manifest files'
            cand plan 'Judge an upgrade of this node''s control plane to a target version'
            cand apply 'Back up and atomically replace the manifests (rendered, or pre-rendered files)'
            cand backups 'List, show and prune backup folders (staticpod''s and kubeadm''s)'
            cand restore 'Put manifests back from a backup folder (staticpod''s or kubeadm''s)'
            cand verify 'Check the manifest set: validity, stray files, version skew, consistency, referenced files and certificates, drift from a config, CIS'
            cand import 'Infer the kubeadm configuration (and patches) that reproduces the manifests on disk'
            cand restart 'Restart control-plane pods (e.g. after `kubeadm certs renew`): back the manifest up, move it out, wait for the process to stop, put it back, wait for the new pod''s health'
            cand completions 'Print a shell completion script (bash, zsh, fish, elvish, powershell)'
            cand man 'Print the man page (roff), e.g. `staticpod man | man -l -`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'staticpod;help;render'= {
        }
        &'staticpod;help;diff'= {
        }
        &'staticpod;help;hash'= {
        }
        &'staticpod;help;plan'= {
        }
        &'staticpod;help;apply'= {
        }
        &'staticpod;help;backups'= {
            cand list 'Backup folders, newest first'
            cand show 'One folder: its files, their checksums, its record'
            cand prune 'Remove all but the newest N folders (the newest is never removed)'
        }
        &'staticpod;help;backups;list'= {
        }
        &'staticpod;help;backups;show'= {
        }
        &'staticpod;help;backups;prune'= {
        }
        &'staticpod;help;restore'= {
        }
        &'staticpod;help;verify'= {
        }
        &'staticpod;help;import'= {
        }
        &'staticpod;help;restart'= {
        }
        &'staticpod;help;completions'= {
        }
        &'staticpod;help;man'= {
        }
        &'staticpod;help;help'= {
        }
    ]
    $completions[$command]
}
