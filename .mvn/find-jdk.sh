# Sourced by ./mvnw, ./switchyard and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the newest JDK under the usual install roots.
# The JDK's release file names its version without starting a JVM (which would cost 0.1 s per JDK on every
# launch); a JDK without one is asked.
_sy_java_major() {
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1)
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1)
  fi
  echo "$v"
}
_sy_find_jdk() {
  local best="" best_major=0 home major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(_sy_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    major=$(_sy_java_major "$home")
    if [ "${major:-0}" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
  done
  if [ "$best_major" -ge 21 ]; then echo "$best"; return 0; fi
  return 1
}
if _sy_home=$(_sy_find_jdk); then
  export JAVA_HOME="$_sy_home"
  SY_JAVA_MAJOR=$(_sy_java_major "$_sy_home")
else
  echo "switchyard: no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1 2>/dev/null || exit 1
fi
unset _sy_home
