package dev.kctl.pki;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Reads the PKCS#10 certificate signing requests joining nodes send (see
 * {@code dev.kctl.client.NodeJoin}): the node keeps its private key and sends only the request,
 * whose signature proves it holds that key.
 */
final class CertificateRequests {
  private CertificateRequests() {}

  /**
   * The public key of a PEM request, once its signature is checked against that key.
   *
   * @throws IllegalArgumentException if the text is no PKCS#10 request or its signature is wrong
   */
  static PublicKey verifiedKey(String csrPem) {
    Object parsed;
    try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
      parsed = parser.readObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("the certificate request is not valid PEM: " + e.getMessage(), e);
    }
    if (!(parsed instanceof PKCS10CertificationRequest request)) {
      throw new IllegalArgumentException("expected a PEM certificate request (PKCS#10), got "
          + (parsed == null ? "nothing" : parsed.getClass().getSimpleName()));
    }
    try {
      JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
      PublicKey key = jca.getPublicKey();
      if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
        throw new IllegalArgumentException("the certificate request's signature does not match its key");
      }
      return key;
    } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
      throw new IllegalArgumentException("cannot check the certificate request: " + e.getMessage(), e);
    }
  }
}
