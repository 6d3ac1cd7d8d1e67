package com.cmkorchestrator.devhost;

import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.emulator.hsm.securitydomain.SelfSignedWrappingCertificate;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Fresh self-signed RSA certificates to wrap an emulated HSM's security domain with. For local runs only: the
 * private keys are thrown away, so the security domain they wrap can never be restored.
 */
public final class WrappingCertificates {

    private WrappingCertificates() {
    }

    public static List<WrappingCertificate> generate(int count) {
        return IntStream.range(0, count).mapToObj(i -> WrappingCertificate.parse(
                SelfSignedWrappingCertificate.generate("cmk-local-sd-" + i).pem())).toList();
    }
}
