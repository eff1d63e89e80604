# Sourced by bin/kctl, bin/kctld, bin/kletd: runs a module's main class from its packaged jar
# and the dependencies next to it (MODULE/target/lib), with the JDK that jdk.sh found.

KCTL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=jdk.sh
. "$KCTL_ROOT/bin/lib/jdk.sh"

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
