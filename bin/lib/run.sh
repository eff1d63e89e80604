# Sourced by bin/kctl, bin/kctld, bin/kletd: runs a module's main class from its packaged jar
# and the dependencies next to it (MODULE/target/lib), with the JDK that jdk.sh found.

kctl_lib="${BASH_SOURCE[0]}"
[[ "$kctl_lib" == */* ]] || kctl_lib="./$kctl_lib"
KCTL_ROOT="$(cd "${kctl_lib%/*}/../.." && pwd)"
# A script that knows which JDK its module was built with (bin/kctl: the one its AOT caches
# belong to) names the file that records it in KCTL_JDK_RECORD, which saves looking for one.
if [ -n "${KCTL_JDK_RECORD:-}" ] && [ -f "$KCTL_JDK_RECORD" ] && read -r kctl_recorded_jdk < "$KCTL_JDK_RECORD" &&
   [ -x "$kctl_recorded_jdk/bin/java" ]; then
  export JAVA_HOME="$kctl_recorded_jdk"
else
  # shellcheck source=jdk.sh
  . "$KCTL_ROOT/bin/lib/jdk.sh"
fi

kctl_run() { # kctl_run MODULE MAIN_CLASS [JVM options...] -- [args...]
  local module="$1" main="$2"
  shift 2
  local jvm_opts=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do jvm_opts+=("$1"); shift; done
  [ "$#" -gt 0 ] && shift
  local jar="$KCTL_ROOT/$module/target/$module-0.1.0-SNAPSHOT.jar"
  if [ ! -f "$jar" ] || [ ! -d "$KCTL_ROOT/$module/target/lib" ]; then
    echo "$(basename "$0"): $module is not built yet ($jar is missing)." >&2
    echo "Build it with: (cd $KCTL_ROOT && ./mvnw -q -DskipTests package)   or run bin/up, which builds first." >&2
    exit 1
  fi
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${jvm_opts[@]}" \
    -cp "$jar:$KCTL_ROOT/$module/target/lib/*" "$main" "$@"
}
