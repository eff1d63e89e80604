package dev.kctl.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS set-up for HTTP clients: trust built from CA certificates, first-contact discovery, and the
 * context that trusts any server (the only part used outside this package).
 */
public final class Tls {
  private Tls() {}

  /** The certificates of a PEM bundle, in order. */
  static List<X509Certificate> parsePem(String pem, String source) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate c : factory.generateCertificates(
          new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        certificates.add((X509Certificate) c);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(source + " holds no PEM certificate");
      }
      return List.copyOf(certificates);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(source + " is not a PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context that trusts exactly {@code anchors} (not the JDK's public CAs). Hostname
   * verification is not part of the context: the HTTP client does it on every connection.
   */
  static SSLContext trusting(List<X509Certificate> anchors) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        trust.setCertificateEntry("ca-" + i, anchors.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /**
   * The certificate chain {@code server} presents, read with a handshake that accepts any chain.
   * This is safe only because the caller trusts nothing it learns here until it has compared the
   * CA's key with a hash it already knows; no request and no credential goes over this connection.
   */
  static List<X509Certificate> presentedChain(URI server, Duration timeout) {
    String host = server.getHost();
    int port = server.getPort() < 0 ? 443 : server.getPort();
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAny()}, null);
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        plain.setSoTimeout((int) timeout.toMillis());
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory()
            .createSocket(plain, host, port, false)) {
          tls.startHandshake();
          List<X509Certificate> chain = new ArrayList<>();
          for (Certificate c : tls.getSession().getPeerCertificates()) {
            chain.add((X509Certificate) c);
          }
          return List.copyOf(chain);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot reach the API server at " + server + " to read its certificate: "
              + RestClient.describe(e) + "; is kctld running there, and is --server right?", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context that accepts any server certificate for any host name, for kubectl's
   * {@code --insecure-skip-tls-verify} and for kletd's HTTPS probes (the kubelet does not verify
   * those either: a probe checks that the app answers, not who it is). The connection is
   * encrypted but the server unverified. The HTTP client's host name check lives in the trust
   * manager, so this one skips it too.
   */
  public static SSLContext acceptingAny() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new AcceptAny()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Accepts every server chain: see {@link #presentedChain} for why that is acceptable there, and
   * {@link #acceptingAny} for where the user asks for it.
   */
  private static final class AcceptAny extends X509ExtendedTrustManager {
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a client never trusts clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a client never trusts clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a client never trusts clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
