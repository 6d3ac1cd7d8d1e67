package com.cmkorchestrator.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives tests an Azurite (Azure Table and Queue storage emulator), one per test JVM.
 *
 * <p>With {@code AZURITE_CONNECTION_STRING}, or {@code AZURITE_TABLE_ENDPOINT} and
 * {@code AZURITE_QUEUE_ENDPOINT} (e.g. {@code http://127.0.0.1:10002/devstoreaccount1}), it uses
 * that running Azurite. Otherwise it starts {@code node_modules/azurite} of the repository (found by
 * walking up from the working directory) and stops it when the test run ends. Neither available is
 * a failure naming the fix, never a skipped test.
 *
 * <pre>{@code
 * @ExtendWith(AzuriteExtension.class)
 * class SomeTest {
 *     @BeforeEach void connect(Azurite azurite) { ... azurite.tableServiceClient() ... }
 * }
 * }</pre>
 */
public final class AzuriteExtension implements BeforeAllCallback, ParameterResolver {

    public static final String CONNECTION_STRING_VARIABLE = "AZURITE_CONNECTION_STRING";
    public static final String TABLE_ENDPOINT_VARIABLE = "AZURITE_TABLE_ENDPOINT";
    public static final String QUEUE_ENDPOINT_VARIABLE = "AZURITE_QUEUE_ENDPOINT";
    public static final String BLOB_ENDPOINT_VARIABLE = "AZURITE_BLOB_ENDPOINT";

    private static Azurite shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        azurite(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            return azurite(context);
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    /** The JVM's Azurite, started on first use; the root context closes it when the test plan ends. */
    static synchronized Azurite azurite(ExtensionContext context) {
        if (shared == null) {
            shared = fromEnvironment(System.getenv());
            if (shared == null) {
                AzuriteProcess process = AzuriteProcess.start(installedScript(Path.of("").toAbsolutePath()));
                System.err.printf("Azurite started in %d ms at %s%n", process.startTime().toMillis(),
                        process.azurite().connectionString().replaceAll("AccountKey=[^;]*", "AccountKey=..."));
                // closed when the test plan ends; the hook covers a JVM that ends otherwise
                context.getRoot().getStore(ExtensionContext.Namespace.create(AzuriteExtension.class))
                        .put(AzuriteProcess.class, process);
                Runtime.getRuntime().addShutdownHook(new Thread(process::close, "azurite-stop"));
                shared = process.azurite();
            }
        }
        return shared;
    }

    /** The Azurite the environment points at, or null when it points at none. */
    static Azurite fromEnvironment(Map<String, String> env) {
        String connectionString = env.get(CONNECTION_STRING_VARIABLE);
        if (connectionString != null && !connectionString.isBlank()) {
            return new Azurite(connectionString);
        }
        String table = env.get(TABLE_ENDPOINT_VARIABLE);
        String queue = env.get(QUEUE_ENDPOINT_VARIABLE);
        boolean hasTable = table != null && !table.isBlank();
        boolean hasQueue = queue != null && !queue.isBlank();
        if (hasTable != hasQueue) {
            throw new IllegalStateException("set both " + TABLE_ENDPOINT_VARIABLE + " and " + QUEUE_ENDPOINT_VARIABLE
                    + " (or " + CONNECTION_STRING_VARIABLE + "); only one of them is set");
        }
        String blob = env.get(BLOB_ENDPOINT_VARIABLE);
        return hasTable ? Azurite.at(table, queue, blob == null || blob.isBlank() ? null : blob) : null;
    }

    /** Azurite's entry script in the {@code node_modules} of {@code start} or the nearest directory above. */
    static Path installedScript(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(AzuriteProcess.SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("Azurite is not installed (no " + AzuriteProcess.SCRIPT + " in " + start
                + " or above) and no running one is configured. Run `npm ci` at the repository root to install"
                + " it, or set " + CONNECTION_STRING_VARIABLE + " (or " + TABLE_ENDPOINT_VARIABLE + " and "
                + QUEUE_ENDPOINT_VARIABLE + ") to a running Azurite.");
    }
}
