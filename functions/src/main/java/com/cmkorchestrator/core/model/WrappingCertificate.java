package com.cmkorchestrator.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * One of the RSA certificates whose public keys wrap the security domain at activation (azure-facts 4).
 * Written as PEM in JSON; validated on construction (X.509, RSA key). The adapter turns it into the JWK
 * the download call wants.
 */
public final class WrappingCertificate {

    private final String pem;
    private final X509Certificate certificate;

    private WrappingCertificate(String pem, X509Certificate certificate) {
        this.pem = pem;
        this.certificate = certificate;
    }

    /** Parses a PEM ({@code -----BEGIN CERTIFICATE-----}) or bare base64 DER certificate. */
    @JsonCreator
    public static WrappingCertificate parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a PEM certificate is required");
        }
        String base64 = text.replaceAll("-----(BEGIN|END) CERTIFICATE-----", "").replaceAll("\\s", "");
        X509Certificate certificate;
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw new IllegalArgumentException("not a PEM-encoded X.509 certificate: " + e.getMessage(), e);
        }
        if (!(certificate.getPublicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("security domain wrapping certificates must hold RSA keys");
        }
        String normalised = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'})
                .encodeToString(der(certificate)) + "\n-----END CERTIFICATE-----\n";
        return new WrappingCertificate(normalised, certificate);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public X509Certificate x509() {
        return certificate;
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) certificate.getPublicKey();
    }

    public byte[] der() {
        return der(certificate);
    }

    @JsonValue
    public String pem() {
        return pem;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WrappingCertificate other && other.pem.equals(pem);
    }

    @Override
    public int hashCode() {
        return pem.hashCode();
    }

    @Override
    public String toString() {
        return "WrappingCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
