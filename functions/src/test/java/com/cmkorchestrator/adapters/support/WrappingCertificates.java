package com.cmkorchestrator.adapters.support;

import com.cmkorchestrator.core.model.WrappingCertificate;
import com.cmkorchestrator.emulator.hsm.securitydomain.SelfSignedWrappingCertificate;

import java.util.List;
import java.util.stream.IntStream;

/** Fresh self-signed RSA certificates, as an operator would make with openssl for a security domain download. */
public final class WrappingCertificates {
    private WrappingCertificates() {
    }

    public static List<WrappingCertificate> fresh(int count) {
        return IntStream.range(0, count).mapToObj(i -> WrappingCertificate.parse(
                SelfSignedWrappingCertificate.generate("sd-wrap-" + i).pem())).toList();
    }
}
