package com.cmkorchestrator.core.ports;

import java.util.List;
import java.util.Objects;

/**
 * A custom Managed HSM local role definition ({@code PUT {hsmUri}/providers/Microsoft.Authorization/roleDefinitions/
 * {name}}, written at {@code /} and assignable there).
 *
 * @param name        the definition's name, a GUID: assignments name the role by it
 * @param roleName    what people read
 * @param description what it is for
 * @param dataActions the data actions it grants, in full ({@code Microsoft.KeyVault/managedHsm/keys/read/action})
 */
public record CustomRole(String name, String roleName, String description, List<String> dataActions) {

    public CustomRole {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(roleName, "roleName");
        dataActions = List.copyOf(dataActions);
    }
}
