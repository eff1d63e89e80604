package dev.kctl.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** PEM text for certificates and PKCS#8 private keys, the formats kubectl and openssl read. */
final class Pem {
  private static final String KEY_TYPE = "PRIVATE KEY";
  private static final String CERTIFICATE_TYPE = "CERTIFICATE";

  private Pem() {}

  static String encode(X509Certificate certificate) {
    try {
      return block(CERTIFICATE_TYPE, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
    }
  }

  static String encode(PrivateKey key) {
    // getEncoded() of a JCA private key is its PKCS#8 PrivateKeyInfo.
    return block(KEY_TYPE, key.getEncoded());
  }

  /** The first certificate in {@code pem}; {@code source} names it in errors. */
  static X509Certificate certificate(String pem, Path source) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalStateException(source + " is not a PEM certificate: " + e.getMessage()
          + "; restore it from a backup or remove it to have it created again", e);
    }
  }

  /** A PKCS#8 private key of {@code algorithm} (EC); {@code source} names it in errors. */
  static PrivateKey privateKey(String pem, String algorithm, Path source) {
    try {
      byte[] der = Base64.getMimeDecoder().decode(body(pem, KEY_TYPE, source));
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(source + " is not a PEM " + algorithm + " private key: "
          + e.getMessage() + "; restore it from a backup or remove it to have it created again", e);
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static String body(String pem, String type, Path source) {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalArgumentException(source + " has no " + begin + " block");
    }
    return pem.substring(from + begin.length(), to);
  }
}
