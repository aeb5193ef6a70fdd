#!/usr/bin/env bash
# Builds, once, the binaries of the real-server integration suite and prints their folder:
# kube-apiserver, kube-controller-manager and kubectl (for `kubectl kustomize` of deploy/)
# v1.20.2 from Debian's `kubernetes` source package
# (built offline with Go 1.15 from Debian bullseye), and etcd 3.4 from Debian's etcd-server.
# Everything is cached under $COXSWAIN_ENVTEST_CACHE (default ~/.cache/coxswain-envtest),
# keyed by version; a second run only prints the folder. The first build takes ~10 minutes
# on 2 cores. Progress goes to stderr; stdout is only the folder.
set -euo pipefail

CACHE="${COXSWAIN_ENVTEST_CACHE:-$HOME/.cache/coxswain-envtest}"
KEY="k8s-v1.20.2-go1.15-etcd3.4"
OUT="$CACHE/$KEY"
BIN="$OUT/bin"
SRC_VERSION="1.20.5+really1.20.2"

log() { echo "envtest: $*" >&2; }
fail() {
  echo "envtest: FAILED: $*" >&2
  exit 1
}
ready() { [ -x "$BIN/kube-apiserver" ] && [ -x "$BIN/kube-controller-manager" ] && [ -x "$BIN/kubectl" ] && [ -x "$BIN/etcd" ]; }

if ready; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$OUT"
exec 9>"$CACHE/.build.lock"
flock 9 # another run may be building the same binaries
if ready; then
  echo "$BIN"
  exit 0
fi

# Tools from Debian's packages that the build needs.
missing=()
for tool in rsync:rsync make:make openssl:openssl dpkg:dpkg flock:util-linux tar:tar; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get update -q >&2 && apt-get install -y -q "${missing[@]}" >&2 || fail "could not install ${missing[*]}"
fi

# A private apt configuration (the system's is left alone): bookworm sources for kubernetes,
# bullseye for Go 1.15, bookworm for etcd.
APT_DIR="$CACHE/apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/archives/partial"
cat >"$APT_DIR/sources.list" <<'EOF'
deb-src http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bullseye main
EOF
apt_private() {
  apt-get -q -o APT::Sandbox::User=root \
    -o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache::Archives="$APT_DIR/archives" \
    -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= "$@"
}

log "fetching sources (kubernetes $SRC_VERSION, golang-1.15, etcd-server)"
apt_private update >&2 || fail "apt-get update of the private sources failed"
mkdir -p "$OUT/downloads" && cd "$OUT/downloads"
[ -f "kubernetes_$SRC_VERSION.orig.tar.gz" ] || apt_private source --download-only "kubernetes=$SRC_VERSION-1.1+deb12u1" >&2 ||
  apt_private source --download-only kubernetes >&2 || fail "apt-get source kubernetes failed"
ls golang-1.15-go_*.deb golang-1.15-src_*.deb etcd-server_3.4*.deb >/dev/null 2>&1 ||
  apt_private download golang-1.15-go golang-1.15-src etcd-server >&2 || fail "apt-get download failed"

log "unpacking Go 1.15 and etcd"
rm -rf "$OUT/go" "$OUT/etcd" && mkdir -p "$OUT/go" "$OUT/etcd" "$BIN"
for deb in golang-1.15-go_*.deb golang-1.15-src_*.deb; do dpkg -x "$deb" "$OUT/go"; done
dpkg -x etcd-server_3.4*.deb "$OUT/etcd"
GOROOT="$OUT/go/usr/lib/go-1.15"
[ -x "$GOROOT/bin/go" ] || fail "no go binary in the golang-1.15 packages"

log "building kube-apiserver, kube-controller-manager and kubectl (about 10 minutes on 2 cores; log: $OUT/build.log)"
rm -rf "$OUT/src" && mkdir -p "$OUT/src"
tar -xzf "kubernetes_$SRC_VERSION.orig.tar.gz" -C "$OUT/src" --strip-components=1
cd "$OUT/src"
if ! env GOROOT="$GOROOT" PATH="$GOROOT/bin:$PATH" GOPROXY=off GOFLAGS=-mod=vendor CGO_ENABLED=0 \
  GOCACHE="$OUT/gocache" GOPATH="$OUT/gopath" KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean \
  make WHAT="cmd/kube-apiserver cmd/kube-controller-manager cmd/kubectl" >"$OUT/build.log" 2>&1; then
  tail -20 "$OUT/build.log" >&2
  fail "the kubernetes build failed (full log: $OUT/build.log)"
fi

cp _output/local/bin/linux/amd64/kube-apiserver _output/local/bin/linux/amd64/kube-controller-manager \
  _output/local/bin/linux/amd64/kubectl "$BIN/"
cp "$OUT/etcd/usr/bin/etcd" "$BIN/etcd"
# The sources and build caches are only needed to build; the binaries are what is kept.
rm -rf "$OUT/src" "$OUT/gocache" "$OUT/gopath" "$OUT/go"
ready || fail "the binaries are missing after the build"
log "built into $BIN"
echo "$BIN"
