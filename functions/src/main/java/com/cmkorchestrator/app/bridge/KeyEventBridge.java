package com.cmkorchestrator.app.bridge;

import com.cmkorchestrator.app.BindingCatalog;
import com.cmkorchestrator.app.events.KeyVaultEventData;
import com.cmkorchestrator.core.errors.AzureCallException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.KeyRef;
import com.cmkorchestrator.core.model.Periods;
import com.cmkorchestrator.core.ports.HsmPort;
import com.cmkorchestrator.core.ports.HsmState;
import com.cmkorchestrator.core.ports.KeyPort;
import com.cmkorchestrator.core.ports.KeyRotationPolicy;
import com.cmkorchestrator.core.ports.KeyState;
import com.cmkorchestrator.core.ports.KeyVersion;
import com.cmkorchestrator.state.BridgeWatermarkStore;
import com.cmkorchestrator.state.ConcurrentUpdateException;
import com.cmkorchestrator.state.EventClaim;
import com.cmkorchestrator.state.KeyEventId;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.KeyWatermark;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The HSM event bridge: Managed HSM emits no Event Grid events (azure-facts 6), so this polls the keys of every HSM
 * the app knows and publishes what Key Vault would have: {@code KeyNewVersionCreated} for each new version,
 * {@code KeyNearExpiry} and {@code KeyExpired} for the current version. Each (event kind, version) goes out once:
 * claimed in the state store, published, then marked, so instances polling together never both publish it, and one
 * that dies mid-way leaves its claim to lapse and be taken over.
 *
 * <p>A key seen for the first time announces only its current version: older versions are history, and announcing
 * the current one makes sure every pinned binding is looked at.
 */
public final class KeyEventBridge {

    private final BindingCatalog catalog;
    private final HsmPort hsms;
    private final KeyPort keys;
    private final BridgeWatermarkStore watermarks;
    private final KeyEventPublisher publisher;
    private final Clock clock;
    private final Duration defaultNotifyBeforeExpiry;
    private final String owner;
    private final Duration lease;

    /**
     * @param defaultNotifyBeforeExpiry near-expiry window for keys whose rotation policy names none
     * @param owner                     this instance, as claims name it
     * @param lease                     how long a claim is this instance's alone
     */
    public KeyEventBridge(BindingCatalog catalog, HsmPort hsms, KeyPort keys, BridgeWatermarkStore watermarks,
                          KeyEventPublisher publisher, Clock clock, Duration defaultNotifyBeforeExpiry, String owner,
                          Duration lease) {
        this.catalog = catalog;
        this.hsms = hsms;
        this.keys = keys;
        this.watermarks = watermarks;
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.clock = clock;
        this.defaultNotifyBeforeExpiry = defaultNotifyBeforeExpiry;
        this.owner = owner;
        this.lease = lease;
    }

    /** One poll of every known HSM. Failures are reported per HSM or event and retried next run. */
    public BridgeReport run() {
        BridgeReport report = new BridgeReport();
        for (ArmId hsm : catalog.knownHsms()) {
            try {
                Optional<HsmState> state = hsms.get(hsm);
                if (state.isEmpty()) {
                    report.problem(hsm.resourceName() + " does not exist in ARM (" + hsm + "); nothing to poll");
                    continue;
                }
                if (!state.get().isActive()) {
                    report.problem(hsm.resourceName() + " is not active (provisioning " + state.get().provisioningState()
                            + ", activation " + state.get().activationStatus() + "); nothing to poll");
                    continue;
                }
                report.polledHsm();
                for (String key : keys.listKeyNames(state.get().hsmUri())) {
                    keys.getKey(state.get().hsmUri(), key)
                            .ifPresent(found -> poll(hsm.resourceName(), state.get().hsmUri(), found, report));
                }
            } catch (AzureCallException e) {
                report.problem(hsm.resourceName() + ": " + e.getMessage());
            }
        }
        return report;
    }

    private void poll(String hsm, URI hsmUri, KeyState key, BridgeReport report) {
        report.polledKey();
        Instant now = clock.instant();
        Optional<KeyWatermark> mark = watermarks.watermark(hsm, key.name());
        KeyVersion current = key.latest();
        List<KeyVersion> unseen = mark.isEmpty() ? List.of(current) : key.versions().stream()
                .filter(version -> !mark.get().hasSeen(version.version()))
                .sorted(Comparator.comparing(KeyVersion::createdOn)).toList();

        List<String> seen = new ArrayList<>();
        if (mark.isEmpty()) {
            key.versions().stream().filter(v -> v != current).sorted(Comparator.comparing(KeyVersion::createdOn))
                    .forEach(v -> seen.add(v.version()));
        }
        for (KeyVersion version : unseen) {
            if (publishOnce(event(KeyEventKind.KEY_NEW_VERSION_CREATED, hsm, hsmUri, key.name(), version, now), report)) {
                seen.add(version.version());
            }
        }
        expiryEvent(hsm, hsmUri, key.name(), current, now).ifPresent(event -> publishOnce(event, report));
        saveWatermark(hsm, key.name(), mark, seen, now);
    }

    private Optional<BridgedKeyEvent> expiryEvent(String hsm, URI hsmUri, String key, KeyVersion current, Instant now) {
        if (current.expiresOn() == null) {
            return Optional.empty();
        }
        if (current.isExpiredAt(now)) {
            return Optional.of(event(KeyEventKind.KEY_EXPIRED, hsm, hsmUri, key, current, now));
        }
        Instant notifyFrom = keys.getRotationPolicy(hsmUri, key).map(KeyRotationPolicy::notifyBeforeExpiry)
                .map(window -> Periods.before(current.expiresOn(), window))
                .orElse(current.expiresOn().minus(defaultNotifyBeforeExpiry));
        return now.isBefore(notifyFrom) ? Optional.empty()
                : Optional.of(event(KeyEventKind.KEY_NEAR_EXPIRY, hsm, hsmUri, key, current, now));
    }

    /** @return whether the event is out: published now or before */
    private boolean publishOnce(BridgedKeyEvent event, BridgeReport report) {
        Optional<EventClaim> claim = watermarks.claim(event.id(), owner, lease);
        if (claim.isEmpty()) {
            // published already, or another instance is publishing it right now
            return watermarks.claimOf(event.id()).map(EventClaim::published).orElse(false);
        }
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            report.problem("publishing " + event.id() + " failed: " + e.getMessage());
            return false;
        }
        try {
            watermarks.markPublished(claim.get());
        } catch (ConcurrentUpdateException e) {
            // our lease ran out mid-publish and another instance took over: it may publish again; harmless, as
            // every handler of these events only looks again
            report.problem(event.id() + " was taken over after its lease ran out: " + e.getMessage());
        }
        report.published(event);
        return true;
    }

    private void saveWatermark(String hsm, String key, Optional<KeyWatermark> mark, List<String> seen, Instant now) {
        if (seen.isEmpty()) {
            return;
        }
        try {
            watermarks.save(mark.map(m -> m.seeing(seen)).orElseGet(() -> KeyWatermark.first(hsm, key, seen, now)));
        } catch (ConcurrentUpdateException e) {
            // another instance saved first; the claims keep events unique, and the next run merges what it missed
        }
    }

    private static BridgedKeyEvent event(KeyEventKind kind, String hsm, URI hsmUri, String key, KeyVersion version,
                                         Instant now) {
        KeyVaultEventData data = new KeyVaultEventData(KeyRef.of(hsmUri, key).withVersion(version.version()).url(), hsm,
                KeyVaultEventData.KEY_OBJECT_TYPE, key, version.version(), epochSeconds(version.notBefore()),
                epochSeconds(version.expiresOn()));
        return new BridgedKeyEvent(new KeyEventId(hsm, key, version.version(), kind), data, now);
    }

    private static Long epochSeconds(Instant instant) {
        return instant == null ? null : instant.getEpochSecond();
    }
}
