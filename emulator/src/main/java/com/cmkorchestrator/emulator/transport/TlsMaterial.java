package com.cmkorchestrator.emulator.transport;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * The emulator's TLS identity: a self-signed certificate generated at start for
 * {@code localhost} and {@code 127.0.0.1}, and a PKCS12 trust store holding only that
 * certificate, written to disk so that clients can trust this emulator explicitly.
 *
 * <p>Why: azure-core refuses to send bearer tokens over plain HTTP, so the real SDK clients can
 * only talk to an HTTPS emulator. The JDK has no public API to create certificates, so
 * BouncyCastle (the library made for the job) builds it.
 */
public final class TlsMaterial {
    private static final String ALIAS = "cmk-emulator";

    private final SSLContext serverContext;
    private final X509Certificate certificate;
    private final Path trustStorePath;
    private final String trustStorePassword;

    private TlsMaterial(SSLContext serverContext, X509Certificate certificate, Path trustStorePath,
                        String trustStorePassword) {
        this.serverContext = serverContext;
        this.certificate = certificate;
        this.trustStorePath = trustStorePath;
        this.trustStorePassword = trustStorePassword;
    }

    /** Generates a fresh key pair and certificate and writes the trust store into {@code directory}. */
    public static TlsMaterial generate(Path directory) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keyPair);

            char[] keyPassword = randomPassword().toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(ALIAS, keyPair.getPrivate(), keyPassword, new X509Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, keyPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());

            String trustPassword = randomPassword();
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry(ALIAS, certificate);
            Files.createDirectories(directory);
            Path trustStorePath = directory.resolve("cmk-emulator-truststore.p12");
            try (OutputStream out = Files.newOutputStream(trustStorePath)) {
                trustStore.store(out, trustPassword.toCharArray());
            }
            return new TlsMaterial(context, certificate, trustStorePath, trustPassword);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the emulator's TLS certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSigned(KeyPair keyPair) throws GeneralSecurityException, IOException {
        X500Name subject = new X500Name("CN=cmk-orchestrator emulator");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))),
                subject, keyPair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        try {
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(keyPair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public SSLContext serverContext() { return serverContext; }

    public X509Certificate certificate() { return certificate; }

    public Path trustStorePath() { return trustStorePath; }

    public String trustStorePassword() { return trustStorePassword; }
}
