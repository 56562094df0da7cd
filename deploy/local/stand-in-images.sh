#!/usr/bin/env bash
# Builds, from this machine's own files, local stand-ins for the public images that deploy/image/Dockerfile
# and deploy/compose/compose.yaml name, and tags them with those names, so that `podman build --pull=never`
# and podman-compose work on a machine that reaches no image registry (CI, this repository's tests).
# A machine with registry access needs none of this: it pulls the real images.
#
# What each stand-in is (all from Debian bookworm's files on this host, like the real images' bookworm bases):
#   debian:bookworm-slim      bash, coreutils and the C libraries they and a JDK need: what the Dockerfile's
#                             final stage uses (a shell for the HEALTHCHECK, the loader and glibc for Java)
#   eclipse-temurin:25-jdk    the above plus this host's JDK 25 under /opt/java/openjdk (jlink in the build stage)
#   redis:7.0-bookworm        Debian's redis-server 7.0 and redis-cli, run as uid 999 in /data
#   postgres:15-bookworm      Debian's PostgreSQL 15 with a small entrypoint that honours POSTGRES_USER,
#                             POSTGRES_PASSWORD and POSTGRES_DB on first start, as the real image does
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/local/stand-in-images.sh [--force] [--only NAME]...
Builds local stand-ins for the public base images (debian:bookworm-slim, eclipse-temurin:25-jdk,
redis:7.0-bookworm, postgres:15-bookworm) from this host's files. Skips an image that already exists
unless --force. Needs podman (uses CONTAINERS_CONF=deploy/local/containers.conf unless set).
  --only NAME   build only this one (debian, temurin, redis, postgres); repeatable
EOF
}

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$here/containers.conf}"
force=0
only=()
while [ $# -gt 0 ]; do
  case "$1" in
    --help|-h) usage; exit 0 ;;
    --force) force=1 ;;
    --only) only+=("$2"); shift ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

wanted() { [ "${#only[@]}" -eq 0 ] || [[ " ${only[*]} " == *" $1 "* ]]; }
exists() { [ "$force" = 0 ] && podman image exists "$1"; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A bookworm-like root: merged /usr, /tmp, the name databases and the given programs with every library
# they load (ldd's list, copied by their real paths).
new_root() {
  local root="$1"
  mkdir -p "$root"/usr/{bin,sbin,lib/x86_64-linux-gnu,lib64} "$root"/{etc,tmp,var/tmp,root,home}
  ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp" "$root/var/tmp"
  printf 'root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n' \
    > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
  cp /etc/os-release "$root/etc/os-release"
}

add_files() {  # add_files ROOT FILE... : copies each file (by its real path) and every library it loads
  local root="$1"; shift
  copy_real "$root" "$@"
  add_libs "$root" "$@"
}

add_libs() {  # add_libs ROOT FILE... : the system libraries the (host) files load, not those of a JDK
  local root="$1"; shift
  # ldd lists the whole closure (libraries of libraries too), so one call over all files is enough.
  # shellcheck disable=SC2046
  copy_real "$root" $( (ldd "$@" 2>/dev/null || true) | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*[^:]$/ { print $1 }' \
    | grep -v '^/usr/lib/jvm/' | sort -u)
}

copy_real() {  # copy_real ROOT FILE... : each file at its real path, plus a link at its given path
  local root="$1"; shift
  local f real
  for f in "$@"; do
    real="$(readlink -f "$f")"
    if [ ! -e "$root$real" ]; then
      mkdir -p "$root$(dirname "$real")"
      cp -L "$real" "$root$real"
    fi
    if [ "$real" != "$f" ] && [ ! -e "$root$f" ]; then
      mkdir -p "$root$(dirname "$f")"
      ln -s "$real" "$root$f"
    fi
  done
}

import() {  # import ROOT NAME [--change ...]: the root as a one-layer image
  local root="$1" name="$2"; shift 2
  tar -C "$root" --numeric-owner -c . | podman import "$@" - "$name" >/dev/null
  echo "stand-in: built $name ($(podman image inspect --format '{{.Size}}' "$name" | numfmt --to=iec))"
}

base_files() {
  local root="$1"
  new_root "$root"
  add_files "$root" /bin/bash /bin/sh /bin/dash /usr/bin/{cat,ls,mkdir,rm,cp,mv,ln,chmod,chown,id,env,sleep,head,tail} \
    /usr/bin/{grep,sed,tr,wc,touch,true,false,uname,date,dirname,basename,readlink,test,mktemp} \
    /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2
  # The whole C library and zlib, as debian:bookworm-slim has them (a JVM loads libdl, librt, libz... itself).
  # shellcheck disable=SC2046
  copy_real "$root" $(dpkg -L libc6 zlib1g | grep -E '^(/usr)?/lib(64)?/.*\.so' | while read -r f; do [ -f "$f" ] && echo "$f"; done)
  ln -sf dash "$root/usr/bin/sh"
}

if wanted debian && ! exists debian:bookworm-slim; then
  base_files "$work/debian"
  import "$work/debian" docker.io/library/debian:bookworm-slim --change 'CMD ["bash"]'
fi

if wanted temurin && ! exists eclipse-temurin:25-jdk; then
  # shellcheck disable=SC1091
  . "$here/../../.mvn/find-jdk.sh" >/dev/null
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release")"
  if [ "$major" != 25 ]; then   # a stand-in must be what its name says
    echo "stand-in: eclipse-temurin:25-jdk needs a JDK 25 here; $JAVA_HOME is $major" >&2
    exit 1
  fi
  base_files "$work/temurin"
  mkdir -p "$work/temurin/opt/java"
  cp -rL "$JAVA_HOME" "$work/temurin/opt/java/openjdk"   # -L: the Debian-packaged JDK links cacerts out of itself
  # shellcheck disable=SC2046
  add_libs "$work/temurin" $(find "$JAVA_HOME/bin" "$JAVA_HOME/lib" -type f \( -name '*.so' -o -perm -u+x \))
  import "$work/temurin" docker.io/library/eclipse-temurin:25-jdk \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["jshell"]'
fi

if wanted redis && ! exists redis:7.0-bookworm; then
  base_files "$work/redis"
  add_files "$work/redis" /usr/bin/redis-server /usr/bin/redis-cli
  printf 'redis:x:999:999::/data:/usr/sbin/nologin\n' >> "$work/redis/etc/passwd"
  printf 'redis:x:999:\n' >> "$work/redis/etc/group"
  mkdir -p "$work/redis/data" && chown 999:999 "$work/redis/data"
  import "$work/redis" docker.io/library/redis:7.0-bookworm --change 'USER 999' --change 'WORKDIR /data' \
    --change 'VOLUME /data' --change 'EXPOSE 6379' --change 'CMD ["redis-server"]'
fi

if wanted postgres && ! exists postgres:15-bookworm; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  base_files "$work/pg"
  add_files "$work/pg" "$pgbin"/{postgres,initdb,pg_ctl,pg_isready,psql}
  cp -a "$(dirname "$pgbin")/lib" "$work/pg$(dirname "$pgbin")/"
  mkdir -p "$work/pg/usr/share/postgresql" "$work/pg/usr/share/zoneinfo"
  cp -a /usr/share/postgresql/"$(basename "$(dirname "$pgbin")")" "$work/pg/usr/share/postgresql/"
  cp -a /usr/share/zoneinfo/UTC /usr/share/zoneinfo/Etc "$work/pg/usr/share/zoneinfo/" 2>/dev/null || true
  printf 'postgres:x:999:999::/var/lib/postgresql:/bin/bash\n' >> "$work/pg/etc/passwd"
  printf 'postgres:x:999:\n' >> "$work/pg/etc/group"
  mkdir -p "$work/pg/var/lib/postgresql/data" "$work/pg/var/run/postgresql" "$work/pg/usr/local/bin"
  chown -R 999:999 "$work/pg/var/lib/postgresql" "$work/pg/var/run/postgresql"
  cp "$here/postgres-entrypoint.sh" "$work/pg/usr/local/bin/docker-entrypoint.sh"
  chmod 755 "$work/pg/usr/local/bin/docker-entrypoint.sh"
  import "$work/pg" docker.io/library/postgres:15-bookworm --change 'USER 999' \
    --change "ENV PATH=$pgbin:/usr/local/bin:/usr/bin:/bin" --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'VOLUME /var/lib/postgresql/data' --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' --change 'CMD ["postgres"]'
fi
