# Sourced by bin/* and ./mvnw: exports JAVA_HOME pointing at a JDK of release 25 or newer.
# Looks at $JAVA_HOME, then `java` on PATH, then the usual install folders; exits with a clear
# message when none is found, because the build and the daemons need release 25.

kctl_java_release() { # prints the feature release of the JDK at $1, or nothing
  local release_file="$1/release"
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$release_file" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release_file"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}

kctl_find_jdk() {
  local candidate release path_java
  set +f # the candidates below are globs, and ./mvnw runs with globbing off
  path_java=$(command -v java 2>/dev/null) && path_java=$(readlink -f "$path_java") && path_java=${path_java%/bin/java}
  for candidate in "${JAVA_HOME:-}" "$path_java" /usr/lib/jvm/* /opt/java/* /usr/local/lib/jvm/* \
                   "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    release=$(kctl_java_release "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 25 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if ! KCTL_JAVA_HOME=$(kctl_find_jdk); then # a subshell: set +f does not leak out
  echo "kctl needs a JDK of release 25 or newer, and none was found." >&2
  echo "Looked at \$JAVA_HOME (${JAVA_HOME:-unset}), java on PATH, and /usr/lib/jvm, /opt/java, ~/.sdkman." >&2
  echo "Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$KCTL_JAVA_HOME"
