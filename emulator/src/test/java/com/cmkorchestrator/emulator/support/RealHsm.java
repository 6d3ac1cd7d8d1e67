package com.cmkorchestrator.emulator.support;

import com.azure.security.keyvault.administration.KeyVaultAccessControlClient;
import com.azure.security.keyvault.administration.KeyVaultAccessControlClientBuilder;
import com.azure.security.keyvault.administration.models.KeyVaultRoleDefinition;
import com.azure.security.keyvault.administration.models.KeyVaultRoleScope;
import com.azure.security.keyvault.keys.KeyClient;
import com.azure.security.keyvault.keys.KeyClientBuilder;
import com.azure.security.keyvault.keys.models.CreateRsaKeyOptions;
import com.azure.security.keyvault.keys.models.KeyOperation;
import com.cmkorchestrator.emulator.auth.BearerToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A real emulated Managed HSM, driven as the app drives one: activated by a security domain
 * download (REST, as there is no Java client), keys through {@link KeyClient}, local RBAC through
 * {@link KeyVaultAccessControlClient}, all as the deployer (an initial administrator).
 */
public final class RealHsm {
    /** Managed HSM Crypto Service Encryption User: keys/read, wrap, unwrap. */
    public static final String ENCRYPTION_USER = "Managed HSM Crypto Service Encryption User";
    /** Managed HSM Crypto User: creates and rotates keys. */
    public static final String CRYPTO_USER = "Managed HSM Crypto User";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmulatorFixture fixture;
    private final String uri;
    private final KeyClient keys;
    private final KeyVaultAccessControlClient access;

    public RealHsm(EmulatorFixture fixture, String hsmUri) {
        this.fixture = fixture;
        this.uri = hsmUri;
        this.keys = new KeyClientBuilder().vaultUrl(hsmUri).credential(fixture.azure.as(Principals.DEPLOYER))
                .httpClient(fixture.azure.httpClient()).disableChallengeResourceVerification().buildClient();
        this.access = new KeyVaultAccessControlClientBuilder().vaultUrl(hsmUri).credential(fixture.azure.as(Principals.DEPLOYER))
                .httpClient(fixture.azure.httpClient()).disableChallengeResourceVerification().buildClient();
    }

    public String uri() { return uri; }

    public KeyClient keys() { return keys; }

    /**
     * Downloads the security domain with three fresh wrapping certificates (quorum 2), waits for
     * activation, then (as an HSM administrator may not manage keys) grants the deployer Crypto
     * User at {@code /} and lets the grant propagate.
     */
    public RealHsm activate() throws Exception {
        ArrayNode certificates = JSON.createArrayNode();
        for (int i = 0; i < 3; i++) {
            certificates.add(wrappingJwk("sd-" + i));
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("certificates", certificates);
        body.put("required", 2);
        HttpResponse<String> started = send("POST", "securitydomain/download?api-version=7.5", body.toString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("security domain download answered " + started.statusCode() + ": " + started.body());
        }
        for (int i = 0; i < 100; i++) {
            JsonNode status = JSON.readTree(send("GET", "securitydomain/download/pending?api-version=7.5", null).body());
            if ("Success".equals(status.path("status").asText())) {
                grant(CRYPTO_USER, KeyVaultRoleScope.GLOBAL, Principals.DEPLOYER);
                fixture.emulator.clock().advance(fixture.emulator.options().roleAssignmentPropagation());
                return this;
            }
            fixture.emulator.clock().advance(Duration.ofSeconds(30));
            Thread.sleep(20);
        }
        throw new IllegalStateException("the HSM did not activate");
    }

    /** Creates an RSA-HSM key that can wrap and unwrap, or a new version of it; returns the version. */
    public String createKey(String name) {
        return keys.createRsaKey(new CreateRsaKeyOptions(name).setHardwareProtected(true).setKeySize(2048)
                .setKeyOperations(KeyOperation.WRAP_KEY, KeyOperation.UNWRAP_KEY)).getProperties().getVersion();
    }

    /** Grants Crypto Service Encryption User on {@code /keys/<key>} to {@code principal} (not yet propagated). */
    public void grantEncryptionUser(String principal, String key) {
        grant(ENCRYPTION_USER, KeyVaultRoleScope.fromString("/keys/" + key), principal);
    }

    private void grant(String roleName, KeyVaultRoleScope scope, String principal) {
        KeyVaultRoleDefinition role = access.listRoleDefinitions(KeyVaultRoleScope.GLOBAL).stream()
                .filter(definition -> roleName.equals(definition.getRoleName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no role definition named " + roleName));
        access.createRoleAssignment(scope, role.getId(), principal);
    }

    public String keyId(String key, String version) {
        return (uri.endsWith("/") ? uri : uri + "/") + "keys/" + key + "/" + version;
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(fixture.emulator.trustStorePath())) {
            trustStore.load(in, fixture.emulator.trustStorePassword().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        String token = BearerToken.mint(Principals.DEPLOYER, fixture.emulator.options().tenantId(), "https://managedhsm.azure.net",
                Instant.now().plusSeconds(3600).getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create((uri.endsWith("/") ? uri : uri + "/") + pathAndQuery))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HttpClient.newBuilder().sslContext(tls).build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A JWK for a fresh self-signed RSA certificate, with the fields the security domain download requires. */
    private static ObjectNode wrappingJwk(String kid) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + kid);
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(30))), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        byte[] der = certificate.getEncoded();
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        ObjectNode jwk = JSON.createObjectNode();
        jwk.put("kid", kid).put("kty", "RSA").put("alg", "RSA-OAEP-256");
        jwk.putArray("key_ops").add("wrapKey").add("encrypt");
        jwk.put("n", url.encodeToString(unsigned(key.getModulus()))).put("e", url.encodeToString(unsigned(key.getPublicExponent())));
        jwk.putArray("x5c").add(Base64.getEncoder().encodeToString(der));
        jwk.put("x5t#S256", url.encodeToString(MessageDigest.getInstance("SHA-256").digest(der)));
        return jwk;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

}
