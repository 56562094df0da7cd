# Sourced by ./mvnw, ./switchyard and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: JAVA_HOME if it is new enough, then the newest JDK under the usual install roots.
# The JDK's release file names its version without starting a JVM (which would cost 0.1 s per JDK on every
# launch); a JDK without one is asked. Bash builtins only on the usual path: each command substitution or
# sed forks, and with three JDKs installed the forks took 0.15 s of every launch (BENCHMARKS.md, issue 15,
# sixth pass).
_sy_java_major() { # JDK_HOME: sets _sy_major to its feature version, or empty
  local line
  _sy_major=""
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=\"[0-9]*) line=${line#JAVA_VERSION=\"}; _sy_major=${line%%[!0-9]*}; break ;;
      esac
    done <"$1/release"
  fi
  if [ -z "$_sy_major" ]; then
    _sy_major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | sed -n 's/^ *java\.specification\.version = //p' | head -n 1 | cut -d. -f1)
  fi
}
_sy_find_jdk() { # sets _sy_home and _sy_best to the JDK chosen and its version; fails when none is >= 21
  local home
  _sy_home="" _sy_best=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    _sy_java_major "$JAVA_HOME"
    if [ "${_sy_major:-0}" -ge 21 ]; then _sy_home=$JAVA_HOME _sy_best=$_sy_major; return 0; fi
  fi
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    _sy_java_major "$home"
    if [ "${_sy_major:-0}" -gt "$_sy_best" ]; then _sy_home=$home _sy_best=$_sy_major; fi
  done
  [ "$_sy_best" -ge 21 ]
}
if _sy_find_jdk; then
  export JAVA_HOME="$_sy_home"
  SY_JAVA_MAJOR=$_sy_best
else
  echo "switchyard: no JDK >= 21 found (looked at JAVA_HOME and /usr/lib/jvm); install one or set JAVA_HOME" >&2
  return 1 2>/dev/null || exit 1
fi
unset _sy_home _sy_best _sy_major
