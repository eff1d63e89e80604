package dev.kctl.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the cluster's certificates with BouncyCastle: EC P-256 keys signed with SHA-256, which
 * Go (kubectl) and the JDK both accept. Certificates start an hour in the past so that a client
 * whose clock is a little behind does not reject a fresh one.
 */
final class Certificates {
  static final String KEY_ALGORITHM = "EC";
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9*]([a-z0-9.-]*[a-z0-9])?");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /** One subject alternative name, normalised so that equal names compare equal. */
  record AltName(int type, String value) {
    static AltName ip(InetAddress address) {
      return new AltName(GeneralName.iPAddress, address.getHostAddress());
    }

    /** An IP literal (IPv6 with or without brackets) or a DNS name. */
    static AltName parse(String host) {
      String text = host.strip();
      String literal = text.startsWith("[") && text.endsWith("]")
          ? text.substring(1, text.length() - 1)
          : text;
      try {
        return ip(InetAddress.ofLiteral(literal));
      } catch (IllegalArgumentException notAnAddress) {
        String name = text.toLowerCase(Locale.ROOT);
        if (!DNS_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException(
              "host \"" + host + "\" for the serving certificate is neither an IP address nor a DNS name");
        }
        return new AltName(GeneralName.dNSName, name);
      }
    }

    boolean isIp() {
      return type == GeneralName.iPAddress;
    }

    GeneralName toGeneralName() {
      return type == GeneralName.iPAddress
          ? new GeneralName(GeneralName.iPAddress,
              new DEROctetString(InetAddress.ofLiteral(value).getAddress()))
          : new GeneralName(GeneralName.dNSName, value);
    }
  }

  static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make EC P-256 keys", e);
    }
  }

  /** A self-signed CA that may sign end-entity certificates only (path length 0). */
  static X509Certificate selfSignedCa(KeyPair key, String commonName, Instant now, Duration validity) {
    try {
      X500Principal subject = new X500Principal("CN=" + commonName);
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(subject, subject, key.getPublic(), now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(key.getPublic()));
      return sign(builder, key.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the cluster CA certificate", e);
    }
  }

  /** A TLS server certificate for {@code names}, signed by {@code ca}. */
  static X509Certificate serving(X509Certificate ca, PrivateKey caKey, PublicKey key,
      String commonName, Set<AltName> names, Instant now, Duration validity) {
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      GeneralName[] alternatives = names.stream().map(AltName::toGeneralName).toArray(GeneralName[]::new);
      X509v3CertificateBuilder builder = builder(
          ca.getSubjectX500Principal(), new X500Principal("CN=" + commonName), key, now, validity)
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
          .addExtension(Extension.extendedKeyUsage, false,
              new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives))
          .addExtension(Extension.subjectKeyIdentifier, false,
              extensions.createSubjectKeyIdentifier(key))
          .addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(ca));
      return sign(builder, caKey);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the API server's serving certificate", e);
    }
  }

  /** The IP and DNS names a certificate is valid for. */
  static Set<AltName> altNames(X509Certificate certificate) {
    Set<AltName> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries == null) {
        return names;
      }
      for (List<?> entry : entries) {
        int type = (Integer) entry.get(0);
        if (type == GeneralName.iPAddress) {
          names.add(AltName.ip(InetAddress.ofLiteral((String) entry.get(1))));
        } else if (type == GeneralName.dNSName) {
          names.add(new AltName(type, ((String) entry.get(1)).toLowerCase(Locale.ROOT)));
        }
      }
      return names;
    } catch (CertificateParsingException e) {
      throw new IllegalStateException("cannot read the names of " + certificate.getSubjectX500Principal(), e);
    }
  }

  /** Whether {@code key} is the private half of the key in {@code certificate}. */
  static boolean matches(X509Certificate certificate, PrivateKey key) {
    try {
      byte[] probe = new byte[32];
      RANDOM.nextBytes(probe);
      Signature signer = Signature.getInstance(SIGNATURE);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(SIGNATURE);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Whether {@code certificate} carries a valid signature of {@code ca}. */
  static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static JcaX509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject,
      PublicKey key, Instant now, Duration validity) {
    // A positive random serial of at most 20 octets, as RFC 5280 requires.
    BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
    return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATE)),
        Date.from(now.plus(validity)), subject, key);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
    }
  }
}
