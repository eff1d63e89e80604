import dev.kctl.client.KubeConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Store write benchmark, not a test: closed-loop clients writing 1 KiB objects, (a) ConfigMap
 * creates through kctld's HTTP API, (b) puts through etcd's gRPC-gateway JSON API, measured by the
 * same loop: every client is a virtual thread with its own HTTP client and connection over TLS
 * (HTTP/2 unless {@code --http 1.1}), sending one request at a time. Both servers sync to disk before answering.
 *
 * <p>Run by bench/store/run.sh, which starts both servers:
 *
 * <pre>
 * java -cp CORE_JARS bench/store/StoreBench.java --kubeconfig FILE --etcd https://127.0.0.1:23790 \
 *     [--clients 1,16,64] [--runs 3] [--warmup 2] [--seconds 8] [--http 2|1.1] [--prewarm 15] \
 *     [--kctld-pid PID] [--etcd-pid PID] [--out FILE.json]
 * </pre>
 */
public final class StoreBench {
  static final int VALUE_BYTES = 1024;

  /** A server to measure; {@code pid} (0 if unknown) is read for the CPU time it spends per write. */
  record Target(String name, HttpRequestFactory requests, SSLContext tls, long pid) {}

  interface HttpRequestFactory {
    HttpRequest request(int client, long sequence);
  }

  record Result(String target, int clients, int run, long writes, double seconds, double writesPerSecond,
      double p50Millis, double p99Millis, long errors, double serverCpuMillisPerWrite, double loadAverage) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    KubeConfig kube = KubeConfig.load(Path.of(options.get("kubeconfig")));
    URI etcd = URI.create(options.get("etcd"));
    int[] clientCounts = Arrays.stream(options.getOrDefault("clients", "1,16,64").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "2")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "8")));
    String stamp = Long.toString(System.currentTimeMillis(), 36);
    HttpClient.Version version = switch (options.getOrDefault("http", "2")) {
      case "1.1" -> HttpClient.Version.HTTP_1_1;
      case "2" -> HttpClient.Version.HTTP_2;
      default -> throw new IllegalArgumentException("--http takes 1.1 or 2");
    };

    String payload = "x".repeat(VALUE_BYTES);
    Target kctld = new Target("kctld", (client, seq) -> {
      String name = "b%s-%d-%d".formatted(stamp, client, seq);
      String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
          + "\"},\"data\":{\"payload\":\"" + payload + "\"}}";
      return HttpRequest.newBuilder(kube.server().resolve("/api/v1/namespaces/default/configmaps"))
          .header("Authorization", "Bearer " + kube.token())
          .header("Content-Type", "application/json")
          .header("Accept", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body))
          .build();
    }, trusting(kube.caCertificatePem()), Long.parseLong(options.getOrDefault("kctld-pid", "0")));
    Base64.Encoder b64 = Base64.getEncoder();
    String value = b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    Target etcdTarget = new Target("etcd", (client, seq) -> {
      String key = b64.encodeToString("/bench/%s/%d/%d".formatted(stamp, client, seq).getBytes(StandardCharsets.UTF_8));
      return HttpRequest.newBuilder(etcd.resolve("/v3/kv/put"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}"))
          .build();
    }, trustingAnything(), Long.parseLong(options.getOrDefault("etcd-pid", "0")));

    // The JIT compiles kctld's request path during the first thousands of requests: not part of any run.
    Duration prewarm = Duration.ofSeconds(Long.parseLong(options.getOrDefault("prewarm", "15")));
    int most = Arrays.stream(clientCounts).max().orElse(1);
    for (Target target : List.of(kctld, etcdTarget)) {
      Result r = measure(target, most, 0, prewarm, Duration.ofSeconds(1), version);
      System.err.printf("pre-warm %-5s: %.0f writes/s%n", target.name(), r.writesPerSecond());
    }

    List<Result> results = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (int clients : clientCounts) {
        // Alternating order from run to run, so neither target always runs on a warmer machine.
        List<Target> order = run % 2 == 1 ? List.of(kctld, etcdTarget) : List.of(etcdTarget, kctld);
        for (Target target : order) {
          Result r = measure(target, clients, run, warmup, measure, version);
          System.err.printf("run %d %-5s %2d clients: %8.0f writes/s p50 %6.2f ms p99 %6.2f ms, server CPU %.3f ms/write, "
              + "load %.1f (%d errors)%n", run, r.target(), clients, r.writesPerSecond(), r.p50Millis(), r.p99Millis(),
              r.serverCpuMillisPerWrite(), r.loadAverage(), r.errors());
          results.add(r);
        }
      }
    }

    List<Map<String, Object>> medians = new ArrayList<>();
    StringBuilder table = new StringBuilder("| clients | kctld writes/s | p50 ms | p99 ms | CPU ms/write "
        + "| etcd writes/s | p50 ms | p99 ms | CPU ms/write | kctld/etcd writes/s |\n"
        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int clients : clientCounts) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("clients", clients);
      double[] k = medianOf(results, "kctld", clients);
      double[] e = medianOf(results, "etcd", clients);
      row.put("kctld", Map.of("writesPerSecond", k[0], "p50Millis", k[1], "p99Millis", k[2], "serverCpuMillisPerWrite", k[3]));
      row.put("etcd", Map.of("writesPerSecond", e[0], "p50Millis", e[1], "p99Millis", e[2], "serverCpuMillisPerWrite", e[3]));
      row.put("ratio", k[0] / e[0]);
      medians.add(row);
      table.append("| %d | %.0f | %.2f | %.2f | %.3f | %.0f | %.2f | %.2f | %.3f | %.2f |%n"
          .formatted(clients, k[0], k[1], k[2], k[3], e[0], e[1], e[2], e[3], k[0] / e[0]));
    }
    System.out.println();
    System.out.println("Medians of " + runs + " runs, " + measure.toSeconds() + " s each after " + warmup.toSeconds()
        + " s warm-up; " + cpus() + "; 1 KiB values; one TLS connection (HTTP/" + version.name().substring(5).replace('_', '.') + ") per client.");
    System.out.println();
    System.out.print(table);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("date", java.time.Instant.now().toString());
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("valueBytes", VALUE_BYTES);
    report.put("warmupSeconds", warmup.toSeconds());
    report.put("measureSeconds", measure.toSeconds());
    report.put("runs", runs);
    report.put("medians", medians);
    report.put("results", results);
    ObjectMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    Path out = Path.of(options.getOrDefault("out", "bench/store/results/store-" + stamp + ".json"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, json.writeValueAsString(report) + "\n");
    System.out.println();
    System.out.println("Wrote " + out);
  }

  /** Median over runs of writes/s, p50 and p99. */
  private static double[] medianOf(List<Result> results, String target, int clients) {
    List<Result> mine = results.stream().filter(r -> r.target().equals(target) && r.clients() == clients).toList();
    return new double[] {
        median(mine.stream().mapToDouble(Result::writesPerSecond).toArray()),
        median(mine.stream().mapToDouble(Result::p50Millis).toArray()),
        median(mine.stream().mapToDouble(Result::p99Millis).toArray()),
        median(mine.stream().mapToDouble(Result::serverCpuMillisPerWrite).toArray())};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static Result measure(Target target, int clients, int run, Duration warmup, Duration measure,
      HttpClient.Version version) throws Exception {
    AtomicBoolean recording = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    long[] errors = new long[clients];
    CountDownLatch ready = new CountDownLatch(clients);
    long[] window = new long[2];
    double[] cpu = new double[2];
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        int client = c;
        pool.submit(() -> {
          long[] mine = new long[1 << 16];
          int n = 0;
          try (HttpClient http = HttpClient.newBuilder().version(version)
              .sslContext(target.tls()).connectTimeout(Duration.ofSeconds(10)).build()) {
            ready.countDown();
            for (long seq = 0; !stop.get(); seq++) {
              // Unique per run, client count and client: every create is of a new name.
              HttpRequest request = target.requests().request(client, seq + run * 1_000_000_000L + clients * 10_000_000L);
              long start = System.nanoTime();
              try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                long took = System.nanoTime() - start;
                if (response.statusCode() / 100 != 2) {
                  errors[client]++;
                  if (errors[client] == 1) {
                    System.err.println(target.name() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
                  }
                } else if (recording.get()) {
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = took;
                }
              } catch (java.io.IOException e) {
                errors[client]++;
              }
            }
          }
          latencies[client] = mine;
          counts[client] = n;
          return null;
        });
      }
      ready.await();
      Thread.sleep(warmup);
      cpu[0] = cpuMillis(target.pid());
      recording.set(true);
      window[0] = System.nanoTime();
      Thread.sleep(measure);
      recording.set(false);
      window[1] = System.nanoTime();
      cpu[1] = cpuMillis(target.pid());
      stop.set(true);
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    double seconds = (window[1] - window[0]) / 1e9;
    return new Result(target.name(), clients, run, total, seconds, total / seconds,
        percentile(all, 0.50), percentile(all, 0.99), Arrays.stream(errors).sum(),
        total == 0 ? Double.NaN : (cpu[1] - cpu[0]) / total,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** User + system CPU time of process {@code pid} from /proc, in ms; NaN when unknown. */
  private static double cpuMillis(long pid) {
    if (pid <= 0) {
      return Double.NaN;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ", in 1/100 s.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    } catch (java.io.IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static String cpus() {
    return Runtime.getRuntime().availableProcessors() + " CPUs, load average "
        + "%.1f".formatted(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static double percentile(long[] sortedNanos, double p) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, index)] / 1e6;
  }

  private static SSLContext trusting(String caPem) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    int i = 0;
    for (var cert : factory.generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
      trust.setCertificateEntry("ca" + i++, cert);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), new SecureRandom());
    return context;
  }

  /** For etcd's --auto-tls self-signed certificate, on loopback, in a benchmark only. */
  private static SSLContext trustingAnything() throws Exception {
    TrustManager anything = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {anything}, new SecureRandom());
    return context;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    for (String required : List.of("kubeconfig", "etcd")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing --" + required + "; see bench/store/run.sh");
      }
    }
    return options;
  }
}
