# The Kubernetes checks of `srgap probe`, written for jq, so bench/k8s.sh can
# time both on the same `kubectl get pods -A -o json` file. Like srgap, the
# first pod of each controller stands for its replicas, every container
# (init and ephemeral too) gets one result per check, and namespaces with
# workloads get the default-deny and pod-security results (no NetworkPolicy
# or Namespace objects in a pod list). Output: one compact JSON object per
# result.

def sensitive_paths: ["/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/proc",
  "/root", "/run/containerd", "/run/crio", "/run/docker.sock", "/sbin", "/sys", "/usr",
  "/var/lib/containerd", "/var/lib/docker", "/var/lib/etcd", "/var/lib/kubelet",
  "/var/run/containerd", "/var/run/crio", "/var/run/cri-dockerd.sock", "/var/run/docker.sock"];

def sensitive: (rtrimstr("/") | if . == "" then "/" else . end) as $p
  | $p == "/" or any(sensitive_paths[]; . as $s
      | $p == $s or ($p | startswith($s + "/")) or ($s | startswith($p + "/")));

def result($probe; $subject; $ok):
  {probe: $probe, subject: $subject, result: (if $ok then "pass" else "fail" end)};

def owner: [(.metadata.ownerReferences // [])[] | select(.controller == true)][0];

def subject: .metadata.namespace as $ns | owner as $o
  | (.metadata.labels["pod-template-hash"] // "") as $hash
  | if $o == null then "pod \($ns)/\(.metadata.name)"
    elif $o.kind == "ReplicaSet" and $hash != "" and ($o.name | endswith("-" + $hash))
    then "deployment \($ns)/\($o.name | rtrimstr("-" + $hash))"
    else "\($o.kind | ascii_downcase) \($ns)/\($o.name)" end;

def container_results($pod; $subject):
  ($pod.spec.securityContext // {}) as $psc
  | ((($pod.spec.initContainers // []) + ($pod.spec.containers // []))[],
     (($pod.spec.ephemeralContainers // [])[] | .ephemeral = true))
  | (.securityContext // {}) as $sc
  | "\($subject) container \(.name)" as $s
  | ($sc.runAsUser // $psc.runAsUser) as $user
  | result("k8s.pod.privileged"; $s; $sc.privileged != true),
    result("k8s.pod.privilege-escalation"; $s; $sc.allowPrivilegeEscalation == false),
    result("k8s.pod.run-as-non-root"; $s; $user != 0
      and (($sc.runAsNonRoot // $psc.runAsNonRoot) == true or ($user // 0) > 0)),
    result("k8s.pod.read-only-root-filesystem"; $s; $sc.readOnlyRootFilesystem == true),
    result("k8s.pod.capabilities"; $s; (($sc.capabilities.drop // []) | index("ALL")) != null
      and ((($sc.capabilities.add // []) - ["NET_BIND_SERVICE"]) | length) == 0),
    (if .ephemeral then empty else result("k8s.pod.resource-limits"; $s;
      .resources.limits.cpu != null and .resources.limits.memory != null) end),
    result("k8s.pod.image-pinned"; $s; .image | contains("@sha256:")),
    result("k8s.pod.env-secrets"; $s; [(.env // [])[]
      | select(.value != null and (.name | test("PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY"; "i")))]
      | length == 0),
    result("k8s.pod.seccomp"; $s; ($sc.seccompProfile.type // $psc.seccompProfile.type // "")
      | IN("RuntimeDefault", "Localhost"));

def pod_results($subject):
  result("k8s.pod.host-namespaces"; $subject;
    (.spec.hostNetwork == true or .spec.hostPID == true or .spec.hostIPC == true) | not),
  result("k8s.pod.host-path"; $subject;
    [(.spec.volumes // [])[] | .hostPath.path // empty | select(sensitive)] | length == 0),
  result("k8s.pod.service-account-token"; $subject; .spec.automountServiceAccountToken == false
    or ([(.spec.containers // [])[] | (.volumeMounts // [])[]
         | select(.mountPath == "/var/run/secrets/kubernetes.io/serviceaccount")] | length == 0));

(foreach .items[] as $pod ({seen: {}};
    ($pod | owner) as $o
    | if $o == null then .emit = $pod
      else "\($pod.metadata.namespace)/\($o.kind)/\($o.name)" as $key
        | if .seen[$key] then .emit = null else .seen[$key] = true | .emit = $pod end
      end;
    .emit // empty)
  | subject as $s | pod_results($s), container_results(.; $s)),
([.items[].metadata.namespace] | unique[]
  | result("k8s.namespace.default-deny-ingress"; "namespace \(.)"; false),
    result("k8s.namespace.default-deny-egress"; "namespace \(.)"; false),
    {probe: "k8s.namespace.pod-security", subject: "namespace \(.)", result: "error"})
