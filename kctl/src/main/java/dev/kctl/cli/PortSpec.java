package dev.kctl.cli;

/**
 * One {@code [LOCAL:]REMOTE} argument of port-forward: {@code 8080} forwards local 8080 to the
 * pod's 8080, {@code 9000:8080} local 9000, {@code :8080} (or {@code 0:8080}) a free local port.
 * A remote port may be a container port's name, resolved against the pod.
 *
 * @param local 0 for any free port
 * @param remote a port number or a container port's name
 */
record PortSpec(int local, String remote) {
  static PortSpec parse(String text) {
    int colon = text.indexOf(':');
    String local = colon < 0 ? text : text.substring(0, colon);
    String remote = colon < 0 ? text : text.substring(colon + 1);
    if (remote.isEmpty()) {
      throw new CommandException("invalid port \"" + text + "\": the remote port is missing; use [LOCAL:]REMOTE");
    }
    if (colon < 0 && !remote.chars().allMatch(Character::isDigit)) {
      throw new CommandException("invalid port \"" + text + "\": a named remote port needs a local port, as in 8080:" + remote);
    }
    return new PortSpec(local.isEmpty() ? 0 : number(local, text), remote);
  }

  private static int number(String value, String text) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CommandException("invalid port \"" + text + "\": \"" + value + "\" is not a port number (0 to 65535)");
  }
}
