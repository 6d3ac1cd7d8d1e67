package com.cmkorchestrator.adapters.eventgrid;

import com.cmkorchestrator.app.events.GridEvent;
import com.cmkorchestrator.app.events.GridEventReader;
import com.cmkorchestrator.app.events.MalformedEventException;
import com.cmkorchestrator.core.model.ArmId;
import com.cmkorchestrator.state.KeyEventKind;
import com.cmkorchestrator.state.WorkItem;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Event payloads follow Microsoft's samples (event-schema-key-vault.md, event-schema-resource-groups.md). */
class GridEventParserTest {

    private static final GridEventReader EVENTS = new GridEventParser();

    private static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sample-rg"
            + "/providers/Microsoft.KeyVault/vaults/sample-kv";

    private static String keyData(String objectName, String version) {
        return """
                {"Id": "https://sample-kv.vault.azure.net/keys/newkey/ee059b2bb5bc48398a53b168c6cdcb10",
                 "VaultName": "sample-kv", "ObjectType": "Key", "%s": "newkey", "Version": "%s",
                 "NBF": "1559081980", "EXP": 1559082102}""".formatted(objectName, version);
    }

    private static String eventGridSchema(String type, String data) {
        return """
                {"id": "00eccf70-95a7-4e7c-8299-2eb17ee9ad64", "topic": "%s", "subject": "newkey",
                 "eventType": "%s", "eventTime": "2019-07-25T01:08:33.1036736Z", "data": %s,
                 "dataVersion": "1", "metadataVersion": "1"}""".formatted(VAULT, type, data);
    }

    private static String cloudEvent(String type, String data) {
        return """
                {"source": "%s", "subject": "newkey", "type": "%s", "time": "2019-07-25T01:08:33.1036736Z",
                 "id": "00eccf70-95a7-4e7c-8299-2eb17ee9ad64", "data": %s, "specversion": "1.0"}"""
                .formatted(VAULT, type, data);
    }

    @Test
    void readsAKeyVaultNewVersionEventInTheEventGridSchema() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyNewVersionCreated",
                keyData("ObjectName", "ee059b2bb5bc48398a53b168c6cdcb10")));

        assertThat(event).isEqualTo(new GridEvent.KeyEvent("00eccf70-95a7-4e7c-8299-2eb17ee9ad64",
                KeyEventKind.KEY_NEW_VERSION_CREATED, "sample-kv", "newkey", "ee059b2bb5bc48398a53b168c6cdcb10",
                URI.create("https://sample-kv.vault.azure.net/"), ArmId.parse(VAULT)));
    }

    @Test
    void readsTheSameEventAsACloudEvent() {
        GridEvent event = EVENTS.read(cloudEvent("Microsoft.KeyVault.KeyNearExpiry",
                keyData("ObjectName", "ee059b2bb5bc48398a53b168c6cdcb10")));

        assertThat(event).isInstanceOfSatisfying(GridEvent.KeyEvent.class, key -> {
            assertThat(key.kind()).isEqualTo(KeyEventKind.KEY_NEAR_EXPIRY);
            assertThat(key.key()).isEqualTo("newkey");
        });
    }

    @Test
    void toleratesTheStraySpacesOfMicrosoftsSample() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyExpired",
                keyData("ObjectName ", "ee059b2bb5bc48398a53b168c6cdcb10 ")));

        assertThat(event).isEqualTo(new GridEvent.KeyEvent("00eccf70-95a7-4e7c-8299-2eb17ee9ad64",
                KeyEventKind.KEY_EXPIRED, "sample-kv", "newkey", "ee059b2bb5bc48398a53b168c6cdcb10",
                URI.create("https://sample-kv.vault.azure.net/"), ArmId.parse(VAULT)));
    }

    @Test
    void takesKeyNameAndVersionFromTheKeyIdentifierWhenTheFieldsAreMissing() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyNewVersionCreated",
                "{\"Id\": \"https://contoso-hsm.managedhsm.azure.net/keys/cmk/0123abcd\"}"));

        assertThat(event).isEqualTo(new GridEvent.KeyEvent("00eccf70-95a7-4e7c-8299-2eb17ee9ad64",
                KeyEventKind.KEY_NEW_VERSION_CREATED, "contoso-hsm", "cmk", "0123abcd",
                URI.create("https://contoso-hsm.managedhsm.azure.net/"), ArmId.parse(VAULT)));
    }

    @Test
    void readsWhoWroteFromTheClaimsOfAResourceWrite() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.Resources.ResourceWriteSuccess", """
                {"resourceUri": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/\
                Microsoft.Storage/storageAccounts/st1", "operationName": "Microsoft.Storage/storageAccounts/write",
                 "authorization": {"evidence": {"principalId": "aaaaaaaa-0000-0000-0000-000000000001"}},
                 "claims": {"http://schemas.microsoft.com/identity/claims/objectidentifier":
                                "0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11", "name": "Alice Example",
                            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn": "alice@contoso.com"}}"""));

        assertThat(event).isInstanceOfSatisfying(GridEvent.ResourceWritten.class, written -> assertThat(written.caller())
                .isEqualTo(new WorkItem.Caller("0f3c1a52-8d3e-4d7e-9b1a-2f6f1c0e7a11", "alice@contoso.com")));
    }

    @Test
    void aCallerThatIsNoGuidOrNoPrintableNameIsLeftOut() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.Resources.ResourceWriteSuccess", """
                {"resourceUri": "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/\
                Microsoft.Storage/storageAccounts/st1", "operationName": "Microsoft.Storage/storageAccounts/write",
                 "claims": {"oid": "<script>", "appid": "\\u0007\\u0008"}}"""));

        assertThat(event).isInstanceOfSatisfying(GridEvent.ResourceWritten.class,
                written -> assertThat(written.caller()).isNull());
    }

    @Test
    void readsAnHsmWriteFromResourceWriteSuccess() {
        String hsm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-hsm/providers"
                + "/Microsoft.KeyVault/managedHSMs/contoso-hsm";
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.Resources.ResourceWriteSuccess",
                "{\"resourceProvider\": \"Microsoft.KeyVault\", \"resourceUri\": \"" + hsm + "\", "
                        + "\"operationName\": \"Microsoft.KeyVault/managedHSMs/write\", \"status\": \"Succeeded\"}"));

        assertThat(event).isInstanceOfSatisfying(GridEvent.ResourceWritten.class, written -> {
            assertThat(written.resource().toString()).isEqualTo(hsm);
            assertThat(written.isHsmWrite()).isTrue();
        });
    }

    /** A storage account's write event, in CloudEvents form, with {@code claims} (JSON, or null for none). */
    private static GridEvent.ResourceWritten storageWrite(String claims) {
        String storage = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers"
                + "/Microsoft.Storage/storageAccounts/data";
        return (GridEvent.ResourceWritten) EVENTS.read(cloudEvent("Microsoft.Resources.ResourceWriteSuccess",
                "{\"resourceUri\": \"" + storage + "\", \"operationName\": \"Microsoft.Storage/storageAccounts/write\""
                        + (claims == null ? "" : ", \"claims\": " + claims) + "}"));
    }

    @Test
    void aWriteOfAnotherResourceTypeIsNotAnHsmWrite() {
        assertThat(storageWrite(null).isHsmWrite()).isFalse();
    }

    @Test
    void aResourceWriteNamesItsCallerFromTheObjectIdClaim() {
        GridEvent.ResourceWritten event = storageWrite("{\"http://schemas.microsoft.com/identity/claims/objectidentifier\": "
                + "\"5eb0e000-0000-4000-8000-00000000b0b0\", \"appid\": \"04b07795-8ddb-461a-bbee-02f9e1bf7b46\"}");

        // the object ID from its claim URI; without a UPN or name, the calling application names them for people
        assertThat(event.caller()).isEqualTo(new WorkItem.Caller("5eb0e000-0000-4000-8000-00000000b0b0",
                "application 04b07795-8ddb-461a-bbee-02f9e1bf7b46"));
    }

    @Test
    void aResourceWriteWithoutClaimsNamesNoCaller() {
        assertThat(storageWrite(null).caller()).isNull();
    }

    @Test
    void acceptsAnArrayHoldingOneEvent() {
        GridEvent event = EVENTS.read("[" + eventGridSchema("Microsoft.KeyVault.KeyNewVersionCreated",
                keyData("ObjectName", "v1")) + "]");

        assertThat(event).isInstanceOf(GridEvent.KeyEvent.class);
    }

    @Test
    void leavesOtherEventTypesUnhandled() {
        GridEvent event = EVENTS.read(eventGridSchema("Microsoft.KeyVault.SecretNewVersionCreated",
                keyData("ObjectName", "v1")));

        assertThat(event).isEqualTo(new GridEvent.Unhandled("00eccf70-95a7-4e7c-8299-2eb17ee9ad64",
                "Microsoft.KeyVault.SecretNewVersionCreated"));
    }

    @Test
    void refusesTextThatIsNotJson() {
        assertThatThrownBy(() -> EVENTS.read("{not json"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not JSON");
    }

    @Test
    void refusesAnEnvelopeWithoutTheMandatoryEventGridFields() {
        assertThatThrownBy(() -> EVENTS.read("{\"id\": \"1\", \"eventType\": \"X\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("subject");
    }

    @Test
    void refusesACloudEventWithoutASource() {
        assertThatThrownBy(() -> EVENTS.read("{\"specversion\": \"1.0\", \"id\": \"1\", \"type\": \"X\"}"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("source");
    }

    @Test
    void refusesAKeyEventThatNamesNoKey() {
        assertThatThrownBy(() -> EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyNearExpiry",
                "{\"VaultName\": \"sample-kv\"}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("data.ObjectName");
    }

    @Test
    void refusesANewVersionEventThatNamesNoVersion() {
        assertThatThrownBy(() -> EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyNewVersionCreated",
                "{\"VaultName\": \"sample-kv\", \"ObjectName\": \"newkey\"}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("data.Version");
    }

    @Test
    void refusesAKeyEventWithAnExpiryThatIsNotATime() {
        assertThatThrownBy(() -> EVENTS.read(eventGridSchema("Microsoft.KeyVault.KeyExpired",
                "{\"VaultName\": \"sample-kv\", \"ObjectName\": \"newkey\", \"EXP\": \"soon\"}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("data.EXP");
    }

    @Test
    void refusesAResourceWriteWithABadResourceUri() {
        assertThatThrownBy(() -> EVENTS.read(eventGridSchema("Microsoft.Resources.ResourceWriteSuccess",
                "{\"resourceUri\": \"/nonsense\", \"operationName\": \"Microsoft.KeyVault/managedHSMs/write\"}")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("resourceUri");
    }

    @Test
    void refusesABatchOfSeveralEvents() {
        String one = eventGridSchema("X", "{}");
        assertThatThrownBy(() -> EVENTS.read("[" + one + "," + one + "]"))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("array of 2");
    }
}
