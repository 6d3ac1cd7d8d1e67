package com.cmkorchestrator.adapters;

import com.cmkorchestrator.adapters.BlobSecurityDomainStore;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.ports.EncryptedSecurityDomain;
import com.cmkorchestrator.core.ports.SecurityDomainStore;

/**
 * Chooses the store by the destination's form: a blob URL goes to the blob store, a path or {@code file:} URI to the
 * file store. In Azure there is no file store: a file on a Functions instance goes with the instance, and with it the
 * HSM's recovery material.
 */
public final class SecurityDomainStores implements SecurityDomainStore {

    private final SecurityDomainStore blobs;
    private final SecurityDomainStore files;

    private SecurityDomainStores(SecurityDomainStore blobs, SecurityDomainStore files) {
        this.blobs = blobs;
        this.files = files;
    }

    /** Blobs only: the app in Azure. */
    public static SecurityDomainStores blobsOnly(SecurityDomainStore blobs) {
        return new SecurityDomainStores(blobs, null);
    }

    /** Blobs (null: none in this run) and local files: the local run and tests. */
    public static SecurityDomainStores blobsAndFiles(SecurityDomainStore blobs, SecurityDomainStore files) {
        return new SecurityDomainStores(blobs, files);
    }

    @Override
    public void validate(String destination) {
        storeFor(destination).validate(destination);
    }

    @Override
    public void check(String destination, ArmId hsm) {
        storeFor(destination).check(destination, hsm);
    }

    @Override
    public void store(String destination, ArmId hsm, EncryptedSecurityDomain securityDomain) {
        storeFor(destination).store(destination, hsm, securityDomain);
    }

    private SecurityDomainStore storeFor(String destination) {
        if (BlobSecurityDomainStore.handles(destination)) {
            if (blobs == null) {
                throw new IllegalArgumentException("this run has no blob storage for '" + destination
                        + "'; give a file path, or run with CMK_STORAGE_CONNECTION_STRING");
            }
            return blobs;
        }
        if (files == null) {
            throw new IllegalArgumentException("'" + destination + "' is a file, which does not outlive the Functions"
                    + " instance; give an https blob URL");
        }
        return files;
    }
}
