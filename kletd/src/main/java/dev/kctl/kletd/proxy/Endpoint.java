package dev.kctl.kletd.proxy;

/** One place a Service's traffic can go: a pod's address and the port its process listens on. */
record Endpoint(String ip, int port) {
  @Override
  public String toString() {
    return ip + ":" + port;
  }
}
