#!/usr/bin/env bash
# Builds the Switchyard image (deploy/image/Dockerfile) from the packaged jar, with podman or docker.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: deploy/image/build.sh [--tag NAME] [--offline]
Builds the image from switchyard-app/target/switchyard.jar (run `./mvnw package` first).
  --tag NAME   image name (default switchyard:dev)
  --offline    for machines without an image registry: build local stand-ins of the base images from this
               host's files (deploy/local/stand-in-images.sh), then build with --pull=never; needs podman
Uses podman when installed (CONTAINERS_CONF=deploy/local/containers.conf with --offline), else docker.
USAGE
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tag=switchyard:dev
offline=0
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --tag) tag="$2"; shift ;;
    --offline) offline=1 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

jar="$root/switchyard-app/target/switchyard.jar"
[ -f "$jar" ] || { echo "build.sh: $jar is missing: run ./mvnw package first" >&2; exit 1; }

args=(build -f "$root/deploy/image/Dockerfile" -t "$tag"
  --build-arg "VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -n 1)"
  --build-arg "REVISION=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
  --build-arg "CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  --build-arg "SOURCE=$(git -C "$root" remote get-url origin 2>/dev/null || true)")
if command -v podman >/dev/null 2>&1; then
  engine=podman
  args+=(--format docker)   # OCI image config has no HEALTHCHECK: podman would drop it
else
  engine=docker
fi
if [ "$offline" = 1 ]; then
  [ "$engine" = podman ] || { echo "build.sh: --offline needs podman" >&2; exit 1; }
  export CONTAINERS_CONF="${CONTAINERS_CONF:-$root/deploy/local/containers.conf}"
  "$root/deploy/local/stand-in-images.sh" --only debian --only temurin
  args+=(--pull=never)
fi
"$engine" "${args[@]}" "$root"
echo "build.sh: built $tag ($("$engine" image inspect --format '{{.Size}}' "$tag" | numfmt --to=iec))"
