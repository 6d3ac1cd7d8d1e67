package com.cmkorchestrator.core.ports;

/** An error object Azure reports inside a resource (for example a DES's {@code autoKeyRotationError}). */
public record AzureErrorDetail(String code, String message) {
}
