package com.cmkorchestrator.app;

import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.core.model.Binding;
import com.cmkorchestrator.core.model.BindingJson;
import com.cmkorchestrator.core.model.HsmRequest;
import com.cmkorchestrator.state.SpecRecord;
import com.cmkorchestrator.state.StateStores;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Read-side queries over the stored desired state: every binding, the bindings of one key, and the Managed HSMs the
 * app knows (from bindings and HSM requests), with their full ARM IDs: events are matched against those, never
 * against a name; a name is looked up only where the app itself wrote it (a route, a work item it queued).
 * Reads the whole table each time: simple and fine for the hundreds of bindings one app manages.
 */
public final class BindingCatalog {

    private static final Logger LOG = Logger.getLogger(BindingCatalog.class.getName());

    private final StateStores stores;

    public BindingCatalog(StateStores stores) {
        this.stores = stores;
    }

    /** Every readable binding; an unreadable record is logged and left out, never fatal for the others. */
    public List<StoredBinding> all() {
        List<StoredBinding> bindings = new ArrayList<>();
        for (SpecRecord record : stores.bindings().list()) {
            try {
                bindings.add(StoredBinding.of(record));
            } catch (IllegalStateException e) {
                LOG.warning(e.getMessage());
            }
        }
        return bindings;
    }

    public List<Binding> specs() {
        return all().stream().map(StoredBinding::binding).toList();
    }

    /** The bindings that use key {@code key} of {@code hsm}, or every key of it when {@code key} is null. */
    public List<StoredBinding> using(ArmId hsm, String key) {
        return all().stream()
                .filter(stored -> stored.binding().hsm().equals(hsm))
                .filter(stored -> key == null || stored.binding().key().name().equalsIgnoreCase(key))
                .toList();
    }

    /** Every Managed HSM named by a binding or an HSM request, in first-seen order. */
    public List<ArmId> knownHsms() {
        Set<ArmId> hsms = new LinkedHashSet<>();
        all().forEach(stored -> hsms.add(stored.binding().hsm()));
        for (SpecRecord record : stores.hsmRequests().list()) {
            try {
                hsms.add(BindingJson.read(record.specJson(), HsmRequest.class).hsm());
            } catch (IllegalArgumentException e) {
                LOG.warning("stored HSM request '" + record.name() + "' cannot be read: " + e.getMessage());
            }
        }
        return List.copyOf(hsms);
    }

    /** The ARM ID of the Managed HSM called {@code name} (names are unique per cloud, as their DNS names are). */
    public Optional<ArmId> hsmNamed(String name) {
        return knownHsms().stream().filter(id -> id.resourceName().equalsIgnoreCase(name)).findFirst();
    }
}
