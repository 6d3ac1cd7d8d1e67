package com.cmkorchestrator.core.safety;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * ARM's template function {@code guid(a, b, ...)} (Bicep's {@code guid()}), so that a name the app gives and a name
 * a Bicep deployment gives meet: an RFC 4122 version 5 (SHA-1, name-based) UUID in ARM's namespace
 * {@code 11fb06fb-712d-4ddd-98c7-e71bbd588830}, of the arguments joined by {@code -}, UTF-8. That is what Terraform and
 * deployment scripts that must match Bicep's role assignment names compute ({@code uuidv5(<namespace>,
 * join("-", [...]))}); the template function reference says only that it follows RFC 4122 section 4.3.
 */
public final class TemplateGuid {

    private static final UUID ARM_NAMESPACE = UUID.fromString("11fb06fb-712d-4ddd-98c7-e71bbd588830");

    private TemplateGuid() {
    }

    /** {@code guid(parts[0], parts[1], ...)}. */
    public static String of(String... parts) {
        byte[] name = String.join("-", parts).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16).putLong(ARM_NAMESPACE.getMostSignificantBits())
                .putLong(ARM_NAMESPACE.getLeastSignificantBits()).array());
        byte[] hash = sha1.digest(name);
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC 4122 variant
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }
}
